// A large Gmail message is not held in memory: messages.get's JSON answer is read as a stream and
// its `raw` field (the whole message, base64url) decoded into a file as it arrives. stream-json
// hands the string over in pieces; nothing else of the answer is kept.
import { pipeline, Readable } from "node:stream";
import { parserStream } from "stream-json";
import type { Token } from "stream-json/parser.js";
import { writeHashed, type HashedFile } from "../large-message";
import type { OAuthClient } from "./client";
import { GET_UNITS } from "./batch";
import type { QuotaPacer } from "./quota";

/** The message `id` (format raw) written to `file`, with its size and SHA-256; undefined when Gmail no longer has it. */
export async function downloadGmailRaw(auth: OAuthClient, rootUrl: string, id: string, file: string, pacer?: QuotaPacer): Promise<HashedFile | undefined> {
  await pacer?.take(GET_UNITS);
  let body: Readable;
  try {
    const res = await auth.request<Readable>({ url: new URL(`gmail/v1/users/me/messages/${encodeURIComponent(id)}`, rootUrl).toString(), params: { format: "raw" }, responseType: "stream" });
    body = res.data;
  } catch (err) {
    const e = err as { status?: number; response?: { data?: unknown } };
    if (e.status === 404) return undefined; // deleted since it was listed
    // A streamed request's error answer comes as text or a stream: parsed, the error reads as any other Gmail error.
    if (e.response) e.response.data = await errorBody(e.response.data);
    throw err;
  }
  return writeHashed(rawField(body), file);
}

/** The decoded bytes of the top-level `raw` string of a JSON object streamed in `json`; throws when it has none. */
export async function* rawField(json: AsyncIterable<Buffer | string>): AsyncGenerator<Buffer> {
  // Keys whole (they are short), strings in pieces: the raw string is never held whole.
  // A failure on either side destroys both, and the loop below throws it.
  const tokens = pipeline(Readable.from(json), parserStream({ packKeys: true, streamKeys: false, packStrings: false, streamStrings: true }), () => {}) as AsyncIterable<Token>;
  let depth = 0;
  let key: string | undefined;
  let inRaw = false;
  let found = false;
  // base64url decodes 4 characters at a time: a piece's tail waits for the next piece.
  let rest = "";
  for await (const t of tokens) {
    switch (t.name) {
      case "startObject":
      case "startArray":
        depth++;
        break;
      case "endObject":
      case "endArray":
        depth--;
        break;
      case "keyValue":
        if (depth === 1) key = t.value;
        break;
      case "startString":
        inRaw = depth === 1 && key === "raw";
        break;
      case "stringChunk":
        if (inRaw) {
          const text = rest + t.value;
          const whole = text.length - (text.length % 4);
          rest = text.slice(whole);
          if (whole > 0) yield Buffer.from(text.slice(0, whole), "base64url");
        }
        break;
      case "endString":
        if (inRaw) {
          if (rest) yield Buffer.from(rest, "base64url");
          found = true;
          inRaw = false;
        }
        break;
    }
  }
  if (!found) throw new Error("Gmail's answer carried no message");
}

async function errorBody(data: unknown): Promise<unknown> {
  let text = data;
  if (data instanceof Readable) {
    text = "";
    for await (const chunk of data) if ((text as string).length < 65_536) text += String(chunk);
  }
  if (typeof text !== "string") return data;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
