import Link from "next/link";
import { useTranslations } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import { listAccounts } from "@/lib/accounts/service";
import { listCategories } from "@/lib/categories/service";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import { localizedError, localizedIssue } from "@/lib/i18n/translate";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { CategoryBadge } from "@/components/category-badge";
import { EmptyState } from "@/components/empty-state";
import { fieldCurrency, fieldValue, ReviewMarker, typeLabel } from "@/components/extraction";
import { DocumentIcon, SearchIcon } from "@/components/icons";
import { fileKind, formatters } from "@/components/format";
import { LiveDocuments, LiveStatusCell } from "@/components/live-documents";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { CardCell, CardHead, CardRow, Table, Tbody, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { DocumentThumb } from "@/components/document-thumb";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../caller";
import { DocumentFilters, FILTER_KEYS, filterLabel, type Filters } from "./filters";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("documents");
  return { title: t("title") };
}

const PAGE_SIZE = 50;

export default async function DocumentsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const here = new URLSearchParams(Object.entries(raw).flatMap(([k, v]) => (typeof v === "string" ? [[k, v]] : [])));
  const caller = await requireCaller(here.size ? `/documents?${here}` : "/documents");
  const locale = await getLocale();
  const [t, tList] = [await getTranslations("documents"), await getTranslations("documents.list")];
  const format = formatters(locale);
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
  let problem = parsed.success ? null : tList("badFilters", { problems: parsed.error.issues.map((i) => `${filterLabel(tList, String(i.path[0]))}: ${localizedIssue(i, locale)}`).join("; ") });
  let page: Awaited<ReturnType<typeof listDocuments>> = { items: [], next_cursor: null };
  if (parsed.success) {
    try {
      page = await listDocuments(db, caller.companyId, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError && err.expose)) throw err;
      problem = localizedError(err.code, err.message, locale);
    }
  }
  const filtered = Object.keys(filters).some((k) => k !== "sort");
  const accountEmail = new Map(accounts.map((a) => [a.id, a.email]));
  const qs = (extra: Record<string, string>) => `?${new URLSearchParams({ ...filters, ...extra })}`;
  const allForReview = new URLSearchParams(Object.entries(filters).filter(([k]) => k !== "needs_review")).toString();
  const unfinished = page.items.filter((d) => d.status === "pending" || d.status === "processing");

  return (
    <>
      <PageHeader title={t("title")} description={tList("description")} />

      <DocumentFilters filters={filters} accounts={accounts.map((a) => ({ value: a.id, label: a.email }))} categories={categories.map((c) => ({ value: c.id, label: c.name }))} />

      {filters.needs_review === "true" && (
        <p className="-mt-3 mb-4 text-sm text-slate-600">
          {tList("onlyReview")}{" "}
          <Link href={allForReview ? `/documents?${allForReview}` : "/documents"} className="text-indigo-600 hover:underline">
            {tList("showAll")}
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
          <EmptyState icon={<SearchIcon />} title={tList("noMatchTitle")} description={tList("noMatchDescription")} action={<ButtonLink href="/documents" variant="secondary">{tList("clearFilters")}</ButtonLink>} />
        ) : (
          <EmptyState
            icon={<DocumentIcon />}
            title={tList("emptyTitle")}
            description={tList("emptyDescription")}
            action={accounts.length || !can(caller.role, "accounts.manage") ? <ButtonLink href="/accounts">{tList("goToMailboxes")}</ButtonLink> : <ButtonLink href="/accounts/new">{tList("addMailbox")}</ButtonLink>}
          />
        )
      ) : page.items.length > 0 ? (
        <>
          <LiveDocuments rows={unfinished.map((d) => ({ id: d.id, status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }))}>
            <Table label={t("title")} cards>
              <CardHead>
                <Th>{tList("columns.document")}</Th>
                <Th className="hidden 2xl:table-cell">{tList("columns.type")}</Th>
                <Th className="hidden 2xl:table-cell">{tList("columns.vendor")}</Th>
                <Th>{tList("columns.category")}</Th>
                <Th className="text-end">{tList("columns.total")}</Th>
                <Th>{tList("columns.status")}</Th>
                <Th>{tList("columns.from")}</Th>
                <Th>{tList("columns.received")}</Th>
              </CardHead>
              <Tbody cards>
                {page.items.map((d) => {
                  const vendor = fieldValue(d.fields, "vendor");
                  const total = fieldValue(d.fields, "total");
                  const type = fieldValue(d.fields, "document_type");
                  const done = d.status === "completed" || d.status === "error";
                  return (
                    <CardRow key={d.id} className="sm:hover:bg-slate-50/60">
                      <CardCell card="col-start-1 row-start-1" className="sm:max-w-[14rem]">
                        <DocumentThumb id={d.id} contentType={d.content_type} status={d.status} />
                        <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600" title={d.filename} dir="auto">
                          <bdi>{d.filename}</bdi>
                        </Link>
                        <p className="text-xs text-slate-500">
                          <bdi>{fileKind(d.content_type)}</bdi> · <bdi>{format.bytes(d.size)}</bdi>
                        </p>
                        {/* Below 2xl the type and vendor columns fold into this line, so the table fits a laptop. */}
                        {(type || vendor) && (
                          <p className="mt-0.5 truncate text-xs text-slate-700 2xl:hidden">
                            {[type ? typeLabel(t, type) : null, vendor ? String(vendor) : null].filter(Boolean).map((part, i) => (
                              <span key={i}>
                                {i > 0 && " · "}
                                <bdi>{part}</bdi>
                              </span>
                            ))}
                          </p>
                        )}
                      </CardCell>
                      <CardCell wideOnly className="whitespace-nowrap">
                        {type ? typeLabel(t, type) : <Missing done={done} />}
                      </CardCell>
                      <CardCell wideOnly className="max-w-[12rem]">
                        {vendor ? (
                          <p className="truncate text-start text-slate-900" title={String(vendor)} dir="auto">
                            <bdi>{vendor}</bdi>
                          </p>
                        ) : (
                          <Missing done={done} />
                        )}
                      </CardCell>
                      <CardCell card="col-start-2 row-start-2 justify-self-end" className="max-w-[10rem]">
                        {d.category ? (
                          <Link href={`/documents${qs({ category_id: d.category.id })}`} prefetch={false} title={tList("onlyCategory")} className="block max-w-full">
                            <CategoryBadge category={d.category} />
                          </Link>
                        ) : (
                          <span className="text-slate-300" title={done ? tList("noCategory") : tList("notCategorized")}>
                            {done ? <span className="sm:hidden">{tList("noCategory")}</span> : null}
                            <span className={done ? "hidden sm:inline" : undefined}>{done ? "—" : "…"}</span>
                          </span>
                        )}
                      </CardCell>
                      <CardCell card="col-start-2 row-start-1" className="text-end whitespace-nowrap tabular-nums">
                        {total !== null ? <span className="font-medium text-slate-900">{format.money(total, fieldCurrency(d.fields))}</span> : <Missing done={done} />}
                      </CardCell>
                      <CardCell card="col-start-1 row-start-2" className="sm:w-36">
                        <LiveStatusCell id={d.id} initial={{ status: d.status, processing_stage: d.processing_stage, progress_percentage: d.progress_percentage, error_message: d.error_message }} />
                        {d.needs_review && (
                          <div className="mt-1">
                            <ReviewMarker reasons={d.review_reasons} checks={d.checks} />
                          </div>
                        )}
                      </CardCell>
                      <CardCell className="sm:max-w-[12rem]">
                        <p className="truncate text-start" title={d.email?.from ?? undefined} dir={d.email?.from ? "auto" : undefined}>
                          {d.email?.from ? <bdi>{d.email.from}</bdi> : <span className="text-slate-400">{tList("unknownSender")}</span>}
                        </p>
                        <p className="truncate text-start text-xs text-slate-500" title={d.email?.subject ?? undefined} dir={d.email?.subject ? "auto" : undefined}>
                          {d.email?.subject ? <bdi>{d.email.subject}</bdi> : <span className="text-slate-400">{tList("noSubject")}</span>}
                        </p>
                      </CardCell>
                      <CardCell className="text-xs text-slate-500 sm:text-sm sm:whitespace-nowrap sm:text-slate-700">
                        <DateTime value={d.email?.date ?? d.created_at} />
                        {d.account_id && accountEmail.has(d.account_id) && (
                          <p className="inline truncate text-xs text-slate-500 sm:block sm:max-w-[12rem]">
                            <span className="sm:hidden"> · </span>
                            <bdi>{accountEmail.get(d.account_id)}</bdi>
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
            summary={tList(cursor ? "shownLater" : "shown", { count: page.items.length })}
            first={cursor ? `/documents${qs({})}` : null}
            next={page.next_cursor ? `/documents${qs({ cursor: page.next_cursor })}` : null}
          />
        </>
      ) : null}
    </>
  );
}

/** An empty cell: a dash once processing is over, a faint ellipsis while it may still be found. */
function Missing({ done }: { done: boolean }) {
  const t = useTranslations("documents.list");
  return <span className="text-slate-300" title={done ? t("notFound") : t("notExtracted")}>{done ? "—" : "…"}</span>;
}
