import Link from "next/link";
import { useTranslations } from "next-intl";
import { getTranslations } from "next-intl/server";
import type { listDocuments } from "@/lib/documents/queries";
import { ButtonLink } from "@/components/button";
import { fieldValue, typeLabel, useReviewReasons } from "@/components/extraction";
import { fileKind, useFormat } from "@/components/format";
import { DocumentStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td } from "@/components/table";
import { TableHead } from "@/components/table-head";
import { DateTime } from "@/components/time";

const SHOWN_REASONS = 2;

type Item = Awaited<ReturnType<typeof listDocuments>>["items"][number];

/** Documents whose fields failed a check or miss something, with the first reasons why. */
export async function ChecksList({ items }: { items: Item[] }) {
  const t = await getTranslations("review.checks");
  return (
    <Table label={t("tableLabel")}>
      <TableHead columns={[{ label: t("document") }, { label: t("total"), className: "text-end" }, { label: t("why") }, { label: t("received") }, { label: t("open"), hidden: true }]} />
      <Tbody>
        {items.map((d) => (
          <CheckRow key={d.id} document={d} />
        ))}
      </Tbody>
    </Table>
  );
}

function CheckRow({ document: d }: { document: Item }) {
  const t = useTranslations("review.checks");
  const tDocuments = useTranslations("documents");
  const reviewReasons = useReviewReasons();
  const format = useFormat();
  const fields = d.fields;
  const vendor = fieldValue(fields, "vendor");
  const total = fieldValue(fields, "total");
  const currency = fieldValue(fields, "currency");
  const type = fieldValue(fields, "document_type");
  const reasons = reviewReasons(d.review_reasons, d.checks);
  return (
    <tr className="hover:bg-slate-50/60">
      <Td className="max-w-[18rem]">
        <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate text-start font-medium text-slate-900 hover:text-indigo-600">
          <bdi title={d.filename}>{vendor ? String(vendor) : d.filename}</bdi>
        </Link>
        <p className="truncate text-start text-xs text-slate-500">
          <bdi>{[type ? typeLabel(tDocuments, type) : null, vendor ? d.filename : fileKind(d.content_type)].filter(Boolean).join(" · ")}</bdi>
        </p>
      </Td>
      <Td className="text-end whitespace-nowrap tabular-nums">
        {total !== null ? <span className="font-medium text-slate-900">{format.money(total, typeof currency === "string" ? currency : null)}</span> : <span className="text-slate-400">{t("noTotal")}</span>}
      </Td>
      <Td className="max-w-md">
        {reasons.length ? (
          <ul className="space-y-0.5 text-xs text-amber-800">
            {reasons.slice(0, SHOWN_REASONS).map((r) => (
              <li key={r} dir="auto" className="text-start">
                {r}
              </li>
            ))}
            {reasons.length > SHOWN_REASONS && <li className="text-slate-500">{t("andMore", { count: reasons.length - SHOWN_REASONS })}</li>}
          </ul>
        ) : (
          <span className="text-xs text-slate-500">{t("flagged")}</span>
        )}
        {d.status !== "completed" && (
          <div className="mt-1">
            <DocumentStatusBadge status={d.status} />
          </div>
        )}
      </Td>
      <Td className="whitespace-nowrap text-xs">
        <DateTime value={d.email?.date ?? d.created_at} />
        {d.email?.from && (
          <p className="max-w-[12rem] truncate text-start text-slate-500">
            <bdi title={d.email.from}>{d.email.from}</bdi>
          </p>
        )}
      </Td>
      <Td className="text-end">
        <ButtonLink href={`/documents/${d.id}`} prefetch={false} variant="secondary" size="sm">
          {t("review")}
        </ButtonLink>
      </Td>
    </tr>
  );
}
