import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { getAccount } from "@/lib/accounts/service";
import { getDocumentCategory } from "@/lib/categories/categorize";
import { getRule, listCategories } from "@/lib/categories/service";
import { documentDetail } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass } from "@/components/button";
import { Card } from "@/components/card";
import { fieldAmount, fieldCurrency } from "@/components/extraction";
import { fileKind, formatters } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { DocumentViewer } from "@/components/document-viewer";
import { can } from "@/lib/auth/permissions";
import { requireCaller } from "../../caller";
import { CategoryPanel } from "./category-panel";
import { ErrorBanner, ReviewBanner } from "./document-banners";
import { EmailCard, FileCard, SummaryCard } from "./document-cards";
import { DeleteDocumentButton, ReprocessButton } from "./document-actions";
import { DocumentProgress } from "./document-progress";
import { FieldsPanel } from "./fields-panel";
import { LineItemsPanel } from "./line-items-panel";
import { TextPanel } from "./text-panel";

export const dynamic = "force-dynamic";

export async function generateMetadata() {
  const t = await getTranslations("documents");
  return { title: t("documentTitle") };
}

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
  const t = await getTranslations("documents");
  const format = formatters(await getLocale());

  return (
    <>
      <PageHeader
        title={<span dir="auto">{doc.filename}</span>}
        description={[fileKind(doc.content_type), format.bytes(doc.size), doc.page_count ? t("detail.pages", { count: doc.page_count }) : null]
          .filter(Boolean)
          .map((fact, i) => (
            <span key={i}>
              {i > 0 && " · "}
              <bdi>{fact}</bdi>
            </span>
          ))}
        back={{ href: "/documents", label: t("title") }}
        actions={
          <>
            {/* Without its file there is nothing to open, download or read again. */}
            {!doc.file_removed && (
              <>
                <a href={fileUrl} target="_blank" rel="noopener" className={buttonClass("secondary")}>
                  {t("detail.open")}
                </a>
                <a href={`${fileUrl}?download=1`} download={doc.filename} className={buttonClass("secondary")}>
                  {t("detail.download")}
                </a>
                <ReprocessButton id={doc.id} active={active} />
              </>
            )}
            {can(caller.role, "documents.delete") && <DeleteDocumentButton id={doc.id} filename={doc.filename} />}
          </>
        }
      />

      {doc.status === "error" && <ErrorBanner doc={doc} />}
      {doc.needs_review && doc.status !== "error" && <ReviewBanner doc={doc} />}

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <DocumentViewer id={doc.id} filename={doc.filename} contentType={doc.content_type} pages={doc.preview_pages} pageCount={doc.page_count} errorReason={doc.error_reason} removed={doc.file_removed && { afterDays: doc.file_removed.after_days }} />

        <div className="space-y-6">
          <Card title={t("detail.processing")}>
            <DocumentProgress
              key={doc.status}
              id={doc.id}
              initial={{ status: doc.status, processing_stage: doc.processing_stage, progress_percentage: doc.progress_percentage, error_message: doc.error_message, last_processed_at: doc.last_processed_at }}
            />
          </Card>

          <CategoryPanel documentId={doc.id} state={category} categories={categories} rule={rule} status={doc.status} canCreate={can(caller.role, "categories.manage")} />

          <FieldsPanel id={doc.id} fields={doc.fields} active={active} />

          {(doc.status !== "error" || doc.summary) && <SummaryCard doc={doc} active={active} />}
        </div>
      </div>

      <div className="mt-6 space-y-6">
        <LineItemsPanel
          id={doc.id}
          items={doc.line_items}
          corrected={doc.corrected.includes("line_items")}
          extractor={doc.extractor}
          subtotal={fieldAmount(doc.fields, "subtotal")}
          total={fieldAmount(doc.fields, "total")}
          currency={fieldCurrency(doc.fields)}
          status={doc.status}
          checks={doc.checks}
        />

        <TextPanel text={doc.text} pageCount={doc.page_count} textSource={doc.text_source} status={doc.status} />

        <div className="grid items-start gap-6 lg:grid-cols-2">
          <EmailCard email={doc.email} account={account} />
          <FileCard doc={doc} />
        </div>
      </div>
    </>
  );
}
