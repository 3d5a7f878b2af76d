import Link from "next/link";
import { listAccounts } from "@/lib/accounts/service";
import { listCategories } from "@/lib/categories/service";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass, ButtonLink } from "@/components/button";
import { CategoryBadge } from "@/components/category-badge";
import { EmptyState } from "@/components/empty-state";
import { documentTypeLabel, fieldValue, ReviewMarker, type DocumentFields } from "@/components/extraction";
import { DocumentIcon, SearchIcon } from "@/components/icons";
import { fileKind, formatBytes, formatMoney } from "@/components/format";
import { LiveDocuments, LiveStatusCell } from "@/components/live-documents";
import { inputClass } from "@/components/form-fields";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { CardCell, CardHead, CardRow, Table, Tbody, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { DocumentThumb } from "@/components/document-thumb";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Documents · Mailroom" };

const PAGE_SIZE = 50;
const FILTER_KEYS = ["q", "account_id", "category_id", "status", "from", "to", "min_total", "max_total", "sort", "needs_review"] as const;
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
  const [accounts, categories] = await Promise.all([listAccounts(db, caller.companyId), listCategories(db, caller.companyId)]);

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
  const filtered = Object.keys(filters).some((k) => k !== "sort");
  const accountEmail = new Map(accounts.map((a) => [a.id, a.email]));
  const qs = (extra: Record<string, string>) => `?${new URLSearchParams({ ...filters, ...extra })}`;
  const allForReview = new URLSearchParams(Object.entries(filters).filter(([k]) => k !== "needs_review")).toString();
  const unfinished = page.items.filter((d) => d.status === "pending" || d.status === "processing");

  return (
    <>
      <PageHeader title="Documents" description="Every attachment Mailroom has stored, newest first." />

      <form method="get" className="mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-6" role="search" aria-label="Filter documents">
        <div className="col-span-2 lg:col-span-3">
          <label htmlFor="q" className="block text-xs font-medium text-slate-600">
            Search
          </label>
          <input id="q" name="q" type="search" defaultValue={filters.q} placeholder="Words in the text, vendor, subject, sender or file name" className={`${inputClass} mt-1`} dir="auto" />
        </div>
        <FilterSelect id="account_id" label="Mailbox" value={filters.account_id} options={[["", "All mailboxes"], ...accounts.map((a) => [a.id, a.email] as const)]} />
        <FilterSelect id="category_id" label="Category" value={filters.category_id} options={[["", "Any category"], ["none", "No category"], ...categories.map((c) => [c.id, c.name] as const)]} />
        <FilterSelect
          id="status"
          label="Status"
          value={filters.status}
          options={[
            ["", "Any status"],
            ["pending", "Pending"],
            ["processing", "Processing"],
            ["completed", "Completed"],
            ["error", "Error"],
          ]}
        />
        <FilterInput id="from" label="Stored from" type="date" value={filters.from} />
        <FilterInput id="to" label="Stored until" type="date" value={filters.to} />
        <FilterInput id="min_total" label="Total at least" type="number" value={filters.min_total} />
        <FilterInput id="max_total" label="Total at most" type="number" value={filters.max_total} />
        <FilterSelect id="sort" label="Sort by" value={filters.sort} options={SORT_OPTIONS} />
        <div className="flex items-end gap-2">
          {filters.needs_review && <input type="hidden" name="needs_review" value={filters.needs_review} />}
          <button type="submit" className={buttonClass("primary")}>
            Filter
          </button>
          {(filtered || filters.sort) && (
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
          <EmptyState icon={<SearchIcon />} title="No documents match" description="Try other words, or a wider date or amount range." action={<ButtonLink href="/documents" variant="secondary">Clear the filters</ButtonLink>} />
        ) : (
          <EmptyState
            icon={<DocumentIcon />}
            title="No documents yet: add a mailbox and fetch"
            description="Each PDF or image attached to the mail Mailroom fetches becomes a document here."
            action={accounts.length || !can(caller.role, "accounts.manage") ? <ButtonLink href="/accounts">Go to your mailboxes</ButtonLink> : <ButtonLink href="/accounts/new">Add a mailbox</ButtonLink>}
          />
        )
      ) : page.items.length > 0 ? (
        <>
          <LiveDocuments rows={unfinished.map((d) => ({ id: d.id, status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }))}>
            <Table label="Documents" cards>
              <CardHead>
                <Th>Document</Th>
                <Th className="hidden 2xl:table-cell">Type</Th>
                <Th className="hidden 2xl:table-cell">Vendor</Th>
                <Th>Category</Th>
                <Th className="text-end">Total</Th>
                <Th>Status</Th>
                <Th>From</Th>
                <Th>Received</Th>
              </CardHead>
              <Tbody cards>
                {page.items.map((d) => {
                  const fields = d.fields as DocumentFields;
                  const vendor = fieldValue(fields, "vendor");
                  const total = fieldValue(fields, "total");
                  const currency = fieldValue(fields, "currency");
                  const type = fieldValue(fields, "document_type");
                  const done = d.status === "completed" || d.status === "error";
                  return (
                    <CardRow key={d.id} className="sm:hover:bg-slate-50/60">
                      <CardCell card="col-start-1 row-start-1" className="sm:max-w-[14rem]">
                        <DocumentThumb id={d.id} contentType={d.content_type} status={d.status} />
                        <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600" title={d.filename}>
                          <bdi>{d.filename}</bdi>
                        </Link>
                        <p className="text-xs text-slate-500">
                          {fileKind(d.content_type)} · {formatBytes(d.size)}
                        </p>
                        {/* Below 2xl the type and vendor columns fold into this line, so the table fits a laptop. */}
                        {(type || vendor) && (
                          <p className="mt-0.5 truncate text-xs text-slate-700 2xl:hidden">
                            {[type ? documentTypeLabel(type) : null, vendor ? String(vendor) : null].filter(Boolean).map((part, i) => (
                              <span key={i}>
                                {i > 0 && " · "}
                                <bdi>{part}</bdi>
                              </span>
                            ))}
                          </p>
                        )}
                      </CardCell>
                      <CardCell wideOnly className="whitespace-nowrap">
                        {type ? documentTypeLabel(type) : <Missing done={done} />}
                      </CardCell>
                      <CardCell wideOnly className="max-w-[12rem]">
                        {vendor ? (
                          <p className="truncate text-start text-slate-900" title={String(vendor)}>
                            <bdi>{vendor}</bdi>
                          </p>
                        ) : (
                          <Missing done={done} />
                        )}
                      </CardCell>
                      <CardCell card="col-start-2 row-start-2 justify-self-end" className="max-w-[10rem]">
                        {d.category ? (
                          <Link href={`/documents${qs({ category_id: d.category.id })}`} prefetch={false} title={`Only ${d.category.name}`} className="block max-w-full">
                            <CategoryBadge category={d.category} />
                          </Link>
                        ) : (
                          <span className="text-slate-300" title={done ? "No category" : "Not categorized yet"}>
                            {done ? <span className="sm:hidden">No category</span> : null}
                            <span className={done ? "hidden sm:inline" : undefined}>{done ? "—" : "…"}</span>
                          </span>
                        )}
                      </CardCell>
                      <CardCell card="col-start-2 row-start-1" className="text-end whitespace-nowrap tabular-nums">
                        {total !== null ? <span className="font-medium text-slate-900">{formatMoney(total, typeof currency === "string" ? currency : null)}</span> : <Missing done={done} />}
                      </CardCell>
                      <CardCell card="col-start-1 row-start-2" className="sm:w-36">
                        <LiveStatusCell id={d.id} initial={{ status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }} label={d.filename} />
                        {d.needs_review && (
                          <div className="mt-1">
                            <ReviewMarker reasons={d.review_reasons} />
                          </div>
                        )}
                      </CardCell>
                      <CardCell className="sm:max-w-[12rem]">
                        <p className="truncate text-start" title={d.email?.from ?? undefined}>
                          {d.email?.from ? <bdi>{d.email.from}</bdi> : <span className="text-slate-400">unknown sender</span>}
                        </p>
                        <p className="truncate text-start text-xs text-slate-500" title={d.email?.subject ?? undefined}>
                          {d.email?.subject ? <bdi>{d.email.subject}</bdi> : <span className="text-slate-400">(no subject)</span>}
                        </p>
                      </CardCell>
                      <CardCell className="text-xs text-slate-500 sm:text-sm sm:whitespace-nowrap sm:text-slate-700">
                        <DateTime value={d.email?.date ?? d.created_at} />
                        {d.account_id && accountEmail.has(d.account_id) && (
                          <p className="inline truncate text-xs text-slate-500 sm:block sm:max-w-[12rem]">
                            <span className="sm:hidden"> · </span>
                            {accountEmail.get(d.account_id)}
                          </p>
                        )}
                      </CardCell>
                    </CardRow>
                  );
                })}
              </Tbody>
            </Table>
          </LiveDocuments>
          <Pager
            summary={`${page.items.length} shown${cursor ? " (later page)" : ""}`}
            first={cursor ? `/documents${qs({})}` : null}
            next={page.next_cursor ? `/documents${qs({ cursor: page.next_cursor })}` : null}
          />
        </>
      ) : null}
    </>
  );
}

const SORT_OPTIONS: [string, string][] = [
  ["", "Newest first"],
  ["oldest", "Oldest first"],
  ["total_desc", "Highest total"],
  ["total_asc", "Lowest total"],
  ["issue_date_desc", "Latest issue date"],
  ["issue_date_asc", "Earliest issue date"],
  ["vendor", "Vendor, A–Z"],
];

function FilterInput({ id, label, type, value }: { id: string; label: string; type: "date" | "number"; value?: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <input id={id} name={id} type={type} defaultValue={value} {...(type === "number" ? { step: "any", inputMode: "decimal" as const } : {})} className={`${inputClass} mt-1`} />
    </div>
  );
}

function FilterSelect({ id, label, value, options }: { id: string; label: string; value?: string; options: readonly (readonly [string, string])[] }) {
  return (
    <div>
      <label htmlFor={id} className="block text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} name={id} defaultValue={value ?? ""} className={`${inputClass} mt-1`}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** An empty cell: a dash once processing is over, a faint ellipsis while it may still be found. */
function Missing({ done }: { done: boolean }) {
  return <span className="text-slate-300" title={done ? "Not found" : "Not extracted yet"}>{done ? "—" : "…"}</span>;
}
