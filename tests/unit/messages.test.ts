import { test } from "node:test";
import assert from "node:assert/strict";
import { createTranslator } from "next-intl";
import { MESSAGES } from "../../lib/i18n/messages";
import { LOCALES } from "../../lib/i18n/locales";

type Tree = { [key: string]: string | Tree };

function leaves(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of leaves(v, key)) out.set(kk, vv);
  }
  return out;
}

// The names a message fills in: `{count, plural, …}` and `{name}` alike (not the words inside plural branches).
function argumentsOf(message: string): string[] {
  return [...new Set([...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*(?:[,}])/g)].map((m) => m[1]))].sort();
}

const english = leaves(MESSAGES.en as unknown as Tree);

test("every language has exactly the English keys, none empty", () => {
  for (const locale of LOCALES) {
    const other = leaves(MESSAGES[locale] as unknown as Tree);
    assert.deepEqual([...english.keys()].filter((k) => !other.has(k)), [], `${locale} lacks these keys`);
    assert.deepEqual([...other.keys()].filter((k) => !english.has(k)), [], `${locale} has keys English does not`);
    assert.deepEqual([...other].filter(([, v]) => !v.trim()).map(([k]) => k), [], `${locale} has empty messages`);
  }
});

test("each translation fills in the same values as its English message", () => {
  const hebrew = leaves(MESSAGES.he as unknown as Tree);
  const mismatched = [...english].filter(([k, v]) => hebrew.has(k) && argumentsOf(v).join() !== argumentsOf(hebrew.get(k)!).join());
  assert.deepEqual(mismatched.map(([k]) => k), []);
});

test("every message is valid ICU in its language and formats with sample values", () => {
  for (const locale of LOCALES) {
    const problems: string[] = [];
    const t = createTranslator({ locale, messages: MESSAGES[locale], onError: (e) => problems.push(e.message) });
    for (const [key, message] of leaves(MESSAGES[locale] as unknown as Tree)) {
      const values = Object.fromEntries(argumentsOf(message).map((a) => [a, 2]));
      // Rich-text tags (<link>…</link>) need a function; plain tags get one that keeps the text.
      const tags = Object.fromEntries([...message.matchAll(/<(\w+)>/g)].map((m) => [m[1], (chunks: unknown) => chunks]));
      const out = /<\w+>/.test(message) ? t.rich(key as never, { ...values, ...tags } as never) : t(key as never, values as never);
      assert.ok(out, `${locale} ${key} formats to nothing`);
    }
    assert.deepEqual(problems, [], `${locale} messages that do not format`);
  }
});

test("Hebrew messages are written in Hebrew", () => {
  // Brand, protocol and format names stay as they are; everything else a Hebrew reader sees is Hebrew.
  const names = /\b(Mailroom|IMAP|POP3|Gmail|Google|Outlook|iCloud|Yahoo|Microsoft|PDF|SMTP|Gemini|OCR|SHA-256|API|UTC|TLS|STARTTLS|JPG|PNG|CSV|JSON)\b/g;
  const english = [...leaves(MESSAGES.he as unknown as Tree)].filter(([, v]) => {
    // Keep the words of plural and select branches; drop the ICU syntax around them.
    const words = v
      .replace(/\{\s*\w+\s*,\s*(number|date|time)\s*(,\s*[\w:-]+)?\s*\}/g, " ")
      .replace(/\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,/g, " ")
      .replace(/(^|[\s}])(zero|one|two|few|many|other|=\d+|[a-z_]+)\s*\{/g, "$1 ")
      .replace(/\{\s*\w+\s*\}|<\/?\w+>|[{}#]/g, " ")
      .replace(names, "");
    return /[A-Za-z]{3,}/.test(words) && !/[\u0590-\u05FF]/.test(words);
  });
  assert.deepEqual(english.map(([k, v]) => `${k}: ${v}`), []);
});
