// What extraction found on a document, as people see it: fields, where each came from, how sure it is,
// and why a document needs review, worded in the reader's language.
import { useTranslations } from "next-intl";
import { FIELD_KIND, NO_TOTAL_REASON, type Check, type DocumentFields, type FieldName } from "@/lib/documents/contract";
import { useFormat, type Formatters } from "./format";

/** The `documents` namespace's translator, from `useTranslations` or `getTranslations`. */
export type DocumentsT = ReturnType<typeof useTranslations<"documents">>;

/** The effective value of a field, or null. */
export function fieldValue(fields: DocumentFields | null | undefined, name: FieldName): string | number | null {
  return fields?.[name]?.value ?? null;
}

/** An amount field's value as a number, or null when it is missing or not a number. */
export function fieldAmount(fields: DocumentFields | null | undefined, name: FieldName): number | null {
  const v = fieldValue(fields, name);
  return v === null || v === "" || !Number.isFinite(Number(v)) ? null : Number(v);
}

/** The document's currency code, if one was found. */
export function fieldCurrency(fields: DocumentFields | null | undefined): string | null {
  const v = fieldValue(fields, "currency");
  return typeof v === "string" ? v : null;
}

/** A document type's name ("Invoice"); anything unknown as it is. */
export function typeLabel(t: DocumentsT, value: unknown): string {
  return value === "invoice" || value === "receipt" || value === "other" ? t(`types.${value}`) : value ? String(value) : "—";
}

/** A field's value for reading: dates as "12 Mar 2025", amounts with the document's currency. */
export function fieldText(t: DocumentsT, format: Formatters, name: FieldName, value: unknown, currency?: string | null): string {
  if (value === null || value === undefined || value === "") return "—";
  const kind = FIELD_KIND[name];
  if (kind === "type") return typeLabel(t, value);
  if (kind === "date") return format.day(String(value));
  if (kind === "amount") return format.money(value as number, currency);
  return String(value);
}

const SOURCE_CLASS: Record<string, string> = {
  rules: "bg-slate-100 text-slate-600 ring-slate-500/20",
  gemini: "bg-violet-50 text-violet-700 ring-violet-600/20",
  person: "bg-emerald-50 text-emerald-700 ring-emerald-600/20",
  einvoice: "bg-sky-50 text-sky-700 ring-sky-600/20",
  learned: "bg-amber-50 text-amber-800 ring-amber-600/20",
};
// Message keys cannot hold "-": the e-invoice source is "einvoice" there.
const SOURCE_KEYS: Record<string, "rules" | "gemini" | "person" | "einvoice" | "learned"> = { rules: "rules", gemini: "gemini", person: "person", "e-invoice": "einvoice", learned: "learned" };

/** Where a value came from (what the machine had read under a correction is the page's to show, as data). */
export function SourceBadge({ source }: { source: string }) {
  const t = useTranslations("documents.sources");
  const known = SOURCE_KEYS[source] ?? "other";
  const title = t(`${known}Hint`);
  return (
    <span title={title} className={`inline-flex items-center rounded px-1.5 py-px text-[10px] leading-4 font-medium whitespace-nowrap ring-1 ring-inset ${SOURCE_CLASS[known] ?? SOURCE_CLASS.rules}`}>
      {t(known)}
      <span className="sr-only">: {title}</span>
    </span>
  );
}

/** Confidence as a short bar and a percentage; amber below 80%, red below 50%. */
export function Confidence({ value }: { value: number | null | undefined }) {
  const t = useTranslations("documents");
  if (value === null || value === undefined || !Number.isFinite(value)) return null;
  const pct = Math.round(Math.max(0, Math.min(1, value > 1 ? value / 100 : value)) * 100);
  const color = pct >= 80 ? "bg-emerald-500" : pct >= 50 ? "bg-amber-500" : "bg-red-500";
  return (
    <span className="inline-flex items-center gap-1" title={t("confidence", { percent: pct })}>
      <span className="h-1 w-8 overflow-hidden rounded-full bg-slate-200" aria-hidden>
        <span className={`block h-full rounded-full ${color}`} style={{ width: `${pct}%` }} />
      </span>
      <span className={`text-[11px] tabular-nums ${pct < 50 ? "text-red-600" : pct < 80 ? "text-amber-700" : "text-slate-500"}`}>
        {pct}%<span className="sr-only"> {t("confidenceSr")}</span>
      </span>
    </span>
  );
}

/** The amber "needs review" flag for lists; the reasons on hover. */
export function ReviewMarker({ reasons, checks }: { reasons?: string[]; checks?: Check[] }) {
  const t = useTranslations("documents.review");
  const texts = useReviewReasons()(reasons, checks);
  return (
    <span title={texts.length ? texts.join("\n") : t("flagged")} className="inline-flex items-center gap-1 rounded-full bg-amber-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-600/30 ring-inset">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="size-3" aria-hidden>
        <path d="M12 9v4M12 17h.01M10.3 3.9L1.8 18a2 2 0 001.7 3h17a2 2 0 001.7-3L13.7 3.9a2 2 0 00-3.4 0z" />
      </svg>
      {t("marker")}
    </span>
  );
}

type ReasonKey = "lineItemsSum" | "lineItemsSumPlain" | "subtotalPlusTax" | "subtotalPlusNoTax" | "subtotalPlusTaxPlain" | "noTotal" | "checkFailed";
/** One reason a document needs review, as a message key with its amounts (formatted in the reader's money). */
export type ReviewReason = { key: ReasonKey; amounts: Record<string, number>; against?: string; currency: string | null; original: string };

/** The reasons a document is flagged: the pipeline's reasons plus any failing check not already among them. */
export function reviewList(reasons: string[] | null | undefined, checks: Check[] | null | undefined): ReviewReason[] {
  const failing = (checks ?? []).filter((c) => !c.ok);
  const out = (reasons ?? []).map((r): ReviewReason => {
    const c = failing.find((f) => f.message === r);
    if (c) return checkReason(c);
    return { key: r === NO_TOTAL_REASON ? "noTotal" : "checkFailed", amounts: {}, currency: null, original: r };
  });
  // Advisory checks mark the line items doubtful in their own panel: no reason for review unless stored as one.
  for (const c of failing) if (!c.advisory && !(reasons ?? []).includes(c.message)) out.push(checkReason(c));
  return out;
}

/** A review reason in the reader's language; a reason this version does not know keeps its English in English. */
export function reasonText(t: DocumentsT, format: Formatters, r: ReviewReason): string {
  if (r.key === "checkFailed" && format.locale === "en") return r.original;
  const amounts = Object.fromEntries(Object.entries(r.amounts).map(([k, v]) => [k, format.money(v, r.currency)]));
  return t(`review.reasons.${r.key}`, { ...amounts, against: r.against ?? "total" } as never);
}

/** `(reasons, checks) => texts` for components that can use hooks. */
export function useReviewReasons() {
  const t = useTranslations("documents");
  const format = useFormat();
  return (reasons: string[] | null | undefined, checks: Check[] | null | undefined) => reviewList(reasons, checks).map((r) => reasonText(t, format, r));
}

function checkReason(c: Check): ReviewReason {
  const v = c.values ?? {};
  const num = (k: string) => (typeof v[k] === "number" ? (v[k] as number) : null);
  const currency = typeof v.currency === "string" ? v.currency : null;
  const base = { currency, original: c.message };
  if (c.name === "line_items_sum") {
    const [sum, target] = [num("sum"), num("target")];
    if (sum === null || target === null) return { key: "lineItemsSumPlain", amounts: {}, ...base };
    return { key: "lineItemsSum", amounts: { sum, target, difference: Math.round((sum - target) * 100) / 100 }, against: String(v.against), ...base };
  }
  if (c.name === "subtotal_plus_tax") {
    const [subtotal, tax, expected, total] = [num("subtotal"), num("tax"), num("expected"), num("total")];
    if (subtotal === null || expected === null || total === null) return { key: "subtotalPlusTaxPlain", amounts: {}, ...base };
    return tax === null ? { key: "subtotalPlusNoTax", amounts: { subtotal, expected, total }, ...base } : { key: "subtotalPlusTax", amounts: { subtotal, tax, expected, total }, ...base };
  }
  return { key: "checkFailed", amounts: {}, ...base };
}

export type AdviceKey = "encrypted" | "too_many_pages" | "too_many_pixels" | "too_large" | "corrupt" | "unsupported" | "timeout" | "temporary" | "unknown";
const REASON_CODES: readonly AdviceKey[] = ["encrypted", "too_many_pages", "too_many_pixels", "too_large", "corrupt", "unsupported", "timeout"];

/** What a person can do about a failed document, as a key of `documents.advice`: by its reason code, else guessed from the message. */
export function errorAdvice(message: string | null | undefined, reason?: string | null): AdviceKey {
  if (reason && (REASON_CODES as readonly string[]).includes(reason)) return reason as AdviceKey;
  const m = (message ?? "").toLowerCase();
  if (/password|encrypt/.test(m)) return "encrypted";
  if (/too many pages|pages? \(|page limit|\bpages\b.*limit|limit.*\bpages\b/.test(m)) return "too_many_pages";
  if (/pixel|megapixel|\bmp\b|too big|dimensions/.test(m)) return "too_many_pixels";
  if (/too large|size limit|bytes|\bmb\b.*limit/.test(m)) return "too_large";
  if (/corrupt|truncat|damaged|cut off|invalid|malformed|no frame/.test(m)) return "corrupt";
  if (/unsupported|not supported/.test(m)) return "unsupported";
  if (/time|timed out/.test(m)) return "timeout";
  if (/after retries|network|econn|unavailable|temporar/.test(m)) return "temporary";
  return "unknown";
}
