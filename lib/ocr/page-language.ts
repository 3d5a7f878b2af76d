// Which Latin-script language a page read by OCR is in, from its words. The English model reads
// any Latin page but loses its accents and some of its words ("Bürotechnik" comes out
// "Birotechnik", "N° de facture" "N' de factur"); the page's own model reads them. The words
// here are the ones invoices and receipts are made of, written without accents, as the English
// model reads them. A page says its language when its words name one clearly; otherwise nothing.

/** Tesseract's language code: the words that mark a page as being in it. */
const WORDS: Record<string, string[]> = {
  eng: ["invoice", "receipt", "amount", "total", "tax", "quantity", "price", "description", "the", "and", "of", "for", "to", "thank", "you", "due", "street", "ltd", "inc", "payment", "date", "subtotal", "balance"],
  deu: ["rechnung", "rechnungsnummer", "rechnungsdatum", "datum", "betrag", "gesamt", "gesamtbetrag", "mwst", "ust", "netto", "brutto", "summe", "menge", "einzelpreis", "zahlbar", "und", "der", "die", "das", "fur", "mit", "bitte", "vielen", "dank", "strasse", "gmbh", "kassenbon", "bar", "ruckgeld", "faellig", "fallig", "bezeichnung", "steuer"],
  fra: ["facture", "montant", "tva", "ttc", "ht", "quantite", "prix", "unitaire", "echeance", "le", "les", "du", "des", "et", "pour", "merci", "rue", "sarl", "ticket", "caisse", "especes", "rendu", "designation", "paiement", "votre"],
  nld: ["factuur", "factuurnummer", "factuurdatum", "bedrag", "btw", "totaal", "te", "betalen", "aantal", "prijs", "omschrijving", "het", "een", "en", "van", "voor", "bedankt", "straat", "bv", "kassabon", "contant", "wisselgeld", "vervaldatum"],
  ita: ["fattura", "importo", "iva", "totale", "quantita", "prezzo", "descrizione", "il", "di", "del", "della", "per", "grazie", "via", "srl", "scontrino", "contanti", "resto", "scadenza", "pagamento", "complessivo"],
  spa: ["factura", "fecha", "importe", "cantidad", "precio", "descripcion", "el", "los", "las", "y", "por", "su", "con", "tarjeta", "gracias", "calle", "sl", "efectivo", "cambio", "vencimiento", "base", "imponible", "cliente"],
  por: ["fatura", "valor", "quantidade", "preco", "descricao", "os", "do", "em", "no", "obrigado", "cartao", "rua", "lda", "nif", "talao", "dinheiro", "troco", "vencimento", "emissao", "recibo", "contribuinte"],
  pol: ["faktura", "kwota", "razem", "suma", "ilosc", "cena", "nazwa", "w", "z", "na", "dziekujemy", "ul", "sp", "nip", "paragon", "gotowka", "reszta", "sprzedawca", "nabywca", "brutto", "netto", "termin", "platnosci"],
};

// Month names tell a language well: dates are written out on many documents.
const MONTHS: Record<string, string[]> = {
  eng: ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
  deu: ["januar", "februar", "marz", "maerz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
  fra: ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"],
  nld: ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
  ita: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
  spa: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
  por: ["janeiro", "fevereiro", "marco", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
  pol: ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "wrzesnia", "pazdziernika", "listopada", "grudnia"],
};

const INDEX = new Map<string, string[]>();
for (const table of [WORDS, MONTHS]) for (const [lang, words] of Object.entries(table)) for (const w of words) INDEX.set(w, [...new Set([...(INDEX.get(w) ?? []), lang])]);

/** Words a page needs from its language at least. */
const MIN_WORDS = 4;
/** How many times more of its words than of the next language's. */
const LEAD = 1.5;

/**
 * The language of a page read in Latin script, among `among` (Tesseract codes), or undefined when
 * its words do not say so clearly. A word shared by languages ("total", "data") counts for each.
 */
export function pageLanguage(text: string, among: readonly string[] = Object.keys(WORDS)): string | undefined {
  const counts = new Map<string, number>();
  const folded = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  for (const token of folded.match(/\p{L}+/gu) ?? []) for (const lang of INDEX.get(token) ?? []) counts.set(lang, (counts.get(lang) ?? 0) + 1);
  const ranked = among.map((lang) => [lang, counts.get(lang) ?? 0] as const).sort((a, b) => b[1] - a[1]);
  const [first, second] = ranked;
  if (!first || first[1] < MIN_WORDS) return undefined;
  return !second || first[1] >= LEAD * second[1] ? first[0] : undefined;
}

/** The languages pageLanguage knows. */
export const PAGE_LANGUAGES = Object.keys(WORDS);
