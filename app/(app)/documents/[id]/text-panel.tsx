import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/copy-button";

const SOURCE_KEY = { "text-layer": "textLayer", ocr: "ocr", mixed: "mixed", "e-invoice": "einvoice" } as const;

/** The document's text, collapsed by default; `dir="auto"` so Hebrew reads right to left. */
export function TextPanel({ text, pageCount, textSource, status }: { text: string | null; pageCount: number | null; textSource: string | null; status: string }) {
  const t = useTranslations("documents");
  const source = textSource && textSource in SOURCE_KEY ? t(`text.sources.${SOURCE_KEY[textSource as keyof typeof SOURCE_KEY]}`) : textSource;
  // An XML e-invoice's one "page" is its rendering, not a page anyone could count.
  const facts = [pageCount && textSource !== "e-invoice" ? t("detail.pages", { count: pageCount }) : null, source, text ? t("text.characters", { count: text.length }) : null].filter(Boolean).join(" · ");
  if (!text?.trim()) {
    return (
      <section className="rounded-lg border border-slate-200 bg-white px-5 py-3 shadow-sm" aria-label={t("text.title")}>
        <h2 className="text-sm font-semibold text-slate-900">
          {t("text.title")} <span className="ms-2 font-normal text-slate-500">{facts}</span>
        </h2>
        <p className="mt-1 text-sm text-slate-500">{status === "pending" || status === "processing" ? t("text.later") : status === "error" ? t("text.failed") : t("text.none")}</p>
      </section>
    );
  }
  return (
    <details className="group rounded-lg border border-slate-200 bg-white shadow-sm">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-5 py-3 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="size-4 shrink-0 text-slate-400 transition-transform group-open:rotate-90 rtl:-scale-x-100 rtl:group-open:scale-x-100" aria-hidden>
          <path d="M9 6l6 6-6 6" />
        </svg>
        <h2 className="text-sm font-semibold text-slate-900">{textSource === "text-layer" || textSource === "e-invoice" ? t("text.title") : t("text.ocrTitle")}</h2>
        <span className="text-sm text-slate-500">{facts}</span>
        <span className="ms-auto text-xs text-slate-400 group-open:hidden">{t("text.show")}</span>
        <span className="ms-auto hidden text-xs text-slate-400 group-open:inline">{t("text.hide")}</span>
      </summary>
      <div className="border-t border-slate-200 px-5 py-4">
        <div className="mb-2 flex justify-end">
          <CopyButton fromId="document-text" label={t("text.copy")} />
        </div>
        <pre id="document-text" dir="auto" className="max-h-[70vh] overflow-auto rounded-md bg-slate-50 p-4 text-start font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-800">
          {text}
        </pre>
      </div>
    </details>
  );
}
