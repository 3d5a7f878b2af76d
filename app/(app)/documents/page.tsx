import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { listAccounts } from "@/lib/accounts/service";
import { listCategories } from "@/lib/categories/service";
import { listDocuments } from "@/lib/documents/queries";
import { listDocumentsQuery } from "@/lib/documents/schemas";
import { AppError } from "@/lib/errors";
import { localizedError, localizedIssue } from "@/lib/i18n/translate";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { DocumentIcon, SearchIcon } from "@/components/icons";
import { LiveDocuments } from "@/components/live-documents";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../caller";
import { DocumentFilters, FILTER_KEYS, filterLabel, listQuery, type Filters } from "./filters";
import { DocumentsTable } from "./documents-table";

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
  const qs = (extra: Record<string, string>) => listQuery(filters, extra);
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
            <DocumentsTable items={page.items} accountEmail={accountEmail} filters={filters} />
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
