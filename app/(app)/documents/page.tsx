import Link from "next/link";
import { listAccounts } from "@/lib/accounts/service";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass, ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { DocumentIcon, SearchIcon } from "@/components/icons";
import { fileKind, formatBytes } from "@/components/format";
import { inputClass } from "@/components/form-fields";
import { PageHeader } from "@/components/page-header";
import { ProgressBar } from "@/components/progress-bar";
import { DocumentStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { requireCaller } from "../caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Documents · Mailroom" };

const PAGE_SIZE = 50;
const FILTER_KEYS = ["account_id", "status", "from", "to", "q"] as const;
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
          <Table label="Documents">
            <thead>
              <tr>
                <Th>File</Th>
                <Th>Type</Th>
                <Th className="text-right">Size</Th>
                <Th>Status</Th>
                <Th>From</Th>
                <Th>Received</Th>
              </tr>
            </thead>
            <Tbody>
              {page.items.map((d) => (
                <tr key={d.id} className="hover:bg-slate-50/60">
                  <Td className="max-w-xs">
                    <Link href={`/documents/${d.id}`} className="block truncate font-medium text-slate-900 hover:text-indigo-600 text-left" dir="auto" title={d.filename}>
                      {d.filename}
                    </Link>
                  </Td>
                  <Td className="whitespace-nowrap text-xs">{fileKind(d.content_type)}</Td>
                  <Td className="text-right text-xs whitespace-nowrap tabular-nums">{formatBytes(d.size)}</Td>
                  <Td className="w-40">
                    <DocumentStatusBadge status={d.status} />
                    <ProgressBar value={d.progress_percentage} status={d.status} className="mt-2" label={`${d.filename}: ${d.progress_percentage}%`} />
                    <p className="mt-1 text-[11px] text-slate-500">
                      {d.status === "error" ? "failed" : `${d.progress_percentage}% · ${d.processing_stage.replaceAll("_", " ")}`}
                    </p>
                  </Td>
                  <Td className="max-w-sm">
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
              ))}
            </Tbody>
          </Table>
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
