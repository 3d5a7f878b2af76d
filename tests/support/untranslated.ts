import type { Page } from "playwright-core";

// Names that stay as they are in every language.
const NAMES = /\b(Mailroom|IMAP|IMAPS|POP3|Gmail|Google|Workspace|Outlook|iCloud|Yahoo|Microsoft|Apple|OAuth|PDF|SMTP|Gemini|OCR|SHA-256|API|UTC|TLS|SSL|STARTTLS|JPG|JPEG|PNG|WEBP|GIF|TIFF|CSV|JSON|Bearer|Authorization)\b/g;

/**
 * The interface's own words on a page that are still English (or a raw message key) when the page
 * should speak another language. People's data is not the interface's: what a page marks as data
 * (`dir="auto"`, `<bdi>`, `<code>`, `<pre>`, `translate="no"`, form values) is skipped, and so are
 * e-mail addresses, host names, URLs and hexadecimal digests.
 */
export async function untranslatedText(page: Page): Promise<string[]> {
  const texts = (await page.evaluate(COLLECT)) as string[];
  const problems = new Set<string>();
  for (const text of texts) {
    const words = text
      .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ") // e-mail addresses
      .replace(/\bhttps?:\/\/\S+/g, " ")
      .replace(/\b[a-z0-9-]+(\.[a-z0-9-]+)+\.(test|com|net|org|io|co|il|local|localhost)\b/gi, " ") // host names
      .replace(/\b[0-9a-f]{16,}\b/gi, " ")
      .replace(NAMES, " ");
    const key = words.match(/\b[a-z][a-zA-Z]+(\.[a-zA-Z]+)+\b/);
    if (key) problems.add(`${text} (looks like a message key: ${key[0]})`);
    else if (/[A-Za-z]{3,}/.test(words)) problems.add(text);
  }
  return [...problems];
}

// Runs in the page as plain JavaScript (a string, so the test runner's transform cannot add helpers to it).
const COLLECT = `(() => {
  const DATA = '[dir="auto"], bdi, code, pre, kbd, samp, [translate="no"], script, style, noscript, template, option[lang], [data-user-content]';
  const out = [];
  const visible = (el) => (el.checkVisibility ? el.checkVisibility({ checkVisibilityCSS: true }) : true);
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(DATA) || !visible(parent)) continue;
    const text = node.textContent.trim();
    if (text) out.push(text);
  }
  // What assistive technology and hover read out is interface text too.
  for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], img[alt]")) {
    if (el.closest(DATA)) continue;
    for (const attr of ["aria-label", "title", "placeholder", "alt"]) {
      const v = (el.getAttribute(attr) || "").trim();
      if (v) out.push(v);
    }
  }
  out.push(document.title);
  return out;
})()`;
