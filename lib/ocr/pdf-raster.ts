// Turns PDF pages into pictures for OCR with Poppler's command-line tools (Debian poppler-utils).
// Chosen over pdf.js + a canvas binding because rendering then happens in a child process: a
// hostile or huge file can exhaust only that process, a timeout kills it outright, the event
// loop of the worker never blocks on drawing, and Poppler's C++ renderer is the faster of the two.
// Pages come out as 8-bit greyscale PGM: no compression step on either side (PNG encoding a
// noisy 300 dpi scan took pdftoppm 11 s; PGM, 0.16 s), and Tesseract reads PGM directly.
import { spawn } from "node:child_process";
import { AppError } from "../errors";
import { lowerProcess } from "../worker/thread-priority";
import { DocumentRejected } from "./types";

type ToolResult = { stdout: Buffer; stderr: string; code: number | null };

/** Runs a Poppler tool with the PDF on stdin. Kills it on abort or when its output passes `maxOutput`. */
export function runTool(cmd: string, args: string[], input: Buffer, opts: { signal?: AbortSignal; maxOutput: number }): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return reject(opts.signal.reason);
    const child = spawn(cmd, args, { stdio: ["pipe", "pipe", "pipe"] });
    // Rendering yields the CPU to fetching (thread-priority.ts).
    lowerProcess(child.pid);
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = "";
    let failure: unknown;
    const kill = (why: unknown) => {
      failure ??= why;
      child.kill("SIGKILL");
    };
    const onAbort = () => kill(opts.signal!.reason);
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    child.stdout.on("data", (chunk: Buffer) => {
      outBytes += chunk.length;
      if (outBytes > opts.maxOutput) return kill(new DocumentRejected(`${cmd} produced more than ${opts.maxOutput} bytes for one page`, "too_many_pixels"));
      out.push(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      if (err.length < 4000) err += chunk.toString();
    });
    // The tool may stop reading early (a broken file): that is its exit code's business, not an EPIPE crash.
    child.stdin.on("error", () => {});
    child.on("error", (e: NodeJS.ErrnoException) => {
      opts.signal?.removeEventListener("abort", onAbort);
      reject(e.code === "ENOENT" ? new AppError("ocr.poppler_missing", `${cmd} is not installed: PDF pages without text need Poppler (Debian package poppler-utils)`, { status: 500, expose: true }) : e);
    });
    child.on("close", (code) => {
      opts.signal?.removeEventListener("abort", onAbort);
      if (failure !== undefined) reject(failure);
      else resolve({ stdout: Buffer.concat(out), stderr: err.trim(), code });
    });
    child.stdin.end(input);
  });
}

export type PdfImageInfo = { page: number; width: number; height: number; ppi: number };

/**
 * The raster images of each page, without decoding them (`pdfimages -list`): their resolution
 * says at what dpi a scanned page is best rendered, and their size catches a decompression bomb
 * before a renderer would allocate it.
 */
export async function listPdfImages(pdf: Buffer, signal?: AbortSignal): Promise<PdfImageInfo[]> {
  const r = await runTool("pdfimages", ["-list", "-"], pdf, { signal, maxOutput: 16 * 1024 * 1024 });
  if (r.code !== 0) return []; // only a hint: rendering reports a broken file itself
  const images: PdfImageInfo[] = [];
  // page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio
  for (const line of r.stdout.toString("latin1").split("\n").slice(2)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || f[2] !== "image") continue;
    const [page, width, height, ppi] = [Number(f[0]), Number(f[3]), Number(f[4]), Number(f[12])];
    if ([page, width, height].every(Number.isFinite)) images.push({ page, width, height, ppi: Number.isFinite(ppi) ? ppi : 0 });
  }
  return images;
}

/** Page `page` as an 8-bit greyscale PGM at `dpi` (the caller keeps width x height within its limit). */
export async function renderPdfPage(pdf: Buffer, page: number, dpi: number, opts: { signal?: AbortSignal; maxPixels: number }): Promise<Buffer> {
  const args = ["-f", String(page), "-l", String(page), "-r", String(dpi), "-gray", "-singlefile", "-"];
  // The header is a few bytes; anything far beyond the pixel budget means the estimate was wrong.
  const r = await runTool("pdftoppm", args, pdf, { signal: opts.signal, maxOutput: Math.ceil(opts.maxPixels * 1.05) + 4096 });
  if (r.code !== 0 || r.stdout.length < 16 || r.stdout.toString("latin1", 0, 2) !== "P5") {
    const detail = r.stderr.split("\n").slice(-3).join("; ") || `exit code ${r.code}`;
    throw new DocumentRejected(`the PDF is corrupt: page ${page} could not be rendered (${detail})`, "corrupt");
  }
  return r.stdout;
}
