// Test inputs for OCR, generated at test time: pages of text rendered by Chromium (English and
// Hebrew) as pictures or printed to text-layer PDFs, rotated and photo-like copies made on a
// canvas, image-only "scanned" PDFs, multi-page text-layer PDFs, a truncated PDF, a
// password-protected PDF (RC4-128, written here), and a PNG whose header claims 30,000 x 30,000
// pixels. Everything is deterministic for the same input.
import { createHash } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { readImageHeader } from "@/lib/ocr/image-header";
import { launchBrowser } from "./browser";
import { pngChunk } from "./mime";

// ---------------------------------------------------------------------------
// Sample documents

export const INVOICE_LINES = [
  "INVOICE",
  "Acme Office Supplies Ltd",
  "Invoice Number: INV-20417",
  "Date: 15 March 2024",
  "Description            Qty    Amount",
  "Printer paper A4        10    45.00",
  "Blue ballpoint pens     20    12.50",
  "Subtotal                      57.50",
  "VAT 17%                        9.78",
  "Total Due                     67.28",
];

export const HEBREW_INVOICE_LINES = [
  "חשבונית מס 4521",
  "ספק: חברת הדפוס בעמ",
  "תאריך: 12/05/2024",
  "נייר הדפסה 120.00",
  "מעמ 17% 20.40",
  'סה"כ לתשלום 140.40',
];

/** Lines of a dense A4 page of invoice text, different for each `seed` (for the benchmark). */
export function invoicePageLines(seed: number, lines = 40): string[] {
  const items = ["Printer paper A4", "Toner cartridge", "Stapler heavy duty", "Desk lamp LED", "Cable ties pack", "Envelopes C4", "Whiteboard markers", "Archive boxes", "Label printer tape", "USB flash drive"];
  const out = [`INVOICE ${10000 + seed}`, `Northwind Trading Company, 42 Harbour Street, Springfield`, `Date: ${1 + (seed % 28)} June 2024   Customer: C-${700 + seed}`, ""];
  let total = 0;
  for (let i = 0; out.length < lines - 2; i++) {
    const qty = 1 + ((seed * 7 + i * 3) % 19);
    const price = 2 + ((seed * 13 + i * 29) % 480) + ((i * 37) % 100) / 100;
    total += qty * price;
    out.push(`${String(i + 1).padStart(2, "0")}  ${items[(seed + i) % items.length].padEnd(22)} ${String(qty).padStart(3)} x ${price.toFixed(2).padStart(7)} = ${(qty * price).toFixed(2).padStart(9)}`);
  }
  out.push("", `Total due: ${total.toFixed(2)} USD, payable within 30 days.`);
  return out;
}

// ---------------------------------------------------------------------------
// Images, drawn by Chromium

export type RenderOptions = {
  lines: string[];
  /** Page size in CSS pixels (default 1100 x 800). */
  width?: number;
  height?: number;
  fontSize?: number;
  /** Right-to-left text (Hebrew). */
  rtl?: boolean;
  monospace?: boolean;
};

export type TransformOptions = {
  /** Clockwise quarter turns of the picture, as a sideways or upside-down scan. */
  rotate?: 0 | 90 | 180 | 270;
  /** A small tilt in degrees, as a hand-held photo. */
  tiltDegrees?: number;
  /** Gaussian-ish pixel noise amplitude (0-255). */
  noise?: number;
  /** Blur radius in pixels. */
  blur?: number;
  /** Darken one side, as uneven lighting. */
  shading?: boolean;
  /** Multiply the size (e.g. 0.5). */
  scale?: number;
  format?: "png" | "jpeg";
  /** JPEG quality 0..1 (default 0.8). */
  quality?: number;
  /** Seed of the noise. */
  seed?: number;
};

export type ImageFactory = {
  /** A white page with `lines` in black, as PNG. */
  renderText(opts: RenderOptions): Promise<Buffer>;
  /** The same page printed by Chromium to an A4 PDF with a text layer (embedded fonts). */
  printPdf(opts: RenderOptions): Promise<Buffer>;
  /** A changed copy of a PNG or JPEG (rotated, tilted, noisy, blurred, re-encoded). */
  transform(image: Buffer, opts: TransformOptions): Promise<Buffer>;
  close(): Promise<void>;
};

/** One headless Chromium for a test file; close() it in `after`. */
export async function startImageFactory(): Promise<ImageFactory> {
  const browser: Browser = await launchBrowser();
  const page: Page = await browser.newPage({ deviceScaleFactor: 1 });
  const show = async (opts: RenderOptions) => {
    const fontSize = opts.fontSize ?? 28;
    const escape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    const family = opts.monospace ? "'DejaVu Sans Mono', 'Liberation Mono', monospace" : "'DejaVu Sans', 'Noto Sans Hebrew', 'Liberation Sans', sans-serif";
    await page.setContent(
      `<!doctype html><html lang="${opts.rtl ? "he" : "en"}" dir="${opts.rtl ? "rtl" : "ltr"}"><body style="margin:0;background:#fff">` +
        `<div style="padding:${Math.round(fontSize * 1.6)}px;font:${fontSize}px/1.45 ${family};color:#111;white-space:pre">` +
        opts.lines.map((l) => `<div>${escape(l) || "&nbsp;"}</div>`).join("") +
        `</div></body></html>`,
    );
  };
  return {
    async renderText(opts) {
      await page.setViewportSize({ width: opts.width ?? 1100, height: opts.height ?? 800 });
      await show(opts);
      return page.screenshot({ type: "png" });
    },

    async printPdf(opts) {
      await show({ fontSize: 14, ...opts });
      return page.pdf({ format: "A4" });
    },

    async transform(image, opts) {
      const mime = image[0] === 0xff ? "image/jpeg" : "image/png";
      // Passed as source text: tsx's transform would add helpers the page doesn't have.
      const src = `data:${mime};base64,${image.toString("base64")}`;
      const dataUrl = (await page.evaluate(`(${TRANSFORM_IN_PAGE})(${JSON.stringify(src)}, ${JSON.stringify(opts)})`)) as string;
      return Buffer.from(dataUrl.slice(dataUrl.indexOf(",") + 1), "base64");
    },

    async close() {
      await browser.close();
    },
  };
}

// Runs inside the page: draws the image on a canvas, turned, tilted, blurred, shaded and noisy.
const TRANSFORM_IN_PAGE = `async function (src, o) {
  const img = new Image();
  img.src = src;
  await img.decode();
  const scale = o.scale ?? 1;
  const w0 = Math.round(img.naturalWidth * scale);
  const h0 = Math.round(img.naturalHeight * scale);
  const quarter = (o.rotate ?? 0) % 180 !== 0;
  const canvas = document.createElement("canvas");
  canvas.width = quarter ? h0 : w0;
  canvas.height = quarter ? w0 : h0;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.translate(canvas.width / 2, canvas.height / 2);
  ctx.rotate((((o.rotate ?? 0) + (o.tiltDegrees ?? 0)) * Math.PI) / 180);
  if (o.blur) ctx.filter = "blur(" + o.blur + "px)";
  ctx.drawImage(img, -w0 / 2, -h0 / 2, w0, h0);
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.filter = "none";
  if (o.shading) {
    const g = ctx.createLinearGradient(0, 0, canvas.width, canvas.height);
    g.addColorStop(0, "rgba(0,0,0,0)");
    g.addColorStop(1, "rgba(60,50,20,0.35)");
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
  }
  if (o.noise) {
    const data = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let s = (o.seed ?? 1) >>> 0 || 1;
    function rnd() { s = (s * 1664525 + 1013904223) >>> 0; return s / 4294967296; }
    for (let i = 0; i < data.data.length; i += 4) {
      const n = (rnd() + rnd() + rnd() - 1.5) * o.noise; // roughly normal
      data.data[i] += n;
      data.data[i + 1] += n;
      data.data[i + 2] += n;
    }
    ctx.putImageData(data, 0, 0);
  }
  return o.format === "jpeg" ? canvas.toDataURL("image/jpeg", o.quality ?? 0.8) : canvas.toDataURL("image/png");
}`;

/**
 * A PNG whose header says `width` x `height` but whose data is a few bytes: what a decompression
 * bomb looks like to a header check. Decoding it would fail (and first try to allocate GBs).
 */
export function hugePngHeader(width = 30_000, height = 30_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

export type DrawOptions = {
  lines: string[];
  width: number;
  height?: number;
  fontSize: number;
  /** Text and paper colours (CSS), e.g. a faded thermal print: "#8a8a8a" on "#b4b4b4". */
  ink?: string;
  paper?: string;
  /** Turned clockwise by this many degrees, as a slanted photo (the canvas grows to hold it). */
  tiltDegrees?: number;
  /** Share of pixels turned into dark specks (0-1), deterministic. */
  speckle?: number;
};

/**
 * Lines of monospaced text drawn by librsvg through sharp (no browser): fast enough for unit
 * tests, and in any size, colour and tilt. PNG, 8-bit grey.
 */
export async function drawText(opts: DrawOptions): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  const lineHeight = Math.round(opts.fontSize * 1.4);
  const pad = Math.round(opts.fontSize * 1.2);
  const height = opts.height ?? pad * 2 + lineHeight * opts.lines.length;
  const escape = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${height}">` +
    `<rect width="100%" height="100%" fill="${opts.paper ?? "#ffffff"}"/>` +
    `<text font-family="DejaVu Sans Mono, Liberation Mono, monospace" font-size="${opts.fontSize}" fill="${opts.ink ?? "#111111"}" xml:space="preserve">` +
    opts.lines.map((l, i) => `<tspan x="${pad}" y="${pad + lineHeight * (i + 1) - Math.round(lineHeight * 0.3)}">${escape(l)}</tspan>`).join("") +
    `</text></svg>`;
  const drawn = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const { info } = drawn;
  const data: Buffer = channel(drawn.data, info.channels);
  if (opts.speckle) {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    for (let i = 0; i < data.length; i++) if (rnd() < opts.speckle) data[i] = Math.round(rnd() * 60);
  }
  let image = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } });
  if (opts.tiltDegrees) {
    const paper = Math.round(data[0]);
    image = sharp(await image.rotate(opts.tiltDegrees, { background: { r: paper, g: paper, b: paper } }).greyscale().png().toBuffer());
  }
  return image.greyscale().png().toBuffer();
}

/** The first of `channels` interleaved channels. */
function channel(data: Buffer, channels: number): Buffer {
  if (channels === 1) return data;
  const out = Buffer.alloc(data.length / channels);
  for (let i = 0; i < out.length; i++) out[i] = data[i * channels];
  return out;
}

// ---------------------------------------------------------------------------
// PDFs

type PdfObject = Buffer | string;

/** Serializes numbered objects (1..n, object 1 the catalog) with a correct xref table. */
function writePdf(objects: PdfObject[], trailerExtra = ""): Buffer {
  const chunks: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), typeof body === "string" ? Buffer.from(body, "latin1") : body, Buffer.from("\nendobj\n")]);
    chunks.push(obj);
    offset += obj.length;
  });
  const xref =
    `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailerExtra}>>\nstartxref\n${offset}\n%%EOF\n`;
  chunks.push(Buffer.from(xref, "latin1"));
  return Buffer.concat(chunks);
}

function streamObject(dict: string, data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`, "latin1"), data, Buffer.from("\nendstream")]);
}

/** Helvetica lines from the top left of a page `pageHeight` points tall. */
function textContent(lines: string[], fontSize = 12, pageHeight = 842): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, "\\$&").replace(/[^\x20-\x7e]/g, "?");
  const ops = ["BT", `/F1 ${fontSize} Tf`, `${Math.round(fontSize * 1.3)} TL`, `56 ${pageHeight - 52} Td`, ...lines.map((l, i) => `${i ? "T* " : ""}(${esc(l)}) Tj`), "ET"];
  return Buffer.from(ops.join("\n"), "latin1");
}

/** A text-layer PDF with one A4 page per entry of `pages` (each a list of lines, Helvetica). */
export function makeTextPdf(pages: string[][], opts: { fontSize?: number } = {}): Buffer {
  // 1 catalog, 2 pages, 3 font, then (page, contents) pairs.
  const kids = pages.map((_, i) => `${4 + i * 2} 0 R`).join(" ");
  const objects: PdfObject[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${kids}] /Count ${pages.length} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
  ];
  pages.forEach((lines, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${5 + i * 2} 0 R >>`);
    objects.push(streamObject("", textContent(lines, opts.fontSize)));
  });
  return writePdf(objects);
}

/**
 * An image-only PDF, as a scanner makes: each JPEG fills one A4 page (or `pageSize` points),
 * no text layer. `textPages` adds text-layer pages after the scans (a mixed document).
 */
export function makeScannedPdf(jpegs: Buffer[], opts: { pageSize?: [number, number]; textPages?: string[][] } = {}): Buffer {
  const [pw, ph] = opts.pageSize ?? [595, 842];
  const textPages = opts.textPages ?? [];
  const total = jpegs.length + textPages.length;
  // 1 catalog, 2 pages, 3 font, then (page, contents, image) triples for scans, pairs for text.
  const objects: PdfObject[] = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"];
  const kids: string[] = [];
  for (const jpeg of jpegs) {
    const header = readImageHeader(jpeg);
    if (header.format !== "jpeg") throw new Error("makeScannedPdf takes JPEG pages");
    const pageNo = objects.length + 1;
    kids.push(`${pageNo} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Resources << /XObject << /Im0 ${pageNo + 2} 0 R >> >> /Contents ${pageNo + 1} 0 R >>`);
    objects.push(streamObject("", Buffer.from(`q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q`, "latin1")));
    const colour = header.components === 1 ? "/DeviceGray" : header.components === 4 ? "/DeviceCMYK" : "/DeviceRGB";
    objects.push(streamObject(`/Type /XObject /Subtype /Image /Width ${header.width} /Height ${header.height} /ColorSpace ${colour} /BitsPerComponent 8 /Filter /DCTDecode`, jpeg));
  }
  for (const lines of textPages) {
    const pageNo = objects.length + 1;
    kids.push(`${pageNo} 0 R`);
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageNo + 1} 0 R >>`);
    objects.push(streamObject("", textContent(lines, 12, ph)));
  }
  objects[1] = `<< /Type /Pages /Kids [${kids.join(" ")}] /Count ${total} >>`;
  return writePdf(objects);
}

/** The first `fraction` of a file, as an interrupted download or a cut-off attachment. */
export function truncate(bytes: Buffer, fraction = 0.6): Buffer {
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

// Standard security handler, revision 3 (RC4, 128-bit key): PDF 1.4's "password to open".
const PASSWORD_PAD = Buffer.from("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A", "hex");

const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
const padPassword = (p: string) => Buffer.concat([Buffer.from(p, "latin1").subarray(0, 32), PASSWORD_PAD]).subarray(0, 32);

function rc4(key: Buffer, data: Buffer): Buffer {
  const s = Array.from({ length: 256 }, (_, i) => i);
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
  }
  const out = Buffer.alloc(data.length);
  for (let n = 0, i = 0, j = 0; n < data.length; n++) {
    i = (i + 1) & 0xff;
    j = (j + s[i]) & 0xff;
    [s[i], s[j]] = [s[j], s[i]];
    out[n] = data[n] ^ s[(s[i] + s[j]) & 0xff];
  }
  return out;
}

/** RC4 with the key XORed by 1..19 after the first pass: algorithms 3 and 5 of the spec. */
function rc4Twenty(key: Buffer, data: Buffer): Buffer {
  let out = rc4(key, data);
  for (let i = 1; i <= 19; i++) out = rc4(Buffer.from(key.map((b) => b ^ i)), out);
  return out;
}

/**
 * A one-page text PDF that needs `userPassword` to open (RC4-128, revision 3). Readers without
 * the password can see only that it is encrypted; with it, the page says `lines`.
 */
export function makeEncryptedPdf(lines: string[], userPassword = "secret", ownerPassword = "owner-secret"): Buffer {
  const id = md5(Buffer.from(lines.join("\n")));
  const permissions = -3904; // print/copy allowed; the value matters only for the key
  // Algorithm 3: the O entry.
  let ownerKey = md5(padPassword(ownerPassword));
  for (let i = 0; i < 50; i++) ownerKey = md5(ownerKey);
  const O = rc4Twenty(ownerKey.subarray(0, 16), padPassword(userPassword));
  // Algorithm 2: the file key.
  const p = Buffer.alloc(4);
  p.writeInt32LE(permissions);
  let key = md5(padPassword(userPassword), O, p, id);
  for (let i = 0; i < 50; i++) key = md5(key.subarray(0, 16));
  key = key.subarray(0, 16);
  // Algorithm 5: the U entry (16 bytes that matter, 16 arbitrary).
  const U = Buffer.concat([rc4Twenty(key, md5(PASSWORD_PAD, id)), Buffer.alloc(16)]);
  // Each object's strings and streams use a key derived from its number and generation.
  const objectKey = (num: number) => md5(key, Buffer.from([num & 0xff, (num >> 8) & 0xff, (num >> 16) & 0xff, 0, 0])).subarray(0, 16);

  const objects: PdfObject[] = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    streamObject("", rc4(objectKey(5), textContent(lines))),
    `<< /Filter /Standard /V 2 /R 3 /Length 128 /P ${permissions} /O <${O.toString("hex")}> /U <${U.toString("hex")}> >>`,
  ];
  return writePdf(objects, `/Encrypt 6 0 R /ID [<${id.toString("hex")}> <${id.toString("hex")}>] `);
}

/**
 * A picture (PNG from drawText) as a phone photographs it: the paper on a dark table, lit from
 * one corner (the far side in shadow), with sensor grain, turned a little. 8-bit grey PNG.
 */
export async function photograph(png: Buffer, opts: { margin?: number; table?: number; grain?: number; tiltDegrees?: number } = {}): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  const paper = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const src = channel(paper.data, paper.info.channels);
  const margin = opts.margin ?? 60;
  const table = opts.table ?? 55;
  const width = paper.info.width + margin * 2;
  const height = paper.info.height + margin * 2;
  const data = Buffer.alloc(width * height, table);
  for (let y = 0; y < paper.info.height; y++) src.copy(data, (y + margin) * width + margin, y * paper.info.width, (y + 1) * paper.info.width);
  let seed = 4242;
  const rnd = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
  const grain = opts.grain ?? 30;
  const far = Math.hypot(width, height);
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0; x < width; x++, i++) {
      // Light from the top left: full there, under half in the far corner.
      const light = 1 - 0.6 * (Math.hypot(x, y) / far);
      data[i] = Math.max(0, Math.min(255, Math.round(data[i] * light + (rnd() - 0.5) * grain)));
    }
  }
  let image = sharp(data, { raw: { width, height, channels: 1 } });
  if (opts.tiltDegrees) image = sharp(await image.rotate(opts.tiltDegrees, { background: { r: table, g: table, b: table } }).greyscale().png().toBuffer());
  return image.greyscale().png().toBuffer();
}
