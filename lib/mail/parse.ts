import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { simpleParser, type Attachment as ParsedAttachment, type AddressObject, type ParsedMail } from "mailparser";
import { sniffEInvoice } from "../extract/einvoice/detect";
import { globMatch, sanitizeFilename, sniffType, SUPPORTED_TYPES, type SupportedType } from "./attachments";
import type { ReplyHeaders } from "../triage/schemas";
import type { AccountFilters } from "../db/schema/accounts";

export type MessagePart = {
  filename: string;
  declaredType: string;
  content: Buffer;
  inline: boolean;
};

export type ParsedMessage = {
  messageId?: string;
  from?: string;
  to?: string;
  subject?: string;
  date?: Date;
  /** The plain-text body, or the HTML body's text when there is no plain part. */
  text?: string;
  /** What auto-replies need: threading, and the RFC 3834 signs of mail that must not be answered. */
  replyHeaders: ReplyHeaders;
  parts: MessagePart[];
};

/** Why an inline image is not kept: triage does not count such images as attachments. */
export const INLINE_IMAGE_REASON = "inline image in the message body";

/** What judging a part looks at: how it was sent, its size, and its first JUDGE_HEAD_BYTES bytes. */
export type AttachmentFacts = { filename: string; declaredType: string; inline: boolean; size: number; head: Buffer };
/** Enough of a part's start to tell its type: sniffType reads the first KB, sniffEInvoice the first 8 KB. */
export const JUDGE_HEAD_BYTES = 8 * 1024;

export type SkippedAttachment = { keep: false; filename: string; declaredType: string; contentType?: string; size: number; reason: string };
export type KeptAttachment = { keep: true; filename: string; contentType: SupportedType; sha256: string; size: number; declaredType: string };
/** A kept part with its bytes: in memory (`Buffer`) or, for a streamed message, a temp file. */
export type AttachmentDecision<Body = Buffer> = (KeptAttachment & { content: Body }) | SkippedAttachment;

/** Forwarded messages inside forwarded messages are opened this deep for their attachments. */
export const MAX_FORWARD_DEPTH = 3;

/** The MIME parser's settings, the same for messages parsed in memory and streamed: only what storing reads. */
export const PARSER_OPTIONS = { skipHtmlToText: true, skipTextToHtml: true, skipTextLinks: true } as const;

/**
 * The parser is fed pieces of this size. mailparser turns each piece it is given into strings
 * (base64 decoding works on text): a whole message of a few hundred KB made strings too large for
 * V8's young generation, each one a full collection's worth of garbage. In 64 KB pieces, parsing a
 * message with a 100 KB PDF took 40% less CPU.
 */
const PARSE_PIECE_BYTES = 64 * 1024;

/** Parses a raw message, descending into forwarded messages (message/rfc822) for their attachments. */
export async function parseMessage(raw: Buffer, depth = 0): Promise<ParsedMessage> {
  const mail = await simpleParser(inPieces(raw), PARSER_OPTIONS);
  const parts: MessagePart[] = [];
  for (const att of mail.attachments) {
    if (att.contentType === "message/rfc822" && depth < MAX_FORWARD_DEPTH) {
      const inner = await parseMessage(att.content, depth + 1).catch(() => undefined);
      if (inner) {
        parts.push(...inner.parts);
        continue;
      }
    }
    parts.push(toPart(att));
  }
  return { ...describeMessage(mail), parts };
}

function inPieces(raw: Buffer): Buffer | Readable {
  if (raw.length <= PARSE_PIECE_BYTES) return raw;
  const pieces: Buffer[] = [];
  for (let at = 0; at < raw.length; at += PARSE_PIECE_BYTES) pieces.push(raw.subarray(at, at + PARSE_PIECE_BYTES));
  return Readable.from(pieces, { objectMode: false });
}

/** A message's headers and text as stored, from what the MIME parser read (here, or streaming in parse-file.ts). */
export function describeMessage(mail: Pick<ParsedMail, "messageId" | "from" | "to" | "subject" | "date" | "text" | "html" | "headerLines" | "inReplyTo" | "references" | "replyTo">): Omit<ParsedMessage, "parts"> {
  return {
    messageId: mail.messageId,
    from: addressText(mail.from),
    to: addressText(mail.to),
    subject: mail.subject,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date : undefined,
    text: mail.text ?? (typeof mail.html === "string" ? htmlText(mail.html) : undefined),
    replyHeaders: replyHeaders(mail),
  };
}

const MAX_HEADER_CHARS = 2_000;
const RAW_REPLY_HEADERS = { "auto-submitted": "auto_submitted", precedence: "precedence", "list-id": "list_id", "list-unsubscribe": "list_unsubscribe", "return-path": "return_path", "x-auto-response-suppress": "x_auto_response_suppress" } as const;

/** The headers auto-replies look at, as sent (unfolded, capped); absent ones are left out. */
export function replyHeaders(mail: Pick<ParsedMail, "headerLines" | "inReplyTo" | "references" | "replyTo" | "from">): ReplyHeaders {
  const out: ReplyHeaders = {};
  for (const { key, line } of mail.headerLines ?? []) {
    const name = RAW_REPLY_HEADERS[key.toLowerCase() as keyof typeof RAW_REPLY_HEADERS];
    if (!name || out[name] !== undefined) continue;
    out[name] = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim().slice(0, MAX_HEADER_CHARS);
  }
  if (mail.inReplyTo) out.in_reply_to = mail.inReplyTo.slice(0, 998);
  const refs = typeof mail.references === "string" ? mail.references.split(/\s+/) : (mail.references ?? []);
  if (refs.length) out.references = refs.filter(Boolean).slice(-50).map((r) => r.slice(0, 998));
  const name = (Array.isArray(mail.from) ? mail.from[0] : mail.from)?.value[0]?.name;
  if (name) out.from_name = name.slice(0, 200);
  const replyTo = addressText(mail.replyTo);
  if (replyTo) out.reply_to = replyTo.slice(0, 998);
  return out;
}

/** Which parts become documents, and why the others do not: a part held in memory. */
export function decideAttachment(part: MessagePart, index: number, opts: { maxBytes: number }): AttachmentDecision {
  const judged = judgeAttachment({ ...part, size: part.content.length, head: part.content.subarray(0, JUDGE_HEAD_BYTES) }, index, opts);
  if (!judged.keep) return judged;
  return { ...judged, sha256: createHash("sha256").update(part.content).digest("hex"), content: part.content };
}

/**
 * Whether a part becomes a document, from its size and first bytes alone, so a part streamed to a
 * temp file is judged exactly as one held in memory. A kept part still needs its SHA-256.
 */
export function judgeAttachment(part: AttachmentFacts, index: number, opts: { maxBytes: number }): Omit<KeptAttachment, "sha256"> | SkippedAttachment {
  const size = part.size;
  const sniffed: SupportedType | undefined = sniffType(part.head) ?? (sniffEInvoice(part.head) ? "application/xml" : undefined);
  const filename = sanitizeFilename(part.filename, `attachment-${index + 1}`, sniffed);
  const base = { keep: false as const, filename, declaredType: part.declaredType, contentType: sniffed, size };
  if (size === 0) return { ...base, reason: "empty attachment (0 bytes)" };
  if (size > opts.maxBytes) return { ...base, reason: `larger than the ${formatMb(opts.maxBytes)} limit (${formatMb(size)})` };
  if (part.inline && sniffed !== "application/pdf" && sniffed !== "application/xml") return { ...base, reason: INLINE_IMAGE_REASON };
  if (!sniffed) {
    const declaredSupported = (SUPPORTED_TYPES as readonly string[]).includes(part.declaredType);
    const declaredXml = part.declaredType === "application/xml" || part.declaredType === "text/xml" || /\.xml$/i.test(filename);
    return {
      ...base,
      reason: declaredXml
        ? "XML that is not an e-invoice (its root is not a UBL Invoice/CreditNote or a CII CrossIndustryInvoice)"
        : declaredSupported
          ? `declared ${part.declaredType} but the content is not a valid ${part.declaredType.split("/")[1].toUpperCase()}`
          : `unsupported file type ${part.declaredType}`,
    };
  }
  return { keep: true, filename, contentType: sniffed, size, declaredType: part.declaredType };
}

/** The account's file name filters, applied after judging: a kept part they exclude is skipped with the reason. */
export function applyFilenameFilters<D extends AttachmentDecision<unknown>>(d: D, filters: AccountFilters): D | SkippedAttachment {
  if (!d.keep) return d;
  const include = filters.filename_include ?? [];
  const exclude = filters.filename_exclude ?? [];
  const excluded = exclude.some((p) => globMatch(p, d.filename));
  const notIncluded = include.length > 0 && !include.some((p) => globMatch(p, d.filename));
  if (!excluded && !notIncluded) return d;
  return {
    keep: false,
    filename: d.filename,
    declaredType: d.declaredType,
    contentType: d.contentType,
    size: d.size,
    reason: excluded ? "excluded by the account's file name filter" : "does not match the account's file name filter",
  };
}

/** A decision without its bytes: what the rows need once the file is stored. */
export function withoutContent(d: AttachmentDecision<unknown>): KeptAttachment | SkippedAttachment {
  return d.keep ? { keep: true, filename: d.filename, contentType: d.contentType, sha256: d.sha256, size: d.size, declaredType: d.declaredType } : d;
}

/** Each kept file once: two parts with the same content are one file. */
export function uniqueKept<D extends { keep: boolean }>(decisions: D[]): Extract<D, { keep: true; sha256: string }>[] {
  return [...new Map(decisions.filter((d): d is Extract<D, { keep: true; sha256: string }> => d.keep).map((d) => [d.sha256, d])).values()];
}

/** How a part was sent: its name, its declared type, and whether it is an image inside the body. */
export function partHeaders(att: Pick<ParsedAttachment, "filename" | "contentType" | "contentDisposition" | "related" | "cid">): Omit<MessagePart, "content"> {
  // Inline parts referenced from the HTML body (logos, signatures) are not documents people sent.
  const inline = att.contentDisposition === "inline" && Boolean(att.related || att.cid);
  return { filename: att.filename ?? "", declaredType: (att.contentType || "application/octet-stream").toLowerCase(), inline };
}

function toPart(att: ParsedAttachment): MessagePart {
  return { ...partHeaders(att), content: att.content };
}

function addressText(a: AddressObject | AddressObject[] | undefined): string | undefined {
  if (!a) return undefined;
  const list = Array.isArray(a) ? a : [a];
  const text = list.map((x) => x.value.map((v) => v.address ?? v.name).filter(Boolean).join(", ")).join(", ");
  return text || undefined;
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

/** Rough text of an HTML body, enough for keyword rules and a reader: tags dropped, common entities decoded. */
function htmlText(html: string): string {
  return html
    .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, "\n")
    .replace(/<[^>]+>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/[ \t]+/g, " ")
    .replace(/\n\s*\n+/g, "\n\n")
    .trim();
}
