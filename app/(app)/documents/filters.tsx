import Link from "next/link";
import { useTranslations } from "next-intl";
import { DOCUMENT_STATUSES } from "@/lib/documents/contract";
import { DOCUMENT_SORTS } from "@/lib/documents/schemas";
import { buttonClass } from "@/components/button";
import { SelectField, TextField } from "@/components/form-fields";

export const FILTER_KEYS = ["q", "account_id", "category_id", "status", "from", "to", "min_total", "max_total", "sort", "needs_review"] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type Filters = Partial<Record<FilterKey, string>>;
type Option = { value: string; label: string };

/** The documents list's search and filters: a plain GET form, so every filtered list has its own address. */
export function DocumentFilters({ filters, accounts, categories }: { filters: Filters; accounts: Option[]; categories: Option[] }) {
  const t = useTranslations("documents.list");
  const tStatus = useTranslations("documents.statuses");
  const filtered = Object.keys(filters).some((k) => k !== "sort");
  const small = "[&_label]:text-xs [&_label]:text-slate-600";
  const field = (key: FilterKey) => ({ id: key, name: key, label: filterLabel(t, key), defaultValue: filters[key] ?? "", className: small });
  return (
    <form method="get" className="mb-6 grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 shadow-sm lg:grid-cols-6" role="search" aria-label={t("filterLabel")}>
      <TextField {...field("q")} className={`col-span-2 lg:col-span-3 ${small}`} type="search" placeholder={t("searchPlaceholder")} dir="auto" />
      <SelectField {...field("account_id")} options={[{ value: "", label: t("allMailboxes") }, ...accounts]} />
      <SelectField {...field("category_id")} options={[{ value: "", label: t("anyCategory") }, { value: "none", label: t("noCategory") }, ...categories]} />
      <SelectField {...field("status")} options={[{ value: "", label: t("anyStatus") }, ...DOCUMENT_STATUSES.map((s) => ({ value: s, label: tStatus(s) }))]} />
      <TextField {...field("from")} type="date" />
      <TextField {...field("to")} type="date" />
      <TextField {...field("min_total")} type="number" step="any" inputMode="decimal" />
      <TextField {...field("max_total")} type="number" step="any" inputMode="decimal" />
      <SelectField {...field("sort")} options={DOCUMENT_SORTS.map((s) => ({ value: s === "newest" ? "" : s, label: t(`sorts.${s}`) }))} />
      <div className="flex items-end gap-2">
        {filters.needs_review && <input type="hidden" name="needs_review" value={filters.needs_review} />}
        <button type="submit" className={buttonClass("primary")}>
          {t("filter")}
        </button>
        {(filtered || filters.sort) && (
          <Link href="/documents" className={buttonClass("ghost")}>
            {t("clear")}
          </Link>
        )}
      </div>
    </form>
  );
}

const LABEL_KEYS = {
  q: "search",
  account_id: "mailbox",
  category_id: "category",
  status: "status",
  from: "storedFrom",
  to: "storedUntil",
  min_total: "totalAtLeast",
  max_total: "totalAtMost",
  sort: "sortBy",
  needs_review: "onlyReview",
} as const satisfies Record<FilterKey, string>;

type ListT = ReturnType<typeof useTranslations<"documents.list">>;

/** A filter's label, also used to name it when its value is not valid. */
export function filterLabel(t: ListT, key: string): string {
  return key in LABEL_KEYS ? t(LABEL_KEYS[key as FilterKey]) : key;
}

/** The list's query string with these filters and `extra` (a category to narrow to, the next page). */
export function listQuery(filters: Filters, extra: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ ...filters, ...extra })}`;
}
