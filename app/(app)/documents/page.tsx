import Link from "next/link";
import { listAccounts } from "@/lib/accounts/service";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass, ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { documentTypeLabel, fieldValue, ReviewMarker, type DocumentFields } from "@/components/extraction";
import { DocumentIcon, SearchIcon } from "@/components/icons";
import { fileKind, formatBytes, formatMoney } from "@/components/format";
import { LiveDocuments, LiveStatusCell } from "@/components/live-documents";
import { inputClass } from "@/components/form-fields";
import { PageHeader } from "@/components/page-header";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { requireCaller } from "../caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Documents · Mailroom" };

const PAGE_SIZE = 50;
const FILTER_KEYS = ["account_id", "status", "from", "to", "q", "needs_review"] as const;
type Filters = Partial<Record<(typeof FILTER_KEYS)[number], string>>;

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const here = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const caller = await requireCaller(here.size ? `/documents?${here}` : "/documents");
  const filters: Filters = {};
  for (const k of FILTER_KEYS) {
    const v = Array.isArray(raw[k]) ? raw[k][0] : raw[k];
    if (v?.trim()) filters[k] = v.trim();
  }
  const cursor = typeof raw.cursor === "string" ? raw.cursor : undefined;
  const { db } = services();
  const accounts = await listAccounts(db, caller.companyId);

  // A date-only "to" means the whole of that day.
  const parsed = listDocumentsQuery.safeParse({ ...filters, to: filters.to && /^\d{4}-\d{2}-\d{2}$/.test(filters.to) ? `${filters.to}T23:59:59.999Z` : filters.to, cursor, limit: PAGE_SIZE });
  let problem: string | null = parsed.success ? null : `These filters are not valid: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`;
  let page: Awaited<ReturnType<typeof listDocuments>> = { items: [], next_cursor: null };
  if (parsed.success) {
    try {
      page = await listDocuments(db, caller.companyId, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError && err.expose)) throw err;
      problem = err.message;
    }
  }
  const filtered = Object.keys(filters).length > 0;
  const accountEmail = new Map(accounts.map((a) => [a.id, a.email]));
  const qs = (extra: Record<string, string>) => `?${new URLSearchParams({ ...filters, ...extra })}`;
  const allForReview = new URLSearchParams(Object.entries(filters).filter(([k]) => k !== "needs_review")).toString();
  const unfinished = page.items.filter((d) => d.status === "pending" || d.status === "processing");

  return (
    <>
      <PageHeader title="Documents" description="Every attachment Mailroom has stored, newest first." />

      <form method="get" className="mb-6 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm sm:grid-cols-2 lg:grid-cols-[2fr_1.5fr_1fr_1fr_1fr_auto]" role="search" aria-label="Filter documents">
        <div>
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q} placeholder="File name, subject or sender" className={`${inputClass} mt-1`} dir="auto" />
        </div>
        <div>
          <label htmlFor="account_id" className="block text-xs font-medium text-slate-600">
            Mailbox
          </label>
          <select id="account_id" name="account_id" defaultValue={filters.account_id ?? ""} className={`${inputClass} mt-1`}>
            <option value="">All mailboxes</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.email}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="status" className="block text-xs font-medium text-slate-600">
            Status
          </label>
          <select id="status" name="status" defaultValue={filters.status ?? ""} className={`${inputClass} mt-1`}>
            <option value="">Any status</option>
            <option value="pending">Pending</option>
            <option value="processing">Processing</option>
            <option value="completed">Completed</option>
            <option value="error">Error</option>
          </select>
        </div>
        <div>
          <label htmlFor="from" className="block text-xs font-medium text-slate-600">
            Stored from
          </label>
          <input id="from" name="from" type="date" defaultValue={filters.from} className={`${inputClass} mt-1`} />
        </div>
        <div>
          <label htmlFor="to" className="block text-xs font-medium text-slate-600">
            Stored until
          </label>
          <input id="to" name="to" type="date" defaultValue={filters.to} className={`${inputClass} mt-1`} />
        </div>
        <div className="flex items-end gap-2">
          {filters.needs_review && <input type="hidden" name="needs_review" value={filters.needs_review} />}
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          {filtered && (
            <Link href="/documents" className={buttonClass("ghost")}>
              Clear
            </Link>
          )}
        </div>
      </form>

      {filters.needs_review === "true" && (
        <p className="-mt-3 mb-4 text-sm text-slate-600">
          Only documents that need review.{" "}
          <Link href={allForReview ? `/documents?${allForReview}` : "/documents"} className="text-indigo-600 hover:underline">
            Show all
          </Link>
        </p>
      )}

      {problem && (
        <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          {problem}
        </div>
      )}

      {page.items.length === 0 && !problem ? (
        filtered || cursor ? (
          <EmptyState icon={<SearchIcon />} title="No documents match" description="Try another mailbox, status or date range." action={<ButtonLink href="/documents" variant="secondary">Clear the filters</ButtonLink>} />
        ) : (
          <EmptyState
            icon={<DocumentIcon />}
            title="No documents yet: add a mailbox and fetch"
            description="Each PDF or image attached to the mail Mailroom fetches becomes a document here."
            action={accounts.length ? <ButtonLink href="/accounts">Go to your mailboxes</ButtonLink> : <ButtonLink href="/accounts/new">Add a mailbox</ButtonLink>}
          />
        )
      ) : page.items.length > 0 ? (
        <>
          <LiveDocuments rows={unfinished.map((d) => ({ id: d.id, status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }))}>
            <Table label="Documents">
              <thead>
                <tr>
                  <Th>Document</Th>
                  <Th>Type</Th>
                  <Th>Vendor</Th>
                  <Th className="text-right">Total</Th>
                  <Th>Status</Th>
                  <Th>From</Th>
                  <Th>Received</Th>
                </tr>
              </thead>
              <Tbody>
                {page.items.map((d) => {
                  const fields = d.fields as DocumentFields;
                  const vendor = fieldValue(fields, "vendor");
                  const total = fieldValue(fields, "total");
                  const currency = fieldValue(fields, "currency");
                  const type = fieldValue(fields, "document_type");
                  const done = d.status === "completed" || d.status === "error";
                  return (
                    <tr key={d.id} className="hover:bg-slate-50/60">
                      <Td className="max-w-[14rem]">
                        <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate font-medium text-slate-900 hover:text-indigo-600 text-left" dir="auto" title={d.filename}>
                          {d.filename}
                        </Link>
                        <p className="text-xs text-slate-500">
                          {fileKind(d.content_type)} · {formatBytes(d.size)}
                        </p>
                      </Td>
                      <Td className="whitespace-nowrap">{type ? documentTypeLabel(type) : <Missing done={done} />}</Td>
                      <Td className="max-w-[12rem]">
                        {vendor ? (
                          <p className="truncate text-left text-slate-900" dir="auto" title={String(vendor)}>
                            {vendor}
                          </p>
                        ) : (
                          <Missing done={done} />
                        )}
                      </Td>
                      <Td className="text-right whitespace-nowrap tabular-nums">
                        {total !== null ? <span className="font-medium text-slate-900">{formatMoney(total, typeof currency === "string" ? currency : null)}</span> : <Missing done={done} />}
                      </Td>
                      <Td className="w-36">
                        <LiveStatusCell id={d.id} initial={{ status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }} label={d.filename} />
                        {d.needs_review && (
                          <div className="mt-1">
                            <ReviewMarker reasons={d.review_reasons} />
                          </div>
                        )}
                      </Td>
                      <Td className="max-w-[14rem]">
                        <p className="truncate text-left" dir="auto" title={d.email?.from ?? undefined}>
                          {d.email?.from ?? <span className="text-slate-400">unknown sender</span>}
                        </p>
                        <p className="truncate text-xs text-slate-500 text-left" dir="auto" title={d.email?.subject ?? undefined}>
                          {d.email?.subject || <span className="text-slate-400">(no subject)</span>}
                        </p>
                      </Td>
                      <Td className="whitespace-nowrap">
                        <DateTime value={d.email?.date ?? d.created_at} />
                        {d.account_id && accountEmail.has(d.account_id) && <p className="max-w-[12rem] truncate text-xs text-slate-500">{accountEmail.get(d.account_id)}</p>}
                      </Td>
                    </tr>
                  );
                })}
              </Tbody>
            </Table>
          </LiveDocuments>
          <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
            <span className="text-slate-500">
              {page.items.length} shown{cursor ? " (later page)" : ""}
            </span>
            <div className="flex gap-2">
              {cursor && (
                <ButtonLink href={`/documents${qs({})}`} variant="secondary" size="sm">
                  ← Newest
                </ButtonLink>
              )}
              {page.next_cursor && (
                <ButtonLink href={`/documents${qs({ cursor: page.next_cursor })}`} variant="secondary" size="sm">
                  Next page →
                </ButtonLink>
              )}
            </div>
          </nav>
        </>
      ) : null}
    </>
  );
}

/** An empty cell: a dash once processing is over, a faint ellipsis while it may still be found. */
function Missing({ done }: { done: boolean }) {
  return <span className="text-slate-300" title={done ? "Not found" : "Not extracted yet"}>{done ? "—" : "…"}</span>;
}
