// Hand-written MIME fixture builders: raw RFC 822 messages (CRLF line endings,
// base64 bodies wrapped at 76 chars) plus tiny valid PDF/PNG/JPEG files.
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { crc32, deflateSync } from "node:zlib";

const CRLF = "\r\n";

// ---------------------------------------------------------------------------
// Files

/**
 * A valid one-page PDF showing `text` (one line per "\n"), with correct xref offsets.
 * The full text is also stored as the UTF-16 document title, so any two different texts
 * give different bytes even where the page font (Helvetica, Latin-1) can't draw them.
 * `padToBytes` adds an unused stream object so the file is about that size (never smaller
 * than the unpadded PDF).
 */
export function makePdf(text: string, opts: { padToBytes?: number } = {}): Buffer {
  const target = opts.padToBytes ?? 0;
  let pad = 0;
  let pdf = buildPdf(text, pad);
  // Converge on the target: the padding object's own header grows with its length digits.
  for (let i = 0; i < 4 && target > 0 && pdf.length !== target; i++) {
    const next = Math.max(0, pad + (target - pdf.length));
    if (next === pad) break;
    pad = next;
    pdf = buildPdf(text, pad);
  }
  return pdf;
}

function buildPdf(text: string, padBytes: number): Buffer {
  const lines = text.split(/\r?\n/);
  const content = [
    "BT",
    "/F1 14 Tf",
    "16 TL",
    "72 720 Td",
    ...lines.map((line, i) => `${i === 0 ? "" : "T* "}(${pdfLatin1String(line)}) Tj`),
    "ET",
  ].join("\n");
  const contentBytes = Buffer.from(content, "latin1");

  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] " +
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    ),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
    stream(contentBytes),
    Buffer.from(`<< /Title <${pdfUtf16Hex(text)}> /Producer (mailroom tests) >>`),
  ];
  if (padBytes > 0) objects.push(stream(padding(text, padBytes)));

  return serializePdf(objects, "1.4");
}

/** Numbered objects (1 is the catalog, 6 the info dictionary) as a PDF file with a correct cross-reference table. */
export function serializePdf(objects: Buffer[], version: string): Buffer {
  const chunks: Buffer[] = [Buffer.from(`%PDF-${version}\n%\xe2\xe3\xcf\xd3\n`, "latin1")];
  let offset = chunks[0].length;
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(offset);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    chunks.push(obj);
    offset += obj.length;
  });
  // Each xref entry is exactly 20 bytes: 10-digit offset, 5-digit generation, type, 2-byte EOL.
  const xref = [
    "xref",
    `0 ${objects.length + 1}`,
    "0000000000 65535 f \n" +
      offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
      "trailer",
    `<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>`,
    "startxref",
    String(offset),
    "%%EOF\n",
  ].join("\n");
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
}

function stream(data: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`<< /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream")]);
}

/** Deterministic filler bytes that depend on the text (printable, so the PDF stays readable). */
function padding(text: string, length: number): Buffer {
  const out = Buffer.alloc(length);
  let block = createHash("sha256").update(text).digest();
  for (let i = 0; i < length; i += 64) {
    const hex = Buffer.from(block.toString("hex"));
    hex.copy(out, i, 0, Math.min(64, length - i));
    block = createHash("sha256").update(block).digest();
  }
  for (let i = 63; i < length; i += 64) out[i] = 0x0a; // keep lines short
  return out;
}

/** A PDF literal string in Latin-1 (Helvetica's WinAnsi); characters outside it become "?". */
export function pdfLatin1String(s: string): string {
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\" || ch === "(" || ch === ")") out += `\\${ch}`;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code >= 0xa0 && code <= 0xff) out += `\\${code.toString(8).padStart(3, "0")}`;
    else out += "?";
  }
  return out;
}

function pdfUtf16Hex(s: string): string {
  const le = Buffer.from(s, "utf16le");
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return "FEFF" + le.toString("hex").toUpperCase();
}

/** A small valid RGB PNG (gradient); `seed` changes the pixels and so the bytes. */
export function makePng(opts: { width?: number; height?: number; seed?: number } = {}): Buffer {
  const width = opts.width ?? 16;
  const height = opts.height ?? 16;
  const seed = opts.seed ?? 0;
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      raw[row + 1 + x * 3] = (x * 16 + seed) & 0xff;
      raw[row + 2 + x * 3] = (y * 16 + seed * 7) & 0xff;
      raw[row + 3 + x * 3] = (128 + seed * 13) & 0xff;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk("IHDR", ihdr),
    pngChunk("IDAT", deflateSync(raw)),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** One PNG chunk: length, type, data and the CRC over type and data. */
export function pngChunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([len, typeAndData, crc]);
}

/**
 * A valid baseline JPEG: an 8x8 flat grey square (DC-only block, one-symbol Huffman
 * tables). `shade` (0-255, default 128) changes the grey level and so the bytes.
 */
export function makeJpeg(opts: { shade?: number } = {}): Buffer {
  const shade = Math.max(0, Math.min(255, Math.round(opts.shade ?? 128)));
  // DC coefficient of a flat block = 8 * (value - 128); quantise with 8 so |dc| <= 128.
  const dc = Math.round(shade - 128);
  const category = dc === 0 ? 0 : Math.floor(Math.log2(Math.abs(dc))) + 1;
  const dcBits = dc >= 0 ? dc : dc + (1 << category) - 1;
  const segment = (marker: number, body: number[]) => [0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body];
  // Huffman: DC table has one symbol (the category) with code "0"; AC table has EOB only, code "0".
  let bits = "0" + (category ? dcBits.toString(2).padStart(category, "0") : "") + "0";
  bits = bits.padEnd(Math.ceil(bits.length / 8) * 8, "1");
  const scan: number[] = [];
  for (let i = 0; i < bits.length; i += 8) {
    const byte = parseInt(bits.slice(i, i + 8), 2);
    scan.push(byte);
    if (byte === 0xff) scan.push(0x00); // byte stuffing
  }
  const oneCode = (symbol: number) => [1, ...Array(15).fill(0), symbol];
  return Buffer.from([
    0xff, 0xd8, // SOI
    ...segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF
    ...segment(0xdb, [0x00, 8, ...Array(63).fill(1)]), // DQT 0: DC step 8, AC step 1
    ...segment(0xc0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]), // SOF0: 8x8, 1 component
    ...segment(0xc4, [0x00, ...oneCode(category)]), // DHT DC 0
    ...segment(0xc4, [0x10, ...oneCode(0x00)]), // DHT AC 0
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]), // SOS
    ...scan,
    0xff, 0xd9, // EOI
  ]);
}

// ---------------------------------------------------------------------------
// Messages

export type FilenameEncoding = "plain" | "rfc2231" | "encoded-word";

export type Attachment = {
  filename: string;
  contentType: string;
  content: Buffer;
  inline?: boolean;
  contentId?: string;
  /** Default: "plain" for ASCII names, "rfc2231" otherwise. */
  filenameEncoding?: FilenameEncoding;
};

export type MessageOptions = {
  from?: string;
  to?: string;
  subject?: string;
  date?: Date;
  messageId?: string;
  text?: string;
  /** Optional HTML body; with text it becomes multipart/alternative. */
  html?: string;
  attachments?: Attachment[];
  /** More headers, as given ("Auto-Submitted": "auto-replied"). */
  headers?: Record<string, string>;
};

/**
 * A complete message. Layout: multipart/mixed { multipart/related { body, inline parts },
 * attachments }, with each level dropped when it would hold a single part. Attachments of
 * type message/rfc822 are embedded as-is (7bit/8bit), everything else is base64.
 */
export function buildMessage(opts: MessageOptions = {}): string {
  const headers = [
    `From: ${encodeAddress(opts.from ?? "Sender <sender@example.com>")}`,
    `To: ${encodeAddress(opts.to ?? "Recipient <recipient@example.com>")}`,
    foldHeader("Subject", encodeWords(opts.subject ?? "Test message")),
    `Date: ${formatDate(opts.date ?? new Date())}`,
    `Message-ID: ${opts.messageId ?? `<${randomUUID()}@mailroom.test>`}`,
    ...Object.entries(opts.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
  ];
  const attachments = opts.attachments ?? [];
  const inline = attachments.filter((a) => a.inline);
  const regular = attachments.filter((a) => !a.inline);

  let body = bodyPart(opts.text ?? "", opts.html);
  if (inline.length) body = multipart("related", [body, ...inline.map(attachmentPart)]);
  if (regular.length) body = multipart("mixed", [body, ...regular.map(attachmentPart)]);
  return [...headers, ...body.headers].join(CRLF) + CRLF + CRLF + body.body;
}

/** A forward: text plus a message/rfc822 attachment containing `inner` unchanged. */
export function buildForwarded(
  inner: string | Buffer,
  opts: MessageOptions & { innerFilename?: string } = {},
): string {
  const innerText = toCrlf(typeof inner === "string" ? inner : inner.toString("utf8"));
  return buildMessage({
    subject: "Fwd: forwarded message",
    text: "---------- Forwarded message ----------",
    ...opts,
    attachments: [
      {
        filename: opts.innerFilename ?? "forwarded.eml",
        contentType: "message/rfc822",
        content: Buffer.from(innerText, "utf8"),
      },
      ...(opts.attachments ?? []),
    ],
  });
}

export type BrokenVariant = "missing-boundary" | "unclosed" | "bad-base64" | "kitchen-sink";

/**
 * A message with broken MIME that a parser must survive:
 * - "missing-boundary": multipart whose declared boundary never appears in the body;
 * - "unclosed": parts start but the closing boundary (and the last part) are cut off;
 * - "bad-base64": an attachment whose base64 has garbage characters and bad padding;
 * - "kitchen-sink" (default): all of the above plus a header line without a colon,
 *   an unterminated quoted parameter and an unknown charset.
 */
export function buildBrokenMessage(variant: BrokenVariant = "kitchen-sink"): string {
  const head = (contentType: string) =>
    [
      "From: Broken Sender <broken@example.com>",
      "To: recipient@example.com",
      `Subject: Broken MIME (${variant})`,
      `Date: ${formatDate(new Date(Date.UTC(2024, 0, 15, 9, 30)))}`,
      `Message-ID: <broken-${variant}-${randomUUID()}@mailroom.test>`,
      "MIME-Version: 1.0",
      `Content-Type: ${contentType}`,
    ].join(CRLF) + CRLF + CRLF;
  const pdfB64 = wrap76(makePdf("broken attachment").toString("base64"));

  switch (variant) {
    case "missing-boundary":
      return (
        head('multipart/mixed; boundary="never-appears-anywhere"') +
        ["This text sits in the preamble: the boundary above never appears.", "--some-other-boundary",
          "Content-Type: text/plain", "", "Not a real part either.", "--some-other-boundary--", ""].join(CRLF)
      );
    case "unclosed":
      return (
        head('multipart/mixed; boundary="cut-off"') +
        ["--cut-off", "Content-Type: text/plain; charset=utf-8", "", "First part is fine.", "--cut-off",
          'Content-Type: application/pdf; name="truncated.pdf"', "Content-Transfer-Encoding: base64",
          'Content-Disposition: attachment; filename="truncated.pdf"', "", pdfB64.slice(0, pdfB64.length >> 1)].join(CRLF)
      );
    case "bad-base64":
      return (
        head('multipart/mixed; boundary="b64"') +
        ["--b64", "Content-Type: text/plain", "", "See attachment.", "--b64",
          'Content-Type: application/pdf; name="garbage.pdf"', "Content-Transfer-Encoding: base64",
          'Content-Disposition: attachment; filename="garbage.pdf"', "",
          "JVBERi0xLjQK!!!not*base64***", "@@@@====abc=de", "Zm9v=YmFy", "--b64--", ""].join(CRLF)
      );
    case "kitchen-sink":
      return (
        head('multipart/mixed; boundary="outer"') +
        [
          "preamble",
          "--outer",
          "Content-Type: text/plain; charset=x-unknown-charset",
          "this header line has no colon",
          "",
          "Body in an unknown charset: caf\u00e9.",
          "--outer",
          'Content-Type: multipart/alternative; boundary="inner-never-appears"',
          "",
          "Nested multipart whose boundary never shows up.",
          "--outer",
          'Content-Type: application/pdf; name="unterminated.pdf',
          "Content-Transfer-Encoding: base64",
          'Content-Disposition: attachment; filename="unterminated.pdf',
          "",
          "JVBERi0xLjQK!!!garbage###",
          "--outer",
          "Content-Type: application/octet-stream",
          "Content-Transfer-Encoding: base64",
          'Content-Disposition: attachment; filename="cut.bin"',
          "",
          pdfB64.slice(0, 100),
        ].join(CRLF)
      );
  }
}

// ---------------------------------------------------------------------------
// MIME helpers

type Part = { headers: string[]; body: string };

function bodyPart(text: string, html?: string): Part {
  const textPart = textLeaf("plain", text);
  if (html === undefined) return textPart;
  return multipart("alternative", [textPart, textLeaf("html", html)]);
}

function textLeaf(subtype: "plain" | "html", content: string): Part {
  const canonical = toCrlf(content);
  const plain7bit = /^[\x00-\x7f]*$/.test(canonical) && canonical.split(CRLF).every((l) => l.length <= 998);
  return plain7bit
    ? { headers: [`Content-Type: text/${subtype}; charset=utf-8`, "Content-Transfer-Encoding: 7bit"], body: canonical }
    : {
        headers: [`Content-Type: text/${subtype}; charset=utf-8`, "Content-Transfer-Encoding: base64"],
        body: wrap76(Buffer.from(canonical, "utf8").toString("base64")),
      };
}

function attachmentPart(a: Attachment): Part {
  const encoding = a.filenameEncoding ?? (isPlainParamValue(a.filename) ? "plain" : "rfc2231");
  const disposition = a.inline ? "inline" : "attachment";
  const headers = [
    foldParams(`Content-Type: ${a.contentType}`, encodeParam("name", a.filename, encoding)),
    foldParams(`Content-Disposition: ${disposition}`, encodeParam("filename", a.filename, encoding)),
  ];
  const contentId = a.contentId ?? (a.inline ? `${randomUUID()}@mailroom.test` : undefined);
  if (contentId) headers.push(`Content-ID: <${contentId.replace(/^<|>$/g, "")}>`);

  if (a.contentType.toLowerCase() === "message/rfc822") {
    const inner = toCrlf(a.content.toString("utf8"));
    headers.push(`Content-Transfer-Encoding: ${/^[\x00-\x7f]*$/.test(inner) ? "7bit" : "8bit"}`);
    return { headers, body: inner };
  }
  headers.push("Content-Transfer-Encoding: base64");
  return { headers, body: wrap76(a.content.toString("base64")) };
}

function multipart(subtype: string, parts: Part[]): Part {
  if (parts.length === 1 && subtype !== "mixed") return parts[0];
  const boundary = `----=_mailroom_${randomBytes(12).toString("hex")}`;
  const body =
    parts.map((p) => `--${boundary}${CRLF}${p.headers.join(CRLF)}${CRLF}${CRLF}${p.body}${CRLF}`).join("") +
    `--${boundary}--${CRLF}`;
  return { headers: [`Content-Type: multipart/${subtype};${CRLF} boundary="${boundary}"`], body };
}

/** Parameter value that can go in a plain quoted-string: printable ASCII without quotes/backslashes. */
function isPlainParamValue(value: string): boolean {
  return /^[\x20-\x7e]*$/.test(value) && !/["\\]/.test(value);
}

/** One or more `key=value` pieces (RFC 2231 continuations for long values). */
function encodeParam(key: string, value: string, encoding: FilenameEncoding): string[] {
  switch (encoding) {
    case "plain":
      return [`${key}="${value.replace(/(["\\])/g, "\\$1")}"`];
    case "encoded-word":
      return [`${key}="${encodeWords(value, true).join(" ")}"`];
    case "rfc2231": {
      const encoded = rfc2231Encode(value);
      if (encoded.length <= 60) return [`${key}*=utf-8''${encoded}`];
      // Split into continuations without breaking %XX escapes.
      const pieces: string[] = [];
      let rest = encoded;
      while (rest.length) {
        let cut = Math.min(45, rest.length);
        const pct = rest.lastIndexOf("%", cut - 1);
        if (pct > cut - 3 && pct >= 0 && cut < rest.length) cut = pct;
        pieces.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      return pieces.map((p, i) => `${key}*${i}*=${i === 0 ? "utf-8''" : ""}${p}`);
    }
  }
}

function rfc2231Encode(value: string): string {
  let out = "";
  for (const byte of Buffer.from(value, "utf8")) {
    const ch = String.fromCharCode(byte);
    out += /[A-Za-z0-9!#$&+\-.^_`|~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function foldParams(head: string, params: string[]): string {
  return [head, ...params].join(`;${CRLF} `);
}

/**
 * RFC 2047 B-encoding, split into encoded-words of at most 75 chars on character
 * boundaries. ASCII-only input stays as-is unless `force`.
 */
function encodeWords(value: string, force = false): string[] {
  if (!force && /^[\x20-\x7e]*$/.test(value) && !/=\?/.test(value)) return [value];
  const words: string[] = [];
  let chunk = "";
  for (const ch of value) {
    // 39 raw bytes -> 52 base64 chars -> 64-char encoded-word, so "Subject: " + word fits 78.
    if (Buffer.byteLength(chunk + ch, "utf8") > 39) {
      words.push(chunk);
      chunk = "";
    }
    chunk += ch;
  }
  if (chunk || !words.length) words.push(chunk);
  return words.map((w) => `=?UTF-8?B?${Buffer.from(w, "utf8").toString("base64")}?=`);
}

function foldHeader(name: string, words: string[]): string {
  return `${name}: ${words.join(`${CRLF} `)}`;
}

/** "Name <addr>" with a non-ASCII display name becomes "=?UTF-8?B?...?= <addr>". */
function encodeAddress(address: string): string {
  const match = /^\s*(.*?)\s*<([^>]+)>\s*$/.exec(address);
  if (!match || !match[1]) return address;
  const name = match[1].replace(/^"(.*)"$/, "$1");
  if (/^[\x20-\x7e]*$/.test(name)) return /[()<>@,;:\\".[\]]/.test(name) ? `"${name.replace(/(["\\])/g, "\\$1")}" <${match[2]}>` : `${name} <${match[2]}>`;
  return `${encodeWords(name, true).join(" ")} <${match[2]}>`;
}

function formatDate(date: Date): string {
  return date.toUTCString().replace(/GMT$/, "+0000");
}

function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, CRLF);
}

function wrap76(b64: string): string {
  return b64.replace(/.{76}/g, `$&${CRLF}`).replace(/\r\n$/, "");
}
