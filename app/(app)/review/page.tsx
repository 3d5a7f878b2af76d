import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { countAwaitingCategory, listAwaitingCategory } from "@/lib/categories/review";
import { listDocuments } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { localizedError } from "@/lib/i18n/translate";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { CheckIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { can } from "@/lib/auth/permissions";
import { titled } from "../page-helpers";
import { requireCaller } from "../caller";
import { CategoryList } from "./category-list";
import { ChecksList } from "./checks-list";
import { EmailReviewList } from "./email-list";
import { countWaitingEmails, listHandledEmails, listReviewEmails } from "@/lib/triage/review";

export const dynamic = "force-dynamic";

export const generateMetadata = titled("review");

const PAGE_SIZE = 50;
// Emails already dealt with, shown under the waiting ones for their acknowledgements.
const HANDLED_SHOWN = 20;

type Tab = "checks" | "category" | "emails";

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const tab: Tab = raw.tab === "category" || raw.tab === "emails" ? raw.tab : "checks";
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const offset = typeof raw.offset === "string" && /^\d{1,7}$/.test(raw.offset) ? Number(raw.offset) : 0;
  const here = new URLSearchParams(Object.entries({ tab: tab === "checks" ? "" : tab, cursor: cursor ?? "", offset: offset ? String(offset) : "" }).filter(([, v]) => v));
  const caller = await requireCaller(here.size ? `/review?${here}` : "/review");
  const { db } = services();
  const t = await getTranslations("review");

  let problem: string | null = null;
  let checks: Awaited<ReturnType<typeof listDocuments>> = { items: [], next_cursor: null };
  try {
    checks = await listDocuments(db, caller.companyId, { needs_review: true, limit: PAGE_SIZE, cursor: tab === "checks" ? cursor : undefined });
  } catch (err) {
    if (!(err instanceof AppError && err.expose)) throw err;
    problem = localizedError(err.code, err.message, await getLocale());
  }
  // The other tab shows only a count: the classifier's guesses are worked out for the list shown.
  const awaiting = tab === "category" ? await listAwaitingCategory(db, caller.companyId, { offset, limit: PAGE_SIZE }) : null;
  const awaitingCount = awaiting ? awaiting.total : await countAwaitingCategory(db, caller.companyId);
  const waitingEmails = tab === "emails" ? await listReviewEmails(db, caller.companyId, { status: "waiting", limit: PAGE_SIZE }) : null;
  const handledEmails = tab === "emails" ? await listHandledEmails(db, caller.companyId, HANDLED_SHOWN) : [];
  const waitingEmailsCount = await countWaitingEmails(db, caller.companyId);
  const checksCount = checks.next_cursor ? t("countMore", { count: checks.items.length }) : String(checks.items.length);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />

      <nav aria-label={t("tabsLabel")} className="mb-5 flex gap-1 border-b border-slate-200">
        <TabLink href="/review" current={tab === "checks"} label={t("checksTab")} count={cursor && tab === "checks" ? null : checksCount} />
        <TabLink href="/review?tab=category" current={tab === "category"} label={t("categoryTab")} count={String(awaitingCount)} />
        <TabLink href="/review?tab=emails" current={tab === "emails"} label={t("emailsTab")} count={String(waitingEmailsCount)} />
      </nav>

      {problem && (
        <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          {problem}
        </div>
      )}

      {tab === "checks" ? (
        checks.items.length === 0 ? (
          !problem && <AllDone title={cursor ? t("checks.noMore") : t("checks.none")} description={t("checks.noneDescription")} firstPage={cursor ? "/review" : null} />
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-600">
              {cursor ? t("checks.onThisPage", { count: checks.items.length }) : checks.next_cursor ? t("checks.waitingMore", { count: checks.items.length }) : t("checks.waiting", { count: checks.items.length })}{" "}
              {t("checks.howTo")}
            </p>
            <ChecksList items={checks.items} />
            <Pager first={cursor ? "/review" : null} next={checks.next_cursor ? `/review?cursor=${encodeURIComponent(checks.next_cursor)}` : null} />
          </>
        )
      ) : tab === "emails" ? (
        waitingEmails && <EmailsTab items={waitingEmails} total={waitingEmailsCount} handled={handledEmails} />
      ) : (
        awaiting && <CategoryTab awaiting={awaiting} offset={offset} canCreate={can(caller.role, "categories.manage")} />
      )}
    </>
  );
}

async function CategoryTab({ awaiting, offset, canCreate }: { awaiting: Awaited<ReturnType<typeof listAwaitingCategory>>; offset: number; canCreate: boolean }) {
  const t = await getTranslations("review.category");
  if (awaiting.categories.length === 0)
    return (
      <EmptyState
        icon={<CheckIcon />}
        title={t("noCategories")}
        description={canCreate ? t("noCategoriesAdmin") : t("noCategoriesMember")}
        action={canCreate ? <ButtonLink href="/settings/categories">{t("create")}</ButtonLink> : undefined}
      />
    );
  if (awaiting.items.length === 0) return <AllDone title={offset ? t("noMore") : t("allPlaced")} description={t("allPlacedDescription")} firstPage={offset ? "/review?tab=category" : null} />;
  return (
    <>
      <p className="mb-3 text-sm text-slate-600">
        {t("waiting", { count: awaiting.total })} {awaiting.can_decide ? t("undecided") : t("learning")}{" "}
        <Link href="/settings/categories" className="text-indigo-600 hover:underline">
          {t("rulesLink")}
        </Link>
      </p>
      <CategoryList items={awaiting.items} categories={awaiting.categories} />
      <Pager
        first={offset ? "/review?tab=category" : null}
        next={awaiting.has_more ? `/review?tab=category&offset=${offset + PAGE_SIZE}` : null}
        summary={t("range", { from: awaiting.offset + 1, to: awaiting.offset + awaiting.items.length, total: awaiting.total })}
      />
    </>
  );
}

async function EmailsTab({ items, total, handled }: { items: Awaited<ReturnType<typeof listReviewEmails>>; total: number; handled: Awaited<ReturnType<typeof listHandledEmails>> }) {
  const t = await getTranslations("review.emails");
  const recent = handled.length > 0 && (
    <section aria-labelledby="handled-emails" className="mt-8">
      <h2 id="handled-emails" className="mb-1 text-sm font-semibold text-slate-900">
        {t("handledTitle")}
      </h2>
      <p className="mb-3 text-xs text-slate-500">{t("handledDescription")}</p>
      <EmailReviewList items={handled} handled />
    </section>
  );
  if (items.length === 0)
    return (
      <>
        <AllDone title={t("none")} description={t("noneDescription")} firstPage={null} />
        {recent}
      </>
    );
  return (
    <>
      <p className="mb-3 text-sm text-slate-600">
        {total > items.length ? t("waitingShown", { count: total, shown: items.length }) : t("waiting", { count: total })}{" "}
        <Link href="/settings/triage" className="text-indigo-600 hover:underline">
          {t("rulesLink")}
        </Link>
      </p>
      <EmailReviewList items={items} />
      {recent}
    </>
  );
}

/** A list with nothing (more) in it: back to its first page, or on to every document. */
async function AllDone({ title, description, firstPage }: { title: string; description: string; firstPage: string | null }) {
  const t = await getTranslations("review");
  return (
    <EmptyState
      icon={<CheckIcon />}
      title={title}
      description={description}
      action={<ButtonLink href={firstPage ?? "/documents"} variant="secondary">{firstPage ? t("firstPage") : t("allDocuments")}</ButtonLink>}
    />
  );
}

function TabLink({ href, current, label, count }: { href: string; current: boolean; label: string; count: string | null }) {
  return (
    <Link
      href={href}
      aria-current={current ? "page" : undefined}
      className={`-mb-px inline-flex items-center gap-2 border-b-2 px-3 py-2 text-sm font-medium ${current ? "border-indigo-600 text-indigo-700" : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"}`}
    >
      {label}
      {count !== null && <span className={`rounded-full px-2 py-0.5 text-xs tabular-nums ${current ? "bg-indigo-100 text-indigo-700" : "bg-slate-100 text-slate-600"}`}>{count}</span>}
    </Link>
  );
}
