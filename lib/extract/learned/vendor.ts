// Who issued a document, as keys to find the layouts learned for that vendor, strongest first:
// a registration number printed on it (VAT, ח.פ / ע.מ, …), the sender's email domain, the name.
import { normalizeText } from "../text";
import { normalizeName } from "./layout";

export type VendorEvidence = { text: string; sender?: string; recipient?: string; vendor?: string };

/** Keys such as "reg:DE123456789", "domain:acme.com", "name:acme", strongest first. */
export function vendorKeys(e: VendorEvidence): string[] {
  const keys = registrationNumbers(e.text).map((r) => `reg:${r}`);
  const domain = senderDomain(e.sender, e.recipient);
  if (domain) keys.push(`domain:${domain}`);
  const name = e.vendor && vendorName(e.vendor);
  if (name) keys.push(`name:${name}`);
  return keys;
}

// A registration number follows (or, in right-to-left text laid out as seen, precedes) its label.
const REG_LABEL = String.raw`(?:VAT|V\.A\.T\.|BTW|TVA|MwSt|USt|UID|IVA|P\.\s?IVA|NIP|CIF|NIF|GSTIN|GST|ABN|TRN|Tax\s?(?:ID|No)|KvK|SIRE[NT]|CHE|ח\.\s?פ\.?|ח"פ|ע\.\s?מ\.?|ע"מ|עוסק\s?מורשה|מספר\s?עוסק|ח\.?\s?פ)`;
const REG_LABEL_RE = new RegExp(`(?<![\\p{L}])${REG_LABEL}(?![\\p{L}])`, "giu");
// An optional country prefix, then digits (and a few letters) in groups a single space, dot or dash apart.
const REG_VALUE_RE = /(?<![\p{L}\d])(?:[A-Z]{2,3}[ .-]?)?\d(?:[ .\-/]?[\dA-Z]){6,16}(?![\p{L}\d])/gu;
/** Words that open the customer's block: the customer's own number is not the vendor's. */
const CUSTOMER_RE = /(?:bill(?:ed)?\s*to|sold\s*to|ship\s*to|deliver\s*to|customer|client|buyer|kunde|klant|cliente|destinataire|empf[aä]nger|nabywca|odbiorca|afnemer|לכבוד|לקוח)(?!\s*(?:service|care|support|dienst|nservice|enservice))/iu;

/** The vendor's registration numbers on the document, compacted ("DE 123 456 789" → "DE123456789"). */
export function registrationNumbers(text: string): string[] {
  const lines = normalizeText(text.slice(0, 200_000)).split("\n");
  const found: string[] = [];
  lines.forEach((line, i) => {
    for (const label of line.matchAll(REG_LABEL_RE)) {
      const after = [...line.slice(label.index! + label[0].length).matchAll(REG_VALUE_RE)][0];
      const before = [...line.slice(0, label.index!).matchAll(REG_VALUE_RE)].at(-1);
      const hit = after && /^[^\p{L}\p{N}]*(?:(?:no|nr|number|reg|id|idnr|num|n°|nº)\b[^\p{L}\p{N}]*)*$/iu.test(line.slice(label.index! + label[0].length, label.index! + label[0].length + after.index!))
        ? { text: after[0], column: label.index! + label[0].length + after.index! }
        : before && /^[^\p{L}\p{N}]*$/u.test(line.slice(before.index! + before[0].length, label.index!))
          ? { text: before[0], column: before.index! }
          : undefined;
      if (!hit) continue;
      const compact = hit.text.replace(/[ .\-/]/g, "").toUpperCase();
      if ((compact.match(/\d/g) ?? []).length < 7 || isCustomers(lines, i, hit.column)) continue;
      if (!found.includes(compact)) found.push(compact);
    }
  });
  return found;
}

/** Under a "Bill to" / "לקוח" heading, in the same column, within a few lines. */
function isCustomers(lines: string[], line: number, column: number): boolean {
  if (CUSTOMER_RE.test(lines[line].slice(0, column))) return true;
  for (let i = line - 1; i >= Math.max(0, line - 4); i--) {
    if (CUSTOMER_RE.test(lines[i].slice(Math.max(0, column - 30), column + 30))) return true;
  }
  return false;
}

// Addresses here say nothing about who issued the document.
const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com",
  "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "mail.ru", "yandex.ru", "yandex.com", "zoho.com",
  "fastmail.com", "hey.com", "tutanota.com", "qq.com", "163.com", "walla.co.il", "walla.com", "bezeqint.net", "netvision.net.il", "012.net.il", "013.net",
  "orange.fr", "free.fr", "laposte.net", "libero.it", "t-online.de", "wp.pl", "o2.pl", "seznam.cz",
]);
const FREE_MAIL_FAMILIES = /^(?:hotmail|outlook|live|yahoo|gmx)\.[a-z.]+$/;
const SECOND_LEVEL = /^(?:co|com|org|net|ac|gov|edu|ltd|plc|muni)\.[a-z]{2}$/;

/** The organisation's domain of a sender address ("billing@mail.acme.co.uk" → "acme.co.uk"); none for free mail or mail from the recipient's own domain (forwarded). */
export function senderDomain(sender?: string, recipient?: string): string | undefined {
  const domain = registrable(sender);
  if (!domain || FREE_MAIL.has(domain) || FREE_MAIL_FAMILIES.test(domain)) return undefined;
  if (domain === registrable(recipient)) return undefined;
  return domain;
}

function registrable(address?: string): string | undefined {
  const host = address?.match(/@([A-Za-z0-9.-]+\.[A-Za-z]{2,})>?\s*$/)?.[1]?.toLowerCase() ?? address?.match(/@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/)?.[1]?.toLowerCase();
  if (!host) return undefined;
  const parts = host.split(".");
  const keep = parts.length > 2 && SECOND_LEVEL.test(parts.slice(-2).join(".")) ? 3 : 2;
  return parts.slice(-keep).join(".");
}

const LEGAL_FORMS = /(?<![\p{L}\p{N}])(?:ltd|limited|llc|inc|incorporated|corp|corporation|co|company|plc|gmbh|ag|kg|bv|nv|sa|sas|sarl|srl|spa|sl|oy|ab|as|sp z o o|בעמ|בע מ)(?![\p{L}\p{N}])/gu;

// A heading misread as the vendor would make every vendor one.
const DOCUMENT_WORDS = /^(?:(?:tax|vat|kopie|copy|original|proforma|pro forma)\s)?(?:invoice|receipt|credit note|factuur|rechnung|facture|fattura|factura|faktura|fatura|payment|statement|חשבונית(?: מס)?(?: קבלה)?|קבלה)$/u;

/** A vendor's name as a key: normalised, legal form dropped ("ACME Ltd." → "acme"); none for a document heading. */
export function vendorName(name: string): string | undefined {
  const key = normalizeName(name.replace(/בע"מ/g, "")).replace(LEGAL_FORMS, " ").replace(/\s+/g, " ").trim();
  return key.replace(/\s/g, "").length >= 2 && !DOCUMENT_WORDS.test(key) ? key : undefined;
}
