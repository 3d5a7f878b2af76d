// The vendor: who issued the document. A label ("Supplier:"), a name with a legal suffix, the top
// block before the customer's, or the name the sender's address gives, in that order of trust.
import type { ExtractionInput } from "./types";
import { columnar, lineHits, pick, type Candidate, type LabelHit, type Line } from "./lines";
import { foldAccents } from "./text";

const LEGAL_SUFFIX = String.raw`(?:ltd|limited|inc|incorporated|llc|l\.l\.c|llp|plc|corp|corporation|co|company|gmbh|ag|kg|ug|e\.?\s?k|ohg|b\.?v|n\.?v|bvba|vof|s\.?a\.?r\.?l|sarl|sas|sasu|eurl|s\.?a|s\.?p\.?a|s\.?r\.?l|s\.?l|s\.?n\.?c|lda|oy|ab|a\/s|as|aps|pty|pte|k\.?k|sdn\.?\s?bhd|bhd|pvt|kft|s\.?r\.?o|a\.?s|sp\.?\s?z\s?o\.?\s?o|sp\.?\s?j|s\.?c)\.?`;
// Suffixes in any case ("GmbH", "LTD", "b.v."), the name still starting with a capital: the regex cannot take the i flag.
const anyCase = (src: string) => src.replace(/(?<!\\)[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const VENDOR_SUFFIX_RE = new RegExp(
  String.raw`(?<![\p{L}\d])([\p{Lu}\p{Lo}][\p{L}\p{N}&'’.,\- ]{1,60}?(?:\s|,\s?)${anyCase(LEGAL_SUFFIX)}(?:\s+(?:&\s*[cC][oO]\.?\s*)?${anyCase(LEGAL_SUFFIX)})?)(?![\p{L}])`,
  "u",
);
const HE_SUFFIX_RE = /(?<![\p{L}])([\u05D0-\u05EA][\u05D0-\u05EA\d.'"\- ]{1,50}?\s(?:בע"?מ|בעמ|בע"(?![\p{L}])|(?:ושות'?|ושותפים)(?:\s+[\u05D0-\u05EA"'\-]+){0,4}))(?![\p{L}])/u;
const VENDOR_LABEL_RE = /(?<![\p{L}])(?:vendor|supplier|seller|merchant|issued\s+by|from|absender|aussteller|[eé]mise?\s+par|emitente|leverancier|lieferant|verkaufer|verkäufer|fournisseur|vendeur|fornitore|cedente|proveedor|emisor|sprzedawca|fornecedor|ספק|שם\s*הספק|שם\s*העסק|העוסק|מאת)(?=\s*:)/iu;
// The customer's block: whatever follows is not the issuer.
const CUSTOMER_RE =
  /(?<![\p{L}])(?:bill(?:ed)?\s*to|ship(?:ped)?\s*to|sold\s*to|deliver(?:ed)?\s*to|invoice\s*to|customer|client|recipient|attn|dear|factuuradres|afleveradres|klant|aan|rechnungsempf[aä]nger|rechnungsadresse|lieferadresse|kunde|empf[aä]nger|adresse\s*de\s*(?:facturation|livraison)|factur[eé]\s*[aà]|destinataire|cliente|destinatario|intestatario|spett\.?le|facturar\s*a|facturado\s*a|nabywca|odbiorca|kupuj[aą]cy|faturar\s*a|לכבוד|עבור|לקוח|שם\s*הלקוח|נמען)(?![\p{L}])/iu;
// Headings and titles: a document's name is never its issuer.
const TITLE_WORDS_RE =
  /(?<![\p{L}])(?:tax\s+invoice|invoice|receipt|sales\s+receipt|parking\s+receipt|credit\s+note|quotation|quote|estimate|statement|payment|remittance|(?:kopie\s+)?factuur|creditnota|kwitantie|bon|(?:kopie\s+)?rechnung|gutschrift|quittung|kassenbon|kassabon|kassenbeleg|beleg|tiquet|tal[ad]o|cupom\s+fiscal|facture(?:\s+d'acompte)?|re[cç]u|avoir|fattura|ricevuta|scontrino|nota\s+di\s+credito|factura(?:\s+simplificada)?|recibo|ticket|faktura(?:\s+vat)?|paragon(?:\s+fiskalny)?|rachunek|fatura(?:-recibo)?|nota\s+fiscal|duplicate|duplicado|duplikat|original|copy|kopie|copie|copia|חשבונית\s*מס\s*\/?\s*קבלה|חשבונית\s*מס|חשבונית\s*זיכוי|חשבונית|קבלה|הצעת\s*מחיר|מקור|העתק)(?![\p{L}])/giu;
const NOT_NAME_RE =
  /(?<![\p{L}])(?:tel|phone|fax|email|e-mail|www|http|street|st\.|road|rd\.|avenue|ave|suite|unit|p\.?o\.?\s*box|vat|reg|company\s*no|license|page|date|description|qty|quantity|amount|price|straat|laan|weg|plein|strasse|straße|str\.|platz|rue|boulevard|bd|via|viale|piazza|calle|avda|plaza|ul\.|rua|telefon|telefoon|datum|seite|pagina|page|omschrijving|beschreibung|bezeichnung|designation|désignation|descrizione|descripcion|descripción|opis|descricao|descrição|menge|aantal|quantite|quantité|prijs|preis|prix|prezzo|precio|cena|preco|preço|bedrag|betrag|montant|importo|importe|kwota|valor|btw|ust|mwst|tva|iva|nip|kvk|siret|iban|bic|טל|טלפון|פקס|רחוב|שדרות|דרך|ת\.ד|ח\.פ|ע\.מ|עוסק|תאריך|תיאור|כמות|מחיר|סכום|פריט|אזור\s*התעשייה)(?![\p{L}])|@|\d{3,}/iu;
const AMOUNT_WORD_RE = /^(?:total|sub-?total|grand\s+total|amount|balance|net|gross|vat|gst|tax|price|sum|summe|totaal|totale|importe|razem)(?![\p{L}])/iu;
const POSTCODE_OR_STREET_RE = /\b\d{4,5}\b|\b\d{2}-\d{3}\b|\b\d{4}\s?[A-Z]{2}\b|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2}|(?:straat|strasse|straße|str\.|street|rue|via|calle|laan|weg|road|ul\.)/iu;

// A business registration or tax id with its number: the issuer prints its own beside its name
// and address ("VAT GB123456789", "Steuernummer 99/123/45678", "NIP 525-123-45-67", "ח.פ. 514567890").
const TAX_ID_RE =
  /(?<![\p{L}])(?:(?:vat|gst|hst|tax|sst)(?:\s*(?:reg(?:istration)?|id(?:entification)?)\.?)?(?:\s*(?:no|number|nr|#)\.?)?|ein|abn|acn|gstin|company\s*(?:reg(?:istration)?|no)|reg(?:istration)?\s*no|ust[\s.-]*id(?:nr)?|ust-?idnr|steuer-?nr|steuernummer|st\.?-?nr|uid|hrb|btw(?:[\s-]*(?:nr|nummer|id))?|kvk|tva(?:\s*intracom(?:munautaire)?)?|siret|siren|p\.?\s?iva|partita\s*iva|c\.?\s?f\.?|codice\s*fiscale|nif|cif|nipc|nip|regon|krs|cnpj|mwst|org\.?\s*nr|ח\.?\s?פ|ע\.?\s?מ|עוסק\s*מורשה|מס'?\s*עוסק)[\s.:#°nº-]*(?:[A-Z]{1,3}[\s-]?)?\d[\d\s./-]{5,}/iu;
// Postcode and city: the last line of an address block.
const POSTCODE_CITY_RE = /(?<![\d])(?:\d{4}-\d{3}|\d{4,5}|\d{2}-\d{3}|\d{3}\s\d{2}|\d{4}\s?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?\s\d[A-Z]{2})\s+\p{L}{2,}|\p{L}{2,},?\s+(?:[A-Z]{2}\s+)?\d{5,7}\b/u;

export function detectVendor(lines: Line[], hits: LabelHit[], input: ExtractionInput): Candidate<string> | undefined {
  const nonEmpty = lines.filter((l) => l.text.trim());
  const top = nonEmpty.slice(0, Math.max(8, Math.ceil(nonEmpty.length * 0.4)));
  // Lines under a "Bill to" / "לכבוד" heading belong to the customer: from the heading's column on
  // when the header is laid out in columns (the issuer often sits in the column beside it), else whole.
  const customer = new Map<number, number>();
  for (const l of nonEmpty) {
    const at = l.labels.search(CUSTOMER_RE);
    if (at < 0) continue;
    const inColumn = columnar(l.text) && at > 0 ? Math.max(0, at - 2) : 0;
    customer.set(l.index, inColumn);
    const alone = l.text.trim().replace(CUSTOMER_RE, "").replace(/[:\s]/g, "").length === 0 || columnar(l.text);
    if (!alone) continue;
    let hadName = false;
    for (let k = l.index + 1, taken = 0; taken < 4 && k < lines.length; k++) {
      // OCR may leave a blank line under the heading; a blank line after the block ends it.
      if (!lines[k].text.trim() && taken === 0 && k === l.index + 1) continue;
      if (!lines[k].text.trim() || VENDOR_LABEL_RE.test(lines[k].labels)) break;
      // A second company name starts another block (addresses without postcodes give no end).
      const named = VENDOR_SUFFIX_RE.test(lines[k].text) || HE_SUFFIX_RE.test(lines[k].text);
      if (named && hadName && !inColumn) break;
      hadName ||= named;
      customer.set(k, inColumn);
      taken++;
      // The block ends with its postcode and city (when the lines are not columns shared with the issuer).
      if (!inColumn && taken > 1 && POSTCODE_CITY_RE.test(lines[k].text)) break;
    }
  }
  const isCustomer = (l: Line, start: number) => customer.has(l.index) && start >= customer.get(l.index)!;
  const cands: Candidate<string>[] = [];
  for (const l of lines) {
    const m = new RegExp(VENDOR_LABEL_RE.source + String.raw`\s*:\s*(.*?)(?:\s{3,}|$)`, "diu").exec(l.labels);
    if (!m) continue;
    let [from, to] = m.indices?.[1] ?? [0, 0];
    let source = l;
    if (!/\p{L}{2}/u.test(m[1])) {
      // "From:" alone on its line: the name is on the next one.
      const next = lines[l.index + 1];
      if (!next || !/\p{L}{2}/u.test(next.text)) continue;
      source = next;
      from = 0;
      to = next.text.search(/\s{3,}\S/) > 0 ? next.text.search(/\s{3,}\S/) : next.text.length;
    }
    // "Absender: Nordlicht GmbH, Am Hafen 1, Kiel": the name, not its address.
    const labelled = cleanName(source.text.slice(from, to));
    const name = VENDOR_SUFFIX_RE.exec(labelled)?.[1] ?? labelled.replace(/,\s*[^,]*\d.*$/u, "");
    if (/\p{L}{2}/u.test(name)) cands.push({ value: cleanName(name), conf: 0.92, line: l.index });
  }
  // The line's columns, headings taken out, without the customer's.
  const segmentsOf = (l: Line) =>
    [...l.text.matchAll(/\S+(?:(?!\s[·|•]\s)\s{1,2}\S+)*/g)]
      .filter((m) => !isCustomer(l, m.index!))
      .map((m) => m[0].replace(/^[·|•]\s|\s[·|•]$/g, "").replace(TITLE_WORDS_RE, " ").replace(/\s+/g, " ").trim())
      .filter(Boolean);
  for (const [rank, l] of top.entries()) {
    for (const seg of segmentsOf(l)) {
      const m = VENDOR_SUFFIX_RE.exec(seg) ?? HE_SUFFIX_RE.exec(seg);
      // "Total inc GST": an amount's label, not a company called "Total Inc".
      if (m && AMOUNT_WORD_RE.test(m[1])) continue;
      if (m && !CUSTOMER_RE.test(seg)) cands.push({ value: cleanName(m[1]), conf: 0.9 - rank * 0.01, line: l.index });
    }
  }
  // The name over an address and a tax id, anywhere on the page (text in odd order puts the
  // issuer's block last; names without a legal suffix are found only this way).
  for (const l of lines) {
    const id = TAX_ID_RE.exec(l.labels);
    if (!id || isCustomer(l, id.index)) continue;
    const name = nameAbove(lines, l, id.index, isCustomer, segmentsOf);
    if (name) cands.push({ value: name.value, conf: 0.86, line: name.line });
  }
  for (const l of lines) {
    const m = /(?:payable\s+to|remit\s+to|pay\s+to)\s*:?\s*([^.\n]{2,60}?(?:\.(?=\w)[^.\n]*?)*)(?:\.\s|\.$|$|,)/i.exec(l.text);
    if (m) cands.push({ value: cleanName(m[1]), conf: 0.8, line: l.index });
  }
  if (!cands.length) {
    // The first line that reads like a name: letters, not an address, phone, date or label.
    for (const [rank, l] of top.entries()) {
      if (lineHits(hits, l.index).length) continue;
      for (const seg of segmentsOf(l)) {
        const name = seg.replace(/^[^\p{L}]+|[^\p{L}.)]+$/gu, "").trim();
        const letters = (name.match(/\p{L}/gu) ?? []).length;
        const digits = (seg.match(/\d/g) ?? []).length;
        if (letters < 3 || letters < name.length * 0.6 || digits > letters / 3 || NOT_NAME_RE.test(seg) || name.split(/\s+/).length > 6) continue;
        // A lone word under a street or postcode line is the city.
        const prev = lines[l.index - 1];
        if (!/\s/.test(name) && prev && POSTCODE_OR_STREET_RE.test(prev.text)) continue;
        cands.push({ value: name, conf: Math.max(0.4, 0.7 - rank * 0.05), line: l.index });
        break;
      }
      if (cands.length) break;
    }
  }
  // The sender's organisation is evidence: a candidate that carries its name or domain wins.
  const sender = senderWords(input.sender);
  for (const c of cands) if (sender.length && sender.some((w) => normalizeName(c.value).split(" ").includes(w))) c.conf = Math.min(0.97, c.conf + 0.1);
  const best = pick(cands, "first");
  if (best) return best;
  return vendorFromSender(input.sender);
}

/**
 * The issuer's name for a tax id: on the id's line before it, or on the first of the three lines
 * above that reads like a name (addresses, phones and labels skipped), in the id's column.
 */
function nameAbove(lines: Line[], idLine: Line, idAt: number, isCustomer: (l: Line, start: number) => boolean, segmentsOf: (l: Line) => string[]): { value: string; line: number } | undefined {
  const column = columnar(idLine.text) ? idAt : -1;
  const sameLine = idLine.text.slice(0, idAt).replace(/[\s,;|·•-]+$/u, "");
  const inline = sameLine.split(/\s{3,}|,\s*|\s[·|•]\s/).filter(Boolean)[0];
  const candidates: { text: string; line: Line; start: number }[] = [];
  if (inline) candidates.push({ text: inline, line: idLine, start: idLine.text.indexOf(inline) });
  // Three lines up, then the line under it (OCR may read a name set beside the title after the address).
  const below = lines.slice(idLine.index + 1).find((l) => l.text.trim());
  const around = [...lines.slice(0, idLine.index).filter((l) => l.text.trim()).slice(-3).reverse(), ...(below ? [below] : [])];
  for (const l of around) {
    for (const m of l.text.matchAll(/\S+(?:\s{1,2}\S+)*/g)) {
      if (column >= 0 && (m.index! + m[0].length < column - 2 || m.index! > column + 40)) continue;
      candidates.push({ text: m[0], line: l, start: m.index! });
    }
  }
  for (const c of candidates) {
    // OCR debris after the name on a scan: a run of symbols, or a token of punctuation alone.
    c.text = c.text.split(/\s+[^\p{L}\p{N}\s&]+(?=\s|$)|[^\p{L}\p{N}\s&'’.,()-]{2,}/u)[0];
    if (isCustomer(c.line, c.start) || TAX_ID_RE.test(c.text)) continue;
    // A label ("Tel:"), a house number or postcode, or a lone word under an address (the city).
    if (/:\s*$/.test(c.text) || (/\d/.test(cleanName(c.text)) && !VENDOR_SUFFIX_RE.test(c.text))) continue;
    const above = lines.slice(0, c.line.index).reverse().find((l) => l.text.trim());
    if (above && (c.text.match(/\p{L}{3,}/gu) ?? []).length <= 1 && POSTCODE_OR_STREET_RE.test(above.text)) continue;
    if (!segmentsOf(c.line).some((seg) => seg.includes(c.text.replace(TITLE_WORDS_RE, " ").replace(/\s+/g, " ").trim()))) continue;
    const value = cleanName(c.text.replace(TITLE_WORDS_RE, " ").replace(/^[^\p{L}]+|[^\p{L}.)]+$/gu, ""));
    const letters = (value.match(/\p{L}/gu) ?? []).length;
    if (letters < 3 || letters < value.length * 0.6 || NOT_NAME_RE.test(value) || POSTCODE_OR_STREET_RE.test(c.text) || value.split(/\s+/).length > 7) continue;
    // Under the id only a clean heading of capitalised words, not OCR debris.
    if (c.line.index > idLine.index && !/^\p{Lu}\p{L}+(?:\s+\p{Lu}\p{L}+)+$/u.test(value)) continue;
    return { value, line: c.line.index };
  }
  return undefined;
}

const normalizeName = (s: string) => foldAccents(s).toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/** Words naming the sender's organisation: its display name (without "billing", "no-reply") and its domain's name. */
function senderWords(sender: string | undefined): string[] {
  if (!sender) return [];
  const words = new Set<string>();
  const fromName = vendorFromSender(sender);
  if (fromName) for (const w of normalizeName(fromName.value).split(" ")) if (w.length >= 3) words.add(w);
  const domain = /@([^>\s]+)/.exec(sender)?.[1]?.toLowerCase().split(".") ?? [];
  const base = domain.length >= 2 ? domain[domain.length - 2] : undefined;
  if (base && base.length >= 3 && !FREE_MAIL.includes(base)) words.add(base);
  return [...words];
}

function cleanName(s: string): string {
  // OCR debris before the name: lone letters, one of them lower-case or Hebrew ("A o. Gráficas",
  // "ו מחשבי"); initials ("J. P. Morgan") stay.
  const debris = /^(?:[\p{L}]\.?\s+)+(?=[\p{L}]{2})/u.exec(s.trimStart());
  if (debris && /[\p{Ll}\u05D0-\u05EA]/u.test(debris[0])) s = s.trimStart().slice(debris[0].length);
  return s
    .replace(/(?<=\bSp\.?\s?z\s?)0\.?\s?0\.?/iu, "o.o.")
    // A suffix OCR cut short at the edge: "Sp. z" for "Sp. z o.o.", 'בע"' for 'בע"מ'.
    .replace(/\b(Sp\.?\s?z)\s*$/u, "$1 o.o.")
    .replace(/(?<=\s)בע"$/u, 'בע"מ').replace(/^[^\p{L}\d]+/u, "").replace(/[\s,;:]+$/u, "").replace(/\.\.+$/, ".").replace(/\s+/g, " ").trim();
}

const FREE_MAIL = ["gmail", "googlemail", "yahoo", "outlook", "hotmail", "icloud", "walla", "live", "gmx", "web", "orange", "wp", "onet", "libero", "aol", "proton", "protonmail"];

/** "Acme Billing <billing@acme.com>" gives "Acme"; a bare address gives its domain's name. */
export function vendorFromSender(sender: string | undefined): Candidate<string> | undefined {
  if (!sender) return undefined;
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>/.exec(sender);
  const display = m?.[1]?.replace(/\b(?:billing|invoices?|accounts?(?:\s*(?:payable|receivable))?|no-?reply|noreply|support|team|notifications?|receipts?)\b/gi, "").replace(/[\s\-|,:]+$/g, "").replace(/^[\s\-|,:]+/g, "").trim();
  if (display && /\p{L}{2}/u.test(display) && !display.includes("@")) return { value: display, conf: 0.45, line: -1 };
  const address = m?.[2] ?? sender.trim();
  const domain = /@([^>\s]+)/.exec(address)?.[1];
  if (!domain) return undefined;
  const parts = domain.toLowerCase().split(".").filter((p) => !["mail", "email", "billing", "invoices", "www", "co", "com", "org", "net", "io", "il", "uk", "de", "fr", "eu"].includes(p));
  const base = parts[parts.length - 1];
  if (!base || FREE_MAIL.includes(base)) return undefined;
  return { value: base.charAt(0).toUpperCase() + base.slice(1), conf: 0.3, line: -1 };
}
