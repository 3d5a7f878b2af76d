import Link from "next/link";
import { getTranslations } from "next-intl/server";
import type { listAwaitingCategory } from "@/lib/categories/review";
import { CategoryPicker, type CategoryOption } from "@/components/category-picker";
import { Table, Tbody, Td } from "@/components/table";
import { TableHead } from "@/components/table-head";
import { DateTime } from "@/components/time";

type Item = Awaited<ReturnType<typeof listAwaitingCategory>>["items"][number];

/** Documents no rule placed and the classifier was unsure about: its guesses are one click away. */
export async function CategoryList({ items, categories }: { items: Item[]; categories: CategoryOption[] }) {
  const [t, tMail] = await Promise.all([getTranslations("review.category"), getTranslations("common.mail")]);
  return (
    <Table label={t("tableLabel")}>
      <TableHead columns={[{ label: t("document") }, { label: t("email") }, { label: t("category"), className: "w-[26rem]" }]} />
      <Tbody>
        {items.map((d) => (
          <tr key={d.id} className="align-top hover:bg-slate-50/60">
            <Td className="max-w-[16rem]">
              <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600">
                <bdi title={d.filename}>{d.filename}</bdi>
              </Link>
              {d.vendor && (
                <p className="truncate text-start text-xs text-slate-500">
                  <bdi>{d.vendor}</bdi>
                </p>
              )}
              <p className="text-xs text-slate-500">
                <DateTime value={d.created_at} />
              </p>
            </Td>
            <Td className="max-w-[16rem] text-xs">
              <p className="truncate text-start text-slate-700">
                {d.from ? <bdi title={d.from}>{d.from}</bdi> : <span className="text-slate-400">{tMail("unknownSender")}</span>}
              </p>
              <p className="truncate text-start text-slate-500">
                {d.subject ? <bdi title={d.subject}>{d.subject}</bdi> : <span className="text-slate-400">{tMail("noSubject")}</span>}
              </p>
            </Td>
            <Td>
              <CategoryPicker
                documentId={d.id}
                current={null}
                categories={categories}
                suggestions={d.suggestions}
                label={
                  <>
                    {t("category")}
                    <span className="sr-only"> {t.rich("categoryFor", { file: () => <bdi>{d.filename}</bdi> })}</span>
                  </>
                }
              />
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
