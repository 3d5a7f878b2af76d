import Link from "next/link";
import { countAwaitingCategory, listAwaitingCategory } from "@/lib/categories/review";
import { listDocuments } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { plural } from "@/components/format";
import { CheckIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../caller";
import { CategoryList } from "./category-list";
import { ChecksList } from "./checks-list";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review · Mailroom" };

const PAGE_SIZE = 50;

type Tab = "checks" | "category";

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const tab: Tab = raw.tab === "category" ? "category" : "checks";
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const offset = typeof raw.offset === "string" && /^\d{1,7}$/.test(raw.offset) ? Number(raw.offset) : 0;
  const here = new URLSearchParams(Object.entries({ tab: tab === "category" ? tab : "", cursor: cursor ?? "", offset: offset ? String(offset) : "" }).filter(([, v]) => v));
  const caller = await requireCaller(here.size ? `/review?${here}` : "/review");
  const { db } = services();

  let problem: string | null = null;
  let checks: Awaited<ReturnType<typeof listDocuments>> = { items: [], next_cursor: null };
  try {
    checks = await listDocuments(db, caller.companyId, { needs_review: true, limit: PAGE_SIZE, cursor: tab === "checks" ? cursor : undefined });
  } catch (err) {
    if (!(err instanceof AppError && err.expose)) throw err;
    problem = err.message;
  }
  // The other tab shows only a count: the classifier's guesses are worked out for the list shown.
  const awaiting = tab === "category" ? await listAwaitingCategory(db, caller.companyId, { offset, limit: PAGE_SIZE }) : null;
  const awaitingCount = awaiting ? awaiting.total : await countAwaitingCategory(db, caller.companyId);
  const checksCount = checks.next_cursor ? `${checks.items.length}+` : String(checks.items.length);

  return (
    <>
      <PageHeader title="Review" description="What Mailroom could not settle on its own: fields that failed a check, and documents waiting for someone to choose their category." />

      <nav aria-label="Review lists" className="mb-5 flex gap-1 border-b border-slate-200">
        <TabLink href="/review" current={tab === "checks"} label="Fields to check" count={cursor && tab === "checks" ? null : checksCount} />
        <TabLink href="/review?tab=category" current={tab === "category"} label="Category to choose" count={String(awaitingCount)} />
      </nav>

      {problem && (
        <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          {problem}
        </div>
      )}

      {tab === "checks" ? (
        checks.items.length === 0 ? (
          !problem && (
            <EmptyState
              icon={<CheckIcon />}
              title={cursor ? "No more documents to review" : "Nothing to review"}
              description="Every document's fields passed their checks or were confirmed by a person."
              action={<ButtonLink href={cursor ? "/review" : "/documents"} variant="secondary">{cursor ? "Back to the first page" : "All documents"}</ButtonLink>}
            />
          )
        ) : (
          <>
            <p className="mb-3 text-sm text-slate-600">
              {cursor ? `${plural(checks.items.length, "document")} on this page` : `${checks.next_cursor ? "More than " : ""}${plural(checks.items.length, "document")} waiting for review`}. Open one, compare it with the original, then correct the fields or mark it reviewed.
            </p>
            <ChecksList items={checks.items} />
            <Pager first={cursor ? "/review" : null} next={checks.next_cursor ? `/review?cursor=${encodeURIComponent(checks.next_cursor)}` : null} />
          </>
        )
      ) : (
        awaiting && <CategoryTab awaiting={awaiting} offset={offset} canCreate={can(caller.role, "categories.manage")} />
      )}
    </>
  );
}

function CategoryTab({ awaiting, offset, canCreate }: { awaiting: Awaited<ReturnType<typeof listAwaitingCategory>>; offset: number; canCreate: boolean }) {
  const { categories } = awaiting;
  return categories.length === 0 ? (
    <EmptyState
      icon={<CheckIcon />}
      title="No categories yet"
      description={`Once ${canCreate ? "you create" : "an admin creates"} categories, documents that no rule places and the classifier is unsure about wait here for you to choose.`}
      action={canCreate ? <ButtonLink href="/settings/categories">Create categories</ButtonLink> : undefined}
    />
  ) : awaiting.items.length === 0 ? (
    <EmptyState
      icon={<CheckIcon />}
      title={offset ? "No more documents here" : "Every document has a category"}
      description="Rules, the classifier or a person placed each completed document."
      action={<ButtonLink href={offset ? "/review?tab=category" : "/documents"} variant="secondary">{offset ? "Back to the first page" : "All documents"}</ButtonLink>}
    />
  ) : (
    <>
      <p className="mb-3 text-sm text-slate-600">
        {plural(awaiting.total, "document")} without a category.{" "}
        {awaiting.can_decide
          ? "No rule matched them and the classifier was not sure enough: pick a suggestion or any category. Each choice teaches the classifier."
          : "Mailroom has no rules and has not learned from enough choices yet: the first few you make here teach the classifier."}{" "}
        <Link href="/settings/categories" className="text-indigo-600 hover:underline">
          Rules and threshold
        </Link>
      </p>
      <CategoryList items={awaiting.items} categories={categories} />
      <Pager
        first={offset ? "/review?tab=category" : null}
        next={awaiting.has_more ? `/review?tab=category&offset=${offset + PAGE_SIZE}` : null}
        summary={`${awaiting.offset + 1}–${awaiting.offset + awaiting.items.length} of ${awaiting.total}`}
      />
    </>
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
