import path from "node:path";

export const SUPPORTED_TYPES = ["application/pdf", "image/png", "image/jpeg", "application/xml"] as const;
export type SupportedType = (typeof SUPPORTED_TYPES)[number];

const EXTENSIONS: Record<SupportedType, string> = { "application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg", "application/xml": ".xml" };

/**
 * What the bytes really are, whatever the sender declared. XML counts only as an e-invoice (a UBL
 * or CII root, which parse.ts tells with lib/extract/einvoice/detect.ts): other XML is no document.
 */
export function sniffType(data: Buffer): Exclude<SupportedType, "application/xml"> | undefined {
  // PDFs may carry a little junk before the header; readers accept it within the first KB.
  if (data.subarray(0, 1024).includes("%PDF-")) return "application/pdf";
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return "image/png";
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return "image/jpeg";
  return undefined;
}

/**
 * A file name safe to show and to offer as a download: no folders, no control characters,
 * no leading dots, bounded length. Files are stored by hash, never by this name.
 */
export function sanitizeFilename(name: string | undefined, fallbackBase: string, type?: SupportedType): string {
  let base = (name ?? "").normalize("NFC").split(/[\\/]/).pop() ?? "";
  base = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, "").replace(/^[.\s]+/, "").trim();
  if (base.length > 200) {
    const ext = path.extname(base).slice(0, 10);
    base = base.slice(0, 200 - ext.length) + ext;
  }
  if (!base) base = fallbackBase + (type ? EXTENSIONS[type] : "");
  return base;
}

/**
 * Glob with `*` and `?`, case-insensitive, matching the whole string. The classic two-pointer
 * match, O(value × pattern) at worst: a regex would backtrack exponentially on `*a*a*a*…!`.
 */
export function globMatch(pattern: string, value: string): boolean {
  const p = Array.from(pattern.trim().toLowerCase());
  const s = Array.from(value.toLowerCase());
  let i = 0;
  let j = 0;
  // The last `*` seen, and where in the value it started matching: on a mismatch it takes one more character.
  let star = -1;
  let mark = 0;
  while (i < s.length) {
    if (j < p.length && (p[j] === "?" || (p[j] !== "*" && p[j] === s[i]))) {
      i++;
      j++;
    } else if (j < p.length && p[j] === "*") {
      star = j++;
      mark = i;
    } else if (star >= 0) {
      j = star + 1;
      i = ++mark;
    } else {
      return false;
    }
  }
  while (j < p.length && p[j] === "*") j++;
  return j === p.length;
}

/** A sender or subject is matched on its first this many characters: longer headers are junk, and matching costs their length. */
export const MATCH_MAX_CHARS = 1_000;

/** Sender and subject patterns match as globs or, without wildcards, as substrings. */
export function textMatches(pattern: string, value: string): boolean {
  const text = value.length > MATCH_MAX_CHARS ? value.slice(0, MATCH_MAX_CHARS) : value;
  return /[*?]/.test(pattern) ? globMatch(pattern, text) : text.toLowerCase().includes(pattern.trim().toLowerCase());
}
