import { CopyButton } from "@/components/copy-button";
import { plural } from "@/components/format";

const SOURCE_LABEL: Record<string, string> = {
  "text-layer": "from the PDF's text layer",
  ocr: "read by OCR",
  mixed: "text layer and OCR",
};

/** The document's text, collapsed by default; `dir="auto"` so Hebrew reads right to left. */
export function TextPanel({ text, pageCount, textSource, status }: { text: string | null; pageCount: number | null; textSource: string | null; status: string }) {
  const facts = [pageCount ? plural(pageCount, "page") : null, textSource ? (SOURCE_LABEL[textSource] ?? textSource) : null, text ? plural(text.length, "character") : null].filter(Boolean).join(" · ");
  if (!text?.trim()) {
    return (
      <section className="rounded-lg border border-slate-200 bg-white px-5 py-3 shadow-sm" aria-label="Text">
        <h2 className="text-sm font-semibold text-slate-900">
          Text <span className="ml-2 font-normal text-slate-500">{facts}</span>
        </h2>
        <p className="mt-1 text-sm text-slate-500">{status === "pending" || status === "processing"
            ? "The text appears here once the document has been read."
            : status === "error"
              ? "The text could not be read: processing stopped with an error."
              : "No text was found in this document."}</p>
      </section>
    );
  }
  return (
    <details className="group rounded-lg border border-slate-200 bg-white shadow-sm">
      <summary className="flex cursor-pointer list-none items-center gap-3 rounded-lg px-5 py-3 select-none hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-indigo-600 [&::-webkit-details-marker]:hidden">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" className="size-4 shrink-0 text-slate-400 transition-transform group-open:rotate-90" aria-hidden>
          <path d="M9 6l6 6-6 6" />
        </svg>
        <h2 className="text-sm font-semibold text-slate-900">{textSource === "text-layer" ? "Text" : "OCR text"}</h2>
        <span className="text-sm text-slate-500">{facts}</span>
        <span className="ml-auto text-xs text-slate-400 group-open:hidden">Show</span>
        <span className="ml-auto hidden text-xs text-slate-400 group-open:inline">Hide</span>
      </summary>
      <div className="border-t border-slate-200 px-5 py-4">
        <div className="mb-2 flex justify-end">
          <CopyButton fromId="document-text" label="Copy text" />
        </div>
        <pre id="document-text" dir="auto" className="max-h-[70vh] overflow-auto rounded-md bg-slate-50 p-4 text-start font-mono text-xs leading-relaxed break-words whitespace-pre-wrap text-slate-800">
          {text}
        </pre>
      </div>
    </details>
  );
}
