import Link from "next/link";
import { listDocuments } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { ButtonLink } from "@/components/button";
import { EmptyState } from "@/components/empty-state";
import { documentTypeLabel, fieldValue, reviewList, type Check, type DocumentFields } from "@/components/extraction";
import { fileKind, formatMoney, plural } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { DocumentStatusBadge } from "@/components/status-badge";
import { Table, Tbody, Td, Th } from "@/components/table";
import { DateTime } from "@/components/time";
import { requireCaller } from "../caller";

export const dynamic = "force-dynamic";
export const metadata = { title: "Review · Mailroom" };

const PAGE_SIZE = 50;
const SHOWN_REASONS = 2;

export default async function ReviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = await searchParams;
  const cursor = typeof raw.cursor === "string" && raw.cursor ? raw.cursor : undefined;
  const caller = await requireCaller(cursor ? `/review?cursor=${encodeURIComponent(cursor)}` : "/review");
  const { db } = services();
  let problem: string | null = null;
  let page: Awaited<ReturnType<typeof listDocuments>> = { items: [], next_cursor: null };
  try {
    page = await listDocuments(db, caller.companyId, { needs_review: true, limit: PAGE_SIZE, cursor });
  } catch (err) {
    if (!(err instanceof AppError && err.expose)) throw err;
    problem = err.message;
  }

  return (
    <>
      <PageHeader
        title="Review"
        description="Documents whose extracted data failed a check or is missing something. Open one, compare it with the original, then correct the fields or mark it reviewed."
      />

      {problem && (
        <div role="alert" className="mb-6 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-700">
          {problem}
        </div>
      )}

      {page.items.length === 0 && !problem ? (
        <EmptyState
          icon={
            <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.6} strokeLinecap="round" strokeLinejoin="round" className="size-6" aria-hidden>
              <path d="M5 12l5 5L20 7" />
            </svg>
          }
          title={cursor ? "No more documents to review" : "Nothing to review"}
          description="Every document's fields passed their checks or were confirmed by a person."
          action={<ButtonLink href={cursor ? "/review" : "/documents"} variant="secondary">{cursor ? "Back to the first page" : "All documents"}</ButtonLink>}
        />
      ) : page.items.length > 0 ? (
        <>
          <p className="mb-3 text-sm text-slate-600">{cursor ? `${plural(page.items.length, "document")} on this page` : `${page.next_cursor ? "More than " : ""}${plural(page.items.length, "document")} waiting for review`}</p>
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
              {page.items.map((d) => {
                const fields = d.fields as DocumentFields;
                const vendor = fieldValue(fields, "vendor");
                const total = fieldValue(fields, "total");
                const currency = fieldValue(fields, "currency");
                const type = fieldValue(fields, "document_type");
                const reasons = reviewList(d.review_reasons, d.checks as Check[]);
                return (
                  <tr key={d.id} className="hover:bg-slate-50/60">
                    <Td className="max-w-[18rem]">
                      <Link href={`/documents/${d.id}`} prefetch={false} className="block truncate font-medium text-slate-900 hover:text-indigo-600 text-left" dir="auto" title={d.filename}>
                        {vendor ? String(vendor) : d.filename}
                      </Link>
                      <p className="truncate text-xs text-slate-500 text-left" dir="auto">
                        {[type ? documentTypeLabel(type) : null, vendor ? d.filename : fileKind(d.content_type)].filter(Boolean).join(" · ")}
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
          </Table>
          <nav aria-label="Pages" className="mt-4 flex items-center justify-end gap-2 text-sm">
            {cursor && (
              <ButtonLink href="/review" variant="secondary" size="sm">
                ← Newest
              </ButtonLink>
            )}
            {page.next_cursor && (
              <ButtonLink href={`/review?cursor=${encodeURIComponent(page.next_cursor)}`} variant="secondary" size="sm">
                Next page →
              </ButtonLink>
            )}
          </nav>
        </>
      ) : null}
    </>
  );
}
