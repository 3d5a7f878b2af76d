// A message parsed from its file as a stream, with the same MIME parser and settings as parse.ts:
// each attachment is written to a file of its own as it is decoded, hashed on the way, and judged
// from its size and first bytes by the same judgeAttachment. Only the text body is held in memory.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { MailParser, type AttachmentStream, type Headers, type MessageText, type ParsedMail } from "mailparser";
import type { FileBody } from "../storage/types";
import { describeMessage, judgeAttachment, partHeaders, JUDGE_HEAD_BYTES, MAX_FORWARD_DEPTH, PARSER_OPTIONS, type AttachmentDecision, type MessagePart, type ParsedMessage } from "./parse";

export type FileAnalysis = { parsed?: Omit<ParsedMessage, "parts">; parseError?: string; decisions: AttachmentDecision<FileBody>[] };

/** A part written out: how it was sent, its file, its first bytes and its SHA-256. */
type SavedPart = Omit<MessagePart, "content"> & { forwarded: boolean; file: FileBody; head: Buffer; sha256: string };

/**
 * The message in `file` parsed and its attachments judged; kept ones point at their files in `dir`
 * (a private temp folder the caller removes). A message the parser refuses gets `parseError`, as in
 * memory; a file that cannot be read or written is our failure and rejects.
 */
export async function analyzeMessageFile(file: string, dir: string, maxAttachmentBytes: number): Promise<FileAnalysis> {
  let message: { parsed: Omit<ParsedMessage, "parts">; parts: SavedPart[] };
  try {
    message = await parseMessageFile(file, dir, 0);
  } catch (err) {
    if (isFileError(err)) throw err;
    return { parseError: `The message could not be parsed: ${(err as Error).message}`, decisions: [] };
  }
  const decisions = message.parts.map((p, i): AttachmentDecision<FileBody> => {
    const judged = judgeAttachment({ ...p, size: p.file.size }, i, { maxBytes: maxAttachmentBytes });
    return judged.keep ? { ...judged, sha256: p.sha256, content: p.file } : judged;
  });
  return { parsed: message.parsed, decisions };
}

/** Like parseMessage: forwarded messages (message/rfc822) are opened for their attachments, from their own files. */
async function parseMessageFile(file: string, dir: string, depth: number): Promise<{ parsed: Omit<ParsedMessage, "parts">; parts: SavedPart[] }> {
  const { parsed, saved } = await readMessage(file, dir);
  const parts: SavedPart[] = [];
  for (const part of saved) {
    if (part.forwarded && depth < MAX_FORWARD_DEPTH) {
      const inner = await parseMessageFile(part.file.path, dir, depth + 1).catch((err) => {
        if (isFileError(err)) throw err;
        return undefined;
      });
      if (inner) {
        parts.push(...inner.parts);
        continue;
      }
    }
    parts.push(part);
  }
  return { parsed, parts };
}

async function readMessage(file: string, dir: string): Promise<{ parsed: Omit<ParsedMessage, "parts">; saved: SavedPart[] }> {
  const parser = new MailParser(PARSER_OPTIONS);
  let headers: Headers | undefined;
  parser.on("headers", (h: Headers) => (headers = h));
  const input = createReadStream(file);
  input.once("error", (err) => parser.destroy(err));
  input.pipe(parser);
  const saved: SavedPart[] = [];
  let text: MessageText | undefined;
  try {
    for await (const data of parser as AsyncIterable<AttachmentStream | MessageText>) {
      if (data.type === "text") {
        text = data;
        continue;
      }
      // The parser waits for release() before it reads on, so parts are written one at a time.
      saved.push(await savePart(data, path.join(dir, `part-${randomUUID()}`)));
      data.release?.();
    }
  } finally {
    input.destroy();
  }
  const header = <T>(key: string) => headers?.get(key) as T | undefined;
  const parsed = describeMessage({
    messageId: header<string>("message-id"),
    from: header<ParsedMail["from"]>("from"),
    to: header<ParsedMail["to"]>("to"),
    subject: header<string>("subject"),
    date: header<Date>("date"),
    inReplyTo: header<string>("in-reply-to"),
    references: header<ParsedMail["references"]>("references"),
    replyTo: header<ParsedMail["replyTo"]>("reply-to"),
    headerLines: parser.headerLines || [],
    text: text?.text,
    html: text?.html,
  });
  return { parsed, saved };
}

async function savePart(att: AttachmentStream, target: string): Promise<SavedPart> {
  const hash = createHash("sha256");
  const head: Buffer[] = [];
  let headBytes = 0;
  let size = 0;
  await pipeline(
    att.content,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        if (headBytes < JUDGE_HEAD_BYTES) {
          const take = Buffer.from(chunk.subarray(0, JUDGE_HEAD_BYTES - headBytes));
          head.push(take);
          headBytes += take.length;
        }
        yield chunk;
      }
    },
    createWriteStream(target, { flags: "wx", mode: 0o600 }),
  );
  return { ...partHeaders(att), forwarded: att.contentType === "message/rfc822", file: { path: target, size }, head: Buffer.concat(head), sha256: hash.digest("hex") };
}

/** A file that could not be read or written (a full disk, say): Mailroom's side, unlike a message the parser refuses. */
export function isFileError(err: unknown): boolean {
  const e = err as { syscall?: unknown; path?: unknown } | undefined;
  return typeof e?.syscall === "string" && typeof e.path === "string";
}
