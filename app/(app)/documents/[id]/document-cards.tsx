import Link from "next/link";
import { useTranslations } from "next-intl";
import type { DocumentDetail } from "@/lib/documents/contract";
import { Card, DetailList } from "@/components/card";
import { useFormat } from "@/components/format";
import { DateTime } from "@/components/time";

/** The summary extraction wrote, and which extractor read the document. */
export function SummaryCard({ doc, active }: { doc: Pick<DocumentDetail, "summary" | "extractor" | "extraction_note">; active: boolean }) {
  const t = useTranslations("documents.detail");
  return (
    <Card title={t("summary")}>
      {doc.summary ? (
        <p className="text-start text-sm leading-relaxed text-slate-800" dir="auto">
          {doc.summary}
        </p>
      ) : (
        <p className="text-sm text-slate-500">{active ? t("summaryLater") : t("noSummary")}</p>
      )}
      {(doc.extractor || doc.extraction_note) && (
        <p className="mt-3 border-t border-slate-100 pt-3 text-xs text-slate-500">
          {doc.extractor === "gemini" ? t("byGemini") : doc.extractor === "rules" ? t("byRules") : null}
          {doc.extraction_note && (
            <span className="block text-amber-700">
              {t("geminiNotUsed")} <bdi>{doc.extraction_note}</bdi>
            </span>
          )}
        </p>
      )}
    </Card>
  );
}

/** The email the document came from. */
export function EmailCard({ email, account }: { email: DocumentDetail["email"]; account?: { id: string; email: string } }) {
  const t = useTranslations("documents.detail");
  return (
    <Card title={t("email")}>
      {email ? (
        <DetailList
          items={[
            { label: t("from"), value: <span dir="auto">{email.from ?? "—"}</span> },
            { label: t("subject"), value: <span dir="auto">{email.subject || t("noSubject")}</span> },
            { label: t("date"), value: <DateTime value={email.date} /> },
            { label: t("folder"), value: <span dir="auto">{email.folder}</span> },
            ...(email.to ? [{ label: t("to"), value: <span dir="auto">{email.to}</span> }] : []),
            {
              label: t("mailbox"),
              value: account ? (
                <Link href={`/accounts/${account.id}`} className="text-indigo-600 hover:underline">
                  <bdi>{account.email}</bdi>
                </Link>
              ) : (
                "—"
              ),
            },
          ]}
        />
      ) : (
        <p className="text-sm text-slate-500">{t("emailGone")}</p>
      )}
    </Card>
  );
}

/** The stored file: name, type, size, when, and its hash. */
export function FileCard({ doc }: { doc: Pick<DocumentDetail, "filename" | "content_type" | "size" | "created_at" | "sha256"> }) {
  const t = useTranslations("documents.detail");
  const format = useFormat();
  return (
    <Card title={t("file")}>
      <DetailList
        items={[
          { label: t("name"), value: <span dir="auto">{doc.filename}</span> },
          { label: t("type"), value: <bdi>{doc.content_type}</bdi> },
          { label: t("size"), value: t("sizeBytes", { size: format.bytes(doc.size), bytes: doc.size }) },
          { label: t("stored"), value: <DateTime value={doc.created_at} /> },
          { label: "SHA-256", value: <code className="font-mono text-xs break-all text-slate-600">{doc.sha256}</code> },
        ]}
      />
    </Card>
  );
}
