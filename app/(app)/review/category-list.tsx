import Link from "next/link";
import type { listAwaitingCategory } from "@/lib/categories/review";
import { CategoryPicker, type CategoryOption } from "@/components/category-picker";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";

type Item = Awaited<ReturnType<typeof listAwaitingCategory>>["items"][number];

/** Documents no rule placed and the classifier was unsure about: its guesses are one click away. */
export function CategoryList({ items, categories }: { items: Item[]; categories: CategoryOption[] }) {
  return (
    <Table label="Documents waiting for a category">
      <thead>
        <tr>
          <Th>Document</Th>
          <Th>Email</Th>
          <Th className="w-[26rem]">Category</Th>
        </tr>
      </thead>
      <Tbody>
        {items.map((d) => (
          <tr key={d.id} className="align-top hover:bg-slate-50/60">
            <Td className="max-w-[16rem]">
              <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate text-left font-medium text-slate-900 hover:text-indigo-600" dir="auto" title={d.filename}>
                {d.filename}
              </Link>
              {d.vendor && (
                <p className="truncate text-left text-xs text-slate-500" dir="auto">
                  {d.vendor}
                </p>
              )}
              <p className="text-xs text-slate-500">
                <DateTime value={d.created_at} />
              </p>
            </Td>
            <Td className="max-w-[16rem] text-xs">
              <p className="truncate text-left text-slate-700" dir="auto" title={d.from ?? undefined}>
                {d.from ?? <span className="text-slate-400">unknown sender</span>}
              </p>
              <p className="truncate text-left text-slate-500" dir="auto" title={d.subject ?? undefined}>
                {d.subject || <span className="text-slate-400">(no subject)</span>}
              </p>
            </Td>
            <Td>
              <CategoryPicker documentId={d.id} current={null} categories={categories} suggestions={d.suggestions} label={
                  <>
                    Category<span className="sr-only"> for {d.filename}</span>
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
