// Opens a PDF with pdf.js (Mozilla's parser; pdf-text-thread.ts runs this in a worker thread)
// to count its pages and read the text layer of each page. pdf.js tells an encrypted file
// (PasswordException) from a broken one (InvalidPDFException), which is what the pipeline needs
// to reject either with a clear reason.
import { createRequire } from "node:module";
import path from "node:path";
import { DocumentRejected } from "./types";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");

let pdfjs: Promise<PdfJs> | undefined;
// The legacy build is the one meant for Node; loaded on first use so that importing lib/ocr
// costs nothing where PDFs are never read.
const loadPdfJs = () => (pdfjs ??= import("pdfjs-dist/legacy/build/pdf.mjs"));

const requireHere = createRequire(typeof __filename === "string" ? __filename : path.join(process.cwd(), "package.json"));

/** pdf.js's data folders inside the package (paths, not URLs: pdf.js reads them with fs in Node). */
function pdfjsAssets(): { cMapUrl: string; standardFontDataUrl: string } {
  const root = path.dirname(requireHere.resolve("pdfjs-dist/package.json"));
  return { cMapUrl: path.join(root, "cmaps") + path.sep, standardFontDataUrl: path.join(root, "standard_fonts") + path.sep };
}

export type PdfPageInfo = {
  number: number;
  text: string;
  /** Size as displayed (after /Rotate), in points (1/72 inch). */
  widthPt: number;
  heightPt: number;
};

export type OpenedPdf = {
  numPages: number;
  /** Text layer and size of page `n` (1-based). */
  page(n: number): Promise<PdfPageInfo>;
  /** The names of the embedded files (the /EmbeddedFiles name tree), with their ids. */
  attachments(): Promise<{ id: string; filename: string }[]>;
  /** An embedded file's bytes, decoded from its stream. */
  attachment(id: string): Promise<Uint8Array | null>;
  close(): Promise<void>;
};

/** Opens the PDF; DocumentRejected "encrypted" or "corrupt" when it cannot be read. */
export async function openPdf(bytes: Buffer): Promise<OpenedPdf> {
  const { getDocument } = await loadPdfJs();
  const task = getDocument({
    data: new Uint8Array(bytes), // a copy: pdf.js may take ownership of the buffer it is given
    ...pdfjsAssets(),
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    verbosity: 0, // errors only: warnings about sloppy files are not ours to print
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw rejection(err);
  }
  return {
    numPages: doc.numPages,
    async page(n) {
      try {
        const page = await doc.getPage(n);
        const viewport = page.getViewport({ scale: 1 });
        const content = await page.getTextContent();
        const text = layoutText(content.items as TextItemLike[]);
        page.cleanup();
        return { number: n, text, widthPt: viewport.width, heightPt: viewport.height };
      } catch (err) {
        throw rejection(err, n);
      }
    },
    async attachments() {
      const found = await doc.getAttachments();
      return found ? [...found].map(([id, a]) => ({ id, filename: a.filename })) : [];
    },
    attachment: (id) => doc.getAttachmentContent(id),
    close: () => task.destroy(),
  };
}

function rejection(err: unknown, page?: number): DocumentRejected {
  const name = (err as { name?: string })?.name ?? "";
  const message = (err as { message?: string })?.message ?? String(err);
  if (name === "PasswordException") {
    return new DocumentRejected("the PDF is password-protected (encrypted): it cannot be opened without its password", "encrypted");
  }
  const where = page ? ` (page ${page})` : "";
  return new DocumentRejected(`the PDF is corrupt or not a PDF${where}: ${message}`, "corrupt");
}

type TextItemLike = { str?: string; hasEOL?: boolean; transform?: number[]; width?: number; height?: number };

// Hebrew, Arabic, Syriac, Thaana, N'Ko... and their presentation forms.
const RTL_LETTER = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/gu;

type Run = { str: string; x: number; end: number; size: number };

/**
 * pdf.js gives text runs with positions; this puts them back into lines: a new line where the
 * baseline moves or pdf.js marks one, a space where a gap separates two runs that carry none.
 * Runs come in drawing order, left to right; a line that is mostly right-to-left (Hebrew) is
 * put in reading order, right to left, so "4521 חשבונית מס" as drawn reads "חשבונית מס 4521".
 */
export function layoutText(items: TextItemLike[]): string {
  const lines: Run[][] = [];
  let line: Run[] = [];
  let lineY: number | undefined;
  const endLine = () => {
    if (line.length) lines.push(line);
    line = [];
    lineY = undefined;
  };
  for (const item of items) {
    if (typeof item.str !== "string") continue; // marked-content markers carry no text
    const [, , , , x = 0, y = 0] = item.transform ?? [];
    const size = Math.abs(item.height ?? 0) || 10;
    if (item.str) {
      if (lineY !== undefined && Math.abs(y - lineY) > size * 0.5) endLine();
      lineY ??= y;
      line.push({ str: item.str, x, end: x + (item.width ?? 0), size });
    }
    if (item.hasEOL) endLine();
  }
  endLine();

  const text = lines.map((runs) => {
    // Digits and punctuation have no direction of their own: the letters decide.
    const all = runs.map((r) => r.str).join("");
    const rtlLetters = all.match(RTL_LETTER)?.length ?? 0;
    const letters = all.match(/\p{L}/gu)?.length ?? 0;
    const rtl = rtlLetters > 0 && rtlLetters * 2 >= letters;
    // In a right-to-left line, numbers separated by spaces are each their own run, read right
    // to left ("20.40 17%" as drawn is "17% 20.40"): pdf.js hands them over as one run.
    const ordered = rtl ? joinNumberRuns([...runs].sort((a, b) => b.x - a.x)).map((r) => (/\p{L}/u.test(r.str) ? r : { ...r, str: r.str.split(/(\s+)/).reverse().join("") })) : runs;
    let out = "";
    let prev: Run | undefined;
    for (const run of ordered) {
      const gap = prev ? (rtl ? prev.x - run.end : run.x - prev.end) : 0;
      if (prev && gap > Math.min(run.size, prev.size) * 0.15 && !/\s$/.test(out) && !/^\s/.test(run.str)) out += " ";
      out += run.str;
      prev = run;
    }
    return out.replace(/\s+$/, "");
  });
  return text.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}

/**
 * A number some PDFs draw in pieces ("4471", "-", "22", or "INV", "-", "2024/0017") is still one
 * token, read left to right inside a right-to-left line: touching runs without right-to-left
 * letters are joined in drawing order.
 * `runs` come right to left.
 */
const RTL_RUN = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/u;
function joinNumberRuns(runs: Run[]): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const prev = out[out.length - 1];
    const touching = prev && prev.x - run.end <= Math.min(run.size, prev.size) * 0.15;
    if (prev && touching && !RTL_RUN.test(prev.str) && !RTL_RUN.test(run.str) && !/\s$/.test(run.str) && !/^\s/.test(prev.str)) {
      out[out.length - 1] = { str: run.str + prev.str, x: run.x, end: prev.end, size: Math.min(run.size, prev.size) };
    } else out.push(run);
  }
  return out;
}
