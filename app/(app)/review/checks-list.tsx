import Link from "next/link";
import type { listDocuments } from "@/lib/documents/queries";
import { ButtonLink } from "@/components/button";
import { useTranslations } from "next-intl";
import { fieldValue, typeLabel, useReviewReasons } from "@/components/extraction";
import { fileKind, formatMoney } from "@/components/format";
import { DocumentStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";

const SHOWN_REASONS = 2;

type Item = Awaited<ReturnType<typeof listDocuments>>["items"][number];

/** Documents whose fields failed a check or miss something, with the first reasons why. */
export function ChecksList({ items }: { items: Item[] }) {
  const tDocuments = useTranslations("documents");
  const reviewReasons = useReviewReasons();
  return (
    <Table label="Documents that need review">
      <thead>
        <tr>
          <Th>Document</Th>
          <Th className="text-right">Total</Th>
          <Th>Why</Th>
          <Th>Received</Th>
          <Th>
            <span className="sr-only">Open</span>
          </Th>
        </tr>
      </thead>
      <Tbody>
        {items.map((d) => {
          const fields = d.fields;
          const vendor = fieldValue(fields, "vendor");
          const total = fieldValue(fields, "total");
          const currency = fieldValue(fields, "currency");
          const type = fieldValue(fields, "document_type");
          const reasons = reviewReasons(d.review_reasons, d.checks);
          return (
            <tr key={d.id} className="hover:bg-slate-50/60">
              <Td className="max-w-[18rem]">
                <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate font-medium text-slate-900 hover:text-indigo-600 text-left" dir="auto" title={d.filename}>
                  {vendor ? String(vendor) : d.filename}
                </Link>
                <p className="truncate text-xs text-slate-500 text-left" dir="auto">
                  {[type ? typeLabel(tDocuments, type) : null, vendor ? d.filename : fileKind(d.content_type)].filter(Boolean).join(" · ")}
                </p>
              </Td>
              <Td className="text-right whitespace-nowrap tabular-nums">
                {total !== null ? <span className="font-medium text-slate-900">{formatMoney(total, typeof currency === "string" ? currency : null)}</span> : <span className="text-slate-400">no total</span>}
              </Td>
              <Td className="max-w-md">
                {reasons.length ? (
                  <ul className="space-y-0.5 text-xs text-amber-800">
                    {reasons.slice(0, SHOWN_REASONS).map((r) => (
                      <li key={r} dir="auto" className="text-start">
                        {r}
                      </li>
                    ))}
                    {reasons.length > SHOWN_REASONS && <li className="text-slate-500">and {reasons.length - SHOWN_REASONS} more</li>}
                  </ul>
                ) : (
                  <span className="text-xs text-slate-500">Flagged for review</span>
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
                  <p className="max-w-[12rem] truncate text-slate-500" dir="auto" title={d.email.from}>
                    {d.email.from}
                  </p>
                )}
              </Td>
              <Td className="text-right">
                <ButtonLink href={`/documents/${d.id}`} prefetch={false} variant="secondary" size="sm">
                  Review
                </ButtonLink>
              </Td>
            </tr>
          );
        })}
      </Tbody>
    </Table>  );
}
