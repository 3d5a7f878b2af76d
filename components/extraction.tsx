// What extraction found on a document, as people see it: fields, where each came from, how sure it is.
import { formatDay, formatMoney } from "./format";

export const FIELD_NAMES = ["document_type", "vendor", "number", "issue_date", "due_date", "currency", "subtotal", "tax", "total"] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

/** One field as the API returns it (documentJson's `fields`): null when nothing was found. */
export type FieldEntry = { value: string | number | null; confidence: number | null; source: string; extracted?: unknown } | null;
export type DocumentFields = Partial<Record<string, FieldEntry>>;
export type LineItem = { description: string; quantity: number | null; unit_price: number | null; amount: number | null };
export type Check = { name: string; ok: boolean; message: string };

export const FIELD_LABELS: Record<FieldName, string> = {
  document_type: "Type",
  vendor: "Vendor",
  number: "Number",
  issue_date: "Issued",
  due_date: "Due",
  currency: "Currency",
  subtotal: "Subtotal",
  tax: "Tax / VAT",
  total: "Total",
};

export const AMOUNT_FIELDS: readonly FieldName[] = ["subtotal", "tax", "total"];
export const DATE_FIELDS: readonly FieldName[] = ["issue_date", "due_date"];

export const DOCUMENT_TYPES = [
  { value: "invoice", label: "Invoice" },
  { value: "receipt", label: "Receipt" },
  { value: "other", label: "Other" },
] as const;

export function documentTypeLabel(value: unknown): string {
  return DOCUMENT_TYPES.find((t) => t.value === value)?.label ?? (value ? String(value) : "—");
}

/** A field's value for reading: dates as "12 Mar 2025", amounts with the document's currency. */
export function formatFieldValue(name: string, value: unknown, currency?: string | null): string {
  if (value === null || value === undefined || value === "") return "—";
  if (name === "document_type") return documentTypeLabel(value);
  if ((DATE_FIELDS as readonly string[]).includes(name)) return formatDay(String(value));
  if ((AMOUNT_FIELDS as readonly string[]).includes(name)) return formatMoney(value as number, currency);
  return String(value);
}

/** The effective value of a field, or null. */
export function fieldValue(fields: DocumentFields | null | undefined, name: FieldName): string | number | null {
  return fields?.[name]?.value ?? null;
}

const SOURCE: Record<string, { label: string; className: string; hint: string }> = {
  rules: { label: "Rules", className: "bg-slate-100 text-slate-600 ring-slate-500/20", hint: "Found by Mailroom's built-in rules" },
  gemini: { label: "Gemini", className: "bg-violet-50 text-violet-700 ring-violet-600/20", hint: "Read by Gemini" },
  person: { label: "Corrected", className: "bg-emerald-50 text-emerald-700 ring-emerald-600/20", hint: "Corrected by a person" },
};

/** Where a value came from. For a person's correction the hover text says what the machine had read. */
export function SourceBadge({ source, machine }: { source: string; machine?: string }) {
  const s = SOURCE[source] ?? { label: source, className: "bg-slate-100 text-slate-600 ring-slate-500/20", hint: source };
  const title = source === "person" ? `${s.hint}${machine !== undefined ? `; the machine read: ${machine}` : ""}` : s.hint;
  return (
    <span title={title} className={`inline-flex items-center rounded px-1.5 py-px text-[10px] leading-4 font-medium whitespace-nowrap ring-1 ring-inset ${s.className}`}>
      {s.label}
      <span className="sr-only">: {title}</span>
    </span>
  );
}

/** Confidence as a short bar and a percentage; amber below 80%, red below 50%. */
export function Confidence({ value }: { value: number | null | undefined }) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const pct = Math.round(Math.max(0, Math.min(1, value > 1 ? value / 100 : value)) * 100);
  const color = pct >= 80 ? "bg-emerald-500" : pct >= 50 ? "bg-amber-500" : "bg-red-500";
  return (
    <span className="inline-flex items-center gap-1" title={`Confidence ${pct}%`}>
      <span className="h-1 w-8 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span className={`block h-full rounded-full ${color}`} style={{ width: `${pct}%` }} />
      </span>
      <span className={`text-[11px] tabular-nums ${pct < 50 ? "text-red-600" : pct < 80 ? "text-amber-700" : "text-slate-500"}`}>
        {pct}%<span className="sr-only"> confidence</span>
      </span>
    </span>
  );
}

/** The amber "needs review" flag for lists; the reasons on hover. */
export function ReviewMarker({ reasons }: { reasons?: string[] }) {
  const title = reasons?.length ? reasons.join("\n") : "Flagged for review";
  return (
    <span title={title} className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-600/30 ring-inset">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="size-3" aria-hidden>
        <path d="M12 9v4M12 17h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z" />
      </svg>
      Needs review
    </span>
  );
}

/** The reasons a document is flagged: the pipeline's reasons plus any failing check not already among them. */
export function reviewList(reasons: string[] | null | undefined, checks: Check[] | null | undefined): string[] {
  const out = [...(reasons ?? [])];
  for (const c of checks ?? []) if (!c.ok && !out.includes(c.message)) out.push(c.message);
  return out;
}

const ADVICE_BY_REASON: Record<string, string> = {
  encrypted: "The PDF is password-protected: ask the sender for an unprotected copy (or remove the password and forward it to the mailbox), then Reprocess.",
  too_many_pages: "The document has more pages than the page limit: split it into smaller files and send those, or raise OCR_MAX_PAGES in the worker's settings, then Reprocess.",
  too_many_pixels: "The image is larger than the pixel limit: send a smaller scan or photo, or raise OCR_MAX_MEGAPIXELS in the worker's settings, then Reprocess.",
  too_large: "The file is larger than the size limit: send a smaller copy, or raise MAX_DOCUMENT_MB in the worker's settings, then Reprocess.",
  corrupt: "The file is damaged or incomplete: ask the sender for a fresh copy. If the original opens fine (use Open above), Reprocess.",
  unsupported: "Mailroom cannot read this kind of file: convert it to PDF, PNG or JPG and send it again.",
  timeout: "Reading took longer than the time limit (OCR_TIMEOUT_SECONDS). Reprocess to try again; if it keeps failing, send a smaller or clearer copy.",
};

/** What a person can do about a failed document: by its reason code, else guessed from the message. */
export function errorAdvice(message: string | null | undefined, reason?: string | null): string {
  if (reason && ADVICE_BY_REASON[reason]) return ADVICE_BY_REASON[reason];
  const m = (message ?? "").toLowerCase();
  if (/password|encrypt/.test(m)) return ADVICE_BY_REASON.encrypted;
  if (/too many pages|pages? \(|page limit|\bpages\b.*limit|limit.*\bpages\b/.test(m)) return ADVICE_BY_REASON.too_many_pages;
  if (/pixel|megapixel|\bmp\b|too big|dimensions/.test(m)) return ADVICE_BY_REASON.too_many_pixels;
  if (/too large|size limit|bytes|\bmb\b.*limit/.test(m)) return ADVICE_BY_REASON.too_large;
  if (/corrupt|truncat|damaged|cut off|invalid|malformed|no frame/.test(m)) return ADVICE_BY_REASON.corrupt;
  if (/unsupported|not supported/.test(m)) return ADVICE_BY_REASON.unsupported;
  if (/time|timed out/.test(m)) return ADVICE_BY_REASON.timeout;
  if (/after retries|network|econn|unavailable|temporar/.test(m)) return "This looks like a temporary failure: Reprocess to try again. If it keeps failing, check that the worker is running and can reach its services.";
  return "Reprocess to try again. If it fails the same way, ask the sender for another copy of the file.";
}
