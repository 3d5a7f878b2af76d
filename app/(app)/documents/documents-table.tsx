import Link from "next/link";
import { useLocale, useTranslations } from "next-intl";
import type { DocumentListItem } from "@/lib/documents/contract";
import { CategoryBadge } from "@/components/category-badge";
import { DocumentThumb } from "@/components/document-thumb";
import { fieldCurrency, fieldValue, ReviewMarker, typeLabel } from "@/components/extraction";
import { fileKind, formatters } from "@/components/format";
import { LiveStatusCell } from "@/components/live-documents";
import { CardCell, CardHead, CardRow, Table, Tbody, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { listQuery, type Filters } from "./filters";

/** The documents list's table: a row per document, cards on a phone. */
export function DocumentsTable({ items, accountEmail, filters }: { items: DocumentListItem[]; accountEmail: Map<string, string>; filters: Filters }) {
  const t = useTranslations("documents");
  const tList = useTranslations("documents.list");
  const format = formatters(useLocale());
  const qs = (extra: Record<string, string>) => listQuery(filters, extra);
  return (
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
        {items.map((d) => {
          const vendor = fieldValue(d.fields, "vendor");
          const total = fieldValue(d.fields, "total");
          const type = fieldValue(d.fields, "document_type");
          const done = d.status === "completed" || d.status === "error";
          return (
            <CardRow key={d.id} className="sm:hover:bg-slate-50/60">
              <CardCell card="col-start-1 row-start-1" className="sm:max-w-[14rem]">
                <DocumentThumb id={d.id} contentType={d.content_type} status={d.status} removed={d.file_removed !== null} />
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
  );
}

/** An empty cell: a dash once processing is over, a faint ellipsis while it may still be found. */
function Missing({ done }: { done: boolean }) {
  const t = useTranslations("documents.list");
  return <span className="text-slate-300" title={done ? t("notFound") : t("notExtracted")}>{done ? "—" : "…"}</span>;
}
