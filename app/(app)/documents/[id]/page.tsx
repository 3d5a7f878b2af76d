import Link from "next/link";
import { notFound } from "next/navigation";
import { getAccount } from "@/lib/accounts/service";
import { getDocumentCategory } from "@/lib/categories/categorize";
import { getRule, listCategories } from "@/lib/categories/service";
import { documentDetail } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass } from "@/components/button";
import { Card, DetailList } from "@/components/card";
import { errorAdvice, fieldValue, reviewList, type Check, type DocumentFields, type LineItem } from "@/components/extraction";
import { fileKind, formatBytes, plural } from "@/components/format";
import { AlertIcon } from "@/components/icons";
import { PageHeader } from "@/components/page-header";
import { DateTime } from "@/components/time";
import { DocumentViewer } from "@/components/document-viewer";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../../caller";
import { CategoryPanel } from "./category-panel";
import { DeleteDocumentButton, MarkReviewedButton, ReprocessButton } from "./document-actions";
import { DocumentProgress } from "./document-progress";
import { FieldsPanel } from "./fields-panel";
import { LineItemsPanel } from "./line-items-panel";
import { TextPanel } from "./text-panel";

export const dynamic = "force-dynamic";
export const metadata = { title: "Document · Mailroom" };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const caller = await requireCaller(`/documents/${id}`);
  const { db } = services();
  const doc = await documentDetail(db, caller.companyId, id).catch((err) => {
    if (err instanceof AppError && err.status === 404) notFound();
    throw err;
  });
  const [account, category, categories] = await Promise.all([
    doc.account_id ? getAccount(db, caller.companyId, doc.account_id).catch(() => undefined) : undefined,
    getDocumentCategory(db, caller.companyId, doc.id),
    listCategories(db, caller.companyId),
  ]);
  // The rule may have been deleted since it chose.
  const rule = category.category_rule_id ? await getRule(db, caller.companyId, category.category_rule_id).catch(() => null) : null;
  const fileUrl = `/api/documents/${doc.id}/file`;
  const active = doc.status === "pending" || doc.status === "processing";
  const fields = doc.fields as DocumentFields;
  const amount = (name: "subtotal" | "total") => {
    const v = fieldValue(fields, name);
    return v === null || !Number.isFinite(Number(v)) ? null : Number(v);
  };
  const currency = fieldValue(fields, "currency");
  const reasons = reviewList(doc.review_reasons, doc.checks as Check[]);

  return (
    <>
      <PageHeader
        title={<span dir="auto">{doc.filename}</span>}
        description={[fileKind(doc.content_type), formatBytes(doc.size), doc.page_count ? plural(doc.page_count, "page") : null].filter(Boolean).join(" · ")}
        back={{ href: "/documents", label: "Documents" }}
        actions={
          <>
            <a href={fileUrl} target="_blank" rel="noopener" className={buttonClass("secondary")}>
              Open
            </a>
            <a href={`${fileUrl}?download=1`} download={doc.filename} className={buttonClass("secondary")}>
              Download
            </a>
            <ReprocessButton id={doc.id} active={active} />
            {can(caller.role, "documents.delete") && <DeleteDocumentButton id={doc.id} filename={doc.filename} />}
          </>
        }
      />

      {doc.status === "error" && (
        <div role="alert" className="mb-6 flex gap-3 rounded-lg border border-red-200 bg-red-50 px-5 py-4 text-sm text-red-800">
          <AlertIcon className="size-5 shrink-0 text-red-600" />
          <div className="min-w-0 flex-1">
            <p className="font-semibold">This document could not be processed</p>
            <p className="mt-1 break-words" dir="auto">
              {doc.error_message ?? "Processing failed without a message."}
            </p>
            <p className="mt-2 text-red-700">
              <span className="font-medium">What to do: </span>
              {errorAdvice(doc.error_message, doc.error_reason)}
            </p>
            <div className="mt-3">
              <ReprocessButton id={doc.id} active={false} variant="primary" size="sm" />
            </div>
          </div>
        </div>
      )}

      {doc.needs_review && doc.status !== "error" && (
        <section aria-labelledby="review-title" className="mb-6 flex gap-3 rounded-lg border border-amber-300 bg-amber-50 px-5 py-4 text-sm text-amber-900">
          <AlertIcon className="size-5 shrink-0 text-amber-600" />
          <div className="min-w-0 flex-1">
            <h2 id="review-title" className="font-semibold">
              Needs review
            </h2>
            {reasons.length > 0 ? (
              <ul className="mt-1 list-disc space-y-0.5 pl-5">
                {reasons.map((r) => (
                  <li key={r} dir="auto">
                    {r}
                  </li>
                ))}
              </ul>
            ) : (
              <p className="mt-1">The extracted data may be wrong.</p>
            )}
            <p className="mt-2 text-amber-800">Compare the fields and line items with the original and correct what is wrong: saving a correction clears this flag.</p>
            <div className="mt-3">
              <MarkReviewedButton id={doc.id} />
            </div>
          </div>
        </section>
      )}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <DocumentViewer id={doc.id} filename={doc.filename} contentType={doc.content_type} pages={doc.preview_pages} pageCount={doc.page_count} errorReason={doc.error_reason} />

        <div className="space-y-6">
          <Card title="Processing">
            <DocumentProgress
              key={doc.status}
              id={doc.id}
              initial={{ status: doc.status, processing_stage: doc.processing_stage, progress_percentage: doc.progress_percentage, error_message: doc.error_message, last_processed_at: doc.last_processed_at }}
            />
          </Card>

          <CategoryPanel documentId={doc.id} state={category} categories={categories} rule={rule} status={doc.status} canCreate={can(caller.role, "categories.manage")} />

          <FieldsPanel id={doc.id} fields={fields} active={active} />

          {(doc.status !== "error" || doc.summary) && (
            <Card title="Summary">
              {doc.summary ? (
                <p className="text-start text-sm leading-relaxed text-slate-800" dir="auto">
                  {doc.summary}
                </p>
              ) : (
                <p className="text-sm text-slate-500">{active ? "The summary is written once the document has been read." : "No summary."}</p>
              )}
              {(doc.extractor || doc.extraction_note) && (
                <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-500">
                  {doc.extractor === "gemini" ? "Extracted by Gemini." : doc.extractor === "rules" ? "Extracted by Mailroom's built-in rules." : null}
                  {doc.extraction_note && (
                    <span className="block text-amber-700" dir="auto">
                      Gemini was not used: {doc.extraction_note}
                    </span>
                  )}
                </p>
              )}
            </Card>
          )}
        </div>
      </div>

      <div className="mt-6 space-y-6">
        <LineItemsPanel
          id={doc.id}
          items={doc.line_items as LineItem[]}
          corrected={doc.corrected.includes("line_items")}
          extractor={doc.extractor}
          subtotal={amount("subtotal")}
          total={amount("total")}
          currency={typeof currency === "string" ? currency : null}
          status={doc.status}
        />

        <TextPanel text={doc.text} pageCount={doc.page_count} textSource={doc.text_source} status={doc.status} />

        <div className="grid items-start gap-6 lg:grid-cols-2">
          <Card title="Email">
            {doc.email ? (
              <DetailList
                items={[
                  { label: "From", value: <span dir="auto">{doc.email.from ?? "—"}</span> },
                  { label: "Subject", value: <span dir="auto">{doc.email.subject || "(no subject)"}</span> },
                  { label: "Date", value: <DateTime value={doc.email.date} /> },
                  { label: "Folder", value: <span dir="auto">{doc.email.folder}</span> },
                  ...(doc.email.to ? [{ label: "To", value: <span dir="auto">{doc.email.to}</span> }] : []),
                  {
                    label: "Mailbox",
                    value: account ? (
                      <Link href={`/accounts/${account.id}`} className="text-indigo-600 hover:underline">
                        {account.email}
                      </Link>
                    ) : (
                      "—"
                    ),
                  },
                ]}
              />
            ) : (
              <p className="text-sm text-slate-500">The email this came from is no longer stored.</p>
            )}
          </Card>

          <Card title="File">
            <DetailList
              items={[
                { label: "Name", value: <span dir="auto">{doc.filename}</span> },
                { label: "Type", value: doc.content_type },
                { label: "Size", value: `${formatBytes(doc.size)} (${doc.size.toLocaleString("en")} bytes)` },
                { label: "Stored", value: <DateTime value={doc.created_at} /> },
                { label: "SHA-256", value: <code className="font-mono text-xs break-all text-slate-600">{doc.sha256}</code> },
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  );
}
