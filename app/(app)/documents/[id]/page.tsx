import Link from "next/link";
import { notFound } from "next/navigation";
import { getAccount } from "@/lib/accounts/service";
import { documentDetail } from "@/lib/documents/queries";
import { AppError } from "@/lib/errors";
import { services } from "@/lib/web/services";
import { buttonClass } from "@/components/button";
import { Card, DetailList } from "@/components/card";
import { fileKind, formatBytes } from "@/components/format";
import { PageHeader } from "@/components/page-header";
import { DateTime } from "@/components/time";
import { requireCaller } from "../../caller";
import { DocumentProgress } from "./document-progress";

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
  const account = doc.account_id ? await getAccount(db, caller.companyId, doc.account_id).catch(() => undefined) : undefined;
  const fileUrl = `/api/documents/${doc.id}/file`;
  const isPdf = doc.content_type === "application/pdf";
  const isImage = doc.content_type.startsWith("image/");

  return (
    <>
      <PageHeader
        title={<span dir="auto">{doc.filename}</span>}
        description={`${fileKind(doc.content_type)} · ${formatBytes(doc.size)}`}
        back={{ href: "/documents", label: "Documents" }}
        actions={
          <>
            <a href={fileUrl} target="_blank" rel="noopener" className={buttonClass("secondary")}>
              Open
            </a>
            <a href={`${fileUrl}?download=1`} download={doc.filename} className={buttonClass("primary")}>
              Download
            </a>
          </>
        }
      />

      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <section aria-label="Preview" className="overflow-hidden rounded-lg border border-slate-200 bg-slate-100 shadow-sm">
          {isPdf ? (
            <object data={fileUrl} type="application/pdf" className="h-[75vh] w-full" aria-label={`Preview of ${doc.filename}`}>
              <iframe src={fileUrl} title={`Preview of ${doc.filename}`} className="h-[75vh] w-full border-0" />
            </object>
          ) : isImage ? (
            <div className="flex max-h-[75vh] justify-center overflow-auto bg-slate-100 p-4">
              {/* eslint-disable-next-line @next/next/no-img-element -- the API serves the original; no resizing wanted */}
              <img src={fileUrl} alt={doc.filename} className="h-auto max-w-full object-contain shadow" />
            </div>
          ) : (
            <p className="p-8 text-center text-sm text-slate-500">
              No preview for {doc.content_type}.{" "}
              <a href={`${fileUrl}?download=1`} className="text-indigo-600 hover:underline">
                Download the file
              </a>
              .
            </p>
          )}
        </section>

        <div className="space-y-6">
          <Card title="Processing">
            <DocumentProgress
              id={doc.id}
              initial={{ status: doc.status, processing_stage: doc.processing_stage, progress_percentage: doc.progress_percentage, error_message: doc.error_message, last_processed_at: doc.last_processed_at }}
            />
          </Card>

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
