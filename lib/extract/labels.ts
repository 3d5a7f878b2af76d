// Field labels per language, as data: adding a language is adding a table. Each entry is a regex
// source matched case-insensitively on text whose Latin accents are folded ("Numéro" is written
// "numero", "Fälligkeit" "falligkeit"); `\s*` and `\s+` stay within a label (a wide gap is a column).
// Labels here may stand beside their value (with or without a colon) or above it, as pdftotext
// -layout leaves column headers. English and Hebrew labels that need finer rules live in rules.ts.

export type LabelField = "number" | "issue" | "due" | "total" | "subtotal" | "tax";

/** Strong labels name the field unambiguously; weak ones ("Datum", "Totale") lose to them. */
export type LanguageLabels = Partial<Record<LabelField, { strong?: string[]; weak?: string[] }>>;

export const LABELS_BY_LANGUAGE: Record<string, LanguageLabels> = {
  en: {
    number: { strong: [String.raw`invoice\s*(?:id|ref(?:erence)?)`, String.raw`tax\s*invoice\s*(?:no\.?|number|#)`] },
    due: { strong: [String.raw`payment\s*deadline`, String.raw`pay\s*before`] },
    total: {
      strong: [
        String.raw`total\s*\(?\s*incl(?:uding|\.)?\s*(?:vat|tax|gst|taxes)\s*\)?`,
        String.raw`rounded\s*total`,
        String.raw`total\s*rounded`,
        String.raw`amount\s*to\s*pay`,
        String.raw`net\s*payable`,
      ],
    },
    subtotal: { strong: [String.raw`total\s*\(?\s*excl(?:uding|\.)?\s*(?:vat|tax|gst)\s*\)?`, String.raw`net\s*total`] },
  },
  nl: {
    number: { strong: [String.raw`factuur\s*-?\s*(?:nummer|nr\.?|no\.?)`, String.raw`nota\s*(?:nummer|nr\.?)`, String.raw`bon\s*(?:nummer|nr\.?)`, String.raw`creditnota\s*-?\s*(?:nummer|nr\.?|no\.?)`, String.raw`kassabon\s*(?:nummer|nr\.?)`] },
    issue: { strong: [String.raw`factuur\s*-?\s*datum`, String.raw`datum\s*factuur`, String.raw`nota\s*datum`], weak: ["datum"] },
    due: { strong: ["vervaldatum", "vervaldag", String.raw`uiterste\s*betaal\s*datum`, String.raw`(?:te\s*)?betalen\s*voor`] },
    total: {
      strong: [String.raw`totaal\s*(?:te\s*betalen|incl\.?\s*btw|bedrag)`, String.raw`te\s*betalen(?:\s*bedrag)?`, "totaalbedrag", String.raw`openstaand\s*bedrag`],
      weak: ["totaal"],
    },
    subtotal: { strong: ["subtotaal", String.raw`totaal\s*excl\.?\s*btw`, String.raw`bedrag\s*excl\.?\s*btw`, String.raw`netto\s*bedrag`] },
    tax: { strong: [String.raw`btw(?:\s*bedrag)?`, String.raw`totaal\s*btw`] },
  },
  fr: {
    number: { strong: [String.raw`(?:n°|nº|no\.?|num(?:ero)?\.?)\s*(?:de\s*)?(?:la\s*)?facture`, String.raw`facture\s*(?:n°|nº|no\.?|num(?:ero)?\.?|#)`, String.raw`(?:n°|numero)\s*(?:de\s*)?(?:recu|ticket|piece)`, String.raw`(?:avoir|ticket|recu)\s*(?:n°|nº|no\.?|num(?:ero)?\.?|#)`, String.raw`(?:n°|nº|no\.?|numero)\s*d'?\s*avoir`] },
    issue: { strong: [String.raw`date\s*(?:de\s*)?(?:la\s*)?(?:facture|facturation)`, String.raw`date\s*d'?\s*emission`, String.raw`emise?\s*le`] },
    due: { strong: [String.raw`date\s*d'?\s*echeance`, "echeance", String.raw`date\s*limite\s*(?:de\s*)?(?:paiement|reglement)`, String.raw`(?:a\s*)?payer\s*avant\s*le`, String.raw`payable\s*(?:avant|le)`] },
    total: {
      strong: [String.raw`total\s*ttc`, String.raw`net\s*a\s*payer`, String.raw`montant\s*(?:total\s*)?ttc`, String.raw`total\s*a\s*payer`, String.raw`montant\s*total`, String.raw`montant\s*du`, String.raw`reste\s*a\s*payer`],
    },
    subtotal: { strong: [String.raw`total\s*ht`, String.raw`montant\s*(?:total\s*)?ht`, String.raw`sous[\s-]?total`, String.raw`total\s*hors\s*taxes?`] },
    tax: { strong: [String.raw`(?:total\s*|montant\s*)?tva`] },
  },
  de: {
    number: {
      strong: [String.raw`rechnungs\s*-?\s*(?:nummer|nr\.?)`, String.raw`rechnung\s*(?:nr\.?|nummer|#)`, String.raw`beleg\s*-?\s*(?:nummer|nr\.?)`, String.raw`quittungs?\s*-?\s*(?:nummer|nr\.?)`, String.raw`bon\s*-?\s*nr\.?`, String.raw`gutschrift(?:s\s*-?\s*nummer|\s*(?:nr\.?|nummer|#))`, String.raw`(?:storno|korrektur)\s*-?\s*(?:rechnung\s*)?(?:nummer|nr\.?)`],
    },
    issue: { strong: ["rechnungsdatum", "belegdatum", "ausstellungsdatum", String.raw`datum\s*der\s*rechnung`], weak: ["datum"] },
    due: { strong: ["falligkeitsdatum", String.raw`fallig\s*(?:am|bis)?`, String.raw`zahlbar\s*bis`, String.raw`zahlungsziel`] },
    total: {
      strong: [
        "gesamtbetrag",
        "rechnungsbetrag",
        "endbetrag",
        String.raw`zu\s*zahlen(?:der\s*betrag)?`,
        "zahlbetrag",
        String.raw`gesamt\s*(?:brutto|summe)`,
        "bruttobetrag",
        String.raw`summe\s*brutto`,
        "gesamtsumme",
      ],
      weak: ["summe", "gesamt", "brutto"],
    },
    subtotal: { strong: ["zwischensumme", "nettobetrag", String.raw`summe\s*netto`, String.raw`gesamt\s*netto`, String.raw`netto\s*summe`], weak: ["netto"] },
    tax: { strong: ["mwst", "ust", "umsatzsteuer", "mehrwertsteuer"] },
  },
  it: {
    number: { strong: [String.raw`fattura\s*(?:n\.?|nr\.?|num(?:ero)?\.?|#|n°)`, String.raw`numero\s*(?:di\s*)?fattura`, String.raw`n\.?\s*fattura`, String.raw`(?:n\.?|numero)\s*documento`, String.raw`(?:nota\s*di\s*credito|scontrino|ricevuta)\s*(?:n\.?|nr\.?|num(?:ero)?\.?|#|n°)`, String.raw`(?:n\.?|numero)\s*(?:scontrino|ricevuta|nota\s*di\s*credito)`] },
    issue: { strong: [String.raw`data\s*(?:di\s*)?(?:fattura|emissione|documento)`], weak: ["data"] },
    due: { strong: [String.raw`(?:data\s*(?:di\s*)?)?scadenza`, String.raw`da\s*pagare\s*entro`] },
    total: { strong: [String.raw`totale\s*(?:fattura|documento|da\s*pagare|complessivo|ivato)`, String.raw`importo\s*totale`, String.raw`netto\s*a\s*pagare`], weak: ["totale"] },
    subtotal: { strong: [String.raw`(?:totale\s*)?imponibile`, "subtotale"] },
    tax: { strong: [String.raw`(?:totale\s*)?iva`, "imposta"] },
  },
  es: {
    number: { strong: [String.raw`(?:n\.?º|nº|n°|no\.?|num(?:ero)?\.?)\s*(?:de\s*)?factura`, String.raw`factura\s*(?:n\.?º|nº|n°|no\.?|num(?:ero)?\.?|#)`, String.raw`(?:n\.?º|numero)\s*(?:de\s*)?(?:ticket|recibo)`, String.raw`(?:n\.?º|nº|n°|no\.?|num(?:ero)?\.?)\s*(?:de\s*)?(?:factura\s*)?(?:rectificativa|abono)`, String.raw`(?:rectificativa|abono|ticket|recibo)\s*(?:n\.?º|nº|n°|no\.?|num(?:ero)?\.?|#)`] },
    issue: { strong: [String.raw`fecha\s*(?:de\s*)?(?:la\s*)?(?:factura|emision|expedicion)`], weak: ["fecha"] },
    due: { strong: [String.raw`(?:fecha\s*(?:de\s*)?)?vencimiento`] },
    total: { strong: [String.raw`total\s*(?:a\s*pagar|factura|con\s*iva)`, String.raw`importe\s*total`] },
    subtotal: { strong: [String.raw`base\s*imponible`, String.raw`total\s*sin\s*iva`, String.raw`importe\s*neto`] },
    tax: { strong: [String.raw`(?:cuota\s*)?iva`, "impuestos?"] },
  },
  pl: {
    number: { strong: [String.raw`faktura\s*(?:vat\s*)?(?:nr\.?|numer)`, String.raw`(?:nr|numer)\s*faktury`, String.raw`paragon\s*(?:fiskalny\s*)?nr\.?`, String.raw`rachunek\s*nr\.?`, String.raw`(?:korekta|faktura\s*korygujaca)\s*(?:nr\.?|numer)`, String.raw`(?:nr|numer)\s*(?:paragonu|korekty|rachunku|dokumentu)`] },
    issue: { strong: [String.raw`data\s*(?:wystawienia|faktury|sprzedazy)`] },
    due: { strong: [String.raw`termin\s*(?:p[lł]atnosci|zap[lł]aty)`, String.raw`p[lł]atne\s*do`, String.raw`zap[lł]ata\s*do`] },
    total: { strong: [String.raw`(?:razem\s*)?do\s*zap[lł]aty`, String.raw`kwota\s*do\s*zap[lł]aty`, String.raw`wartosc\s*brutto`, String.raw`razem\s*brutto`, "suma"], weak: ["razem", "ogolem"] },
    subtotal: { strong: [String.raw`wartosc\s*netto`, String.raw`razem\s*netto`] },
    tax: { strong: [String.raw`kwota\s*vat`, String.raw`podatek\s*(?:vat|ptu)`, "ptu"] },
  },
  pt: {
    number: { strong: [String.raw`fatura(?:-recibo)?\s*(?:n\.?º|nº|n°|no\.?|numero|#)`, String.raw`(?:n\.?º|nº|n°|numero)\s*(?:da\s*)?fatura`, String.raw`(?:nota\s*de\s*credito|talao|recibo|fatura\s*simplificada)\s*(?:n\.?º|nº|n°|no\.?|numero|#)`] },
    issue: { strong: [String.raw`data\s*(?:de\s*)?(?:emissao|da\s*fatura|do\s*documento)`] },
    due: { strong: [String.raw`(?:data\s*(?:de\s*)?)?vencimento`, String.raw`pagar\s*ate`] },
    total: { strong: [String.raw`total\s*(?:a\s*pagar|do\s*documento|da\s*fatura|com\s*iva)`, String.raw`valor\s*total`] },
    subtotal: { strong: [String.raw`(?:total\s*)?iliquido`, String.raw`total\s*sem\s*iva`, String.raw`base\s*tributavel`, String.raw`valor\s*liquido`] },
    tax: { strong: [String.raw`(?:total\s*)?iva`, "imposto"] },
  },
};

// ---------------------------------------------------------------------------------------------
// Line items: the words of an items table per language, as regex sources on accent-folded text
// like the labels above. Header words are grouped by the column they name: a row naming two
// kinds of column ("Bezeichnung  Menge", "Item  Amount") heads a table, one word alone does not.

export type ItemColumn = "description" | "quantity" | "price" | "amount";

export type LineItemWords = {
  header: Partial<Record<ItemColumn, string[]>>;
  /** Totals and taxes under the table: the rows end at the first of them. */
  stop: string[];
  /** Till-roll lines that are not items: payment, change, greetings, dates. */
  notItem: string[];
  /**
   * The running total carried between pages; never an item. Strong words say so alone; weak ones
   * are also ordinary items ("Transport", "Report"), and count only where the amount is the sum so far.
   */
  carried: { strong: string[]; weak?: string[] };
  /** "Page 2 of 3": the words for page and for "of". */
  page: { page: string[]; of: string[] };
  /** Units written beside a quantity ("2 Stk", "3 szt.", "1,5 kg"). */
  units: string[];
};

export const LINE_ITEM_WORDS_BY_LANGUAGE: Record<string, LineItemWords> = {
  en: {
    header: {
      description: ["description", "items?", "products?", "services?", "details", "particulars", "articles?"],
      quantity: ["qty", "quantity", "hours", "hrs", "units", "pcs"],
      price: [String.raw`unit\s*(?:price|cost)`, "price", "rate"],
      amount: ["amount", String.raw`(?:line\s*)?total`],
    },
    stop: [String.raw`sub[\s-]?total`, "total", String.raw`net\s*amount`, "vat", "gst", "tax", String.raw`amount\s*due`, "balance"],
    notItem: ["cash", "change", "card", "visa", "mastercard", "paid", "tendered", "thank", "invoice", "receipt", "date", "page", "rounding"],
    carried: { strong: [String.raw`carried\s*(?:forward|over)`, String.raw`brought\s*forward`, String.raw`balance\s*(?:carried|brought)\s*forward`, String.raw`c/f`, String.raw`b/f`] },
    page: { page: ["page"], of: ["of"] },
    units: ["pcs?", "ea", "units?", "hrs?", "hours?", "kg", "g", "l", "m"],
  },
  he: {
    header: {
      description: ["תיאור", "פריט", "מוצר", "שירות", "פירוט"],
      quantity: ["כמות"],
      price: [String.raw`מחיר(?:\s*(?:ליחידה|יחידה))?`],
      amount: ["סכום", `סה"?כ`],
    },
    stop: [`סה"?כ`, String.raw`סכום\s*ביניים`, `מע"?מ`, "לתשלום"],
    notItem: ["מזומן", "אשראי", "עודף", "שולם", "תודה", "תאריך", "עמוד"],
    carried: { strong: ["מועבר", String.raw`יתרה\s*מועברת`] },
    page: { page: ["עמוד"], of: ["מתוך"] },
    units: [`יח'?`, "יחידות", `ק"ג`],
  },
  de: {
    header: {
      description: ["beschreibung", "bezeichnung", "artikel(?:bezeichnung)?", "leistung", "produkt", "pos(?:ition)?"],
      quantity: ["menge", "anzahl", "stk", "stuck"],
      price: ["einzelpreis", String.raw`e-?preis`, "stuckpreis", "preis"],
      amount: ["betrag", "gesamt(?:preis)?", "summe"],
    },
    stop: ["zwischensumme", "summe", "gesamtbetrag", "gesamt", "nettobetrag", "netto", "brutto", "mwst", "ust", "umsatzsteuer", "mehrwertsteuer", "rechnungsbetrag", "endbetrag", String.raw`zu\s*zahlen`, "gutschriftsbetrag"],
    notItem: ["bar", "ruckgeld", String.raw`ec-?karte`, "karte", "girocard", "gegeben", "danke", "rundung", "datum", "rechnung", "seite", "kassenbon", "beleg"],
    carried: { strong: ["ubertrag", "vortrag"] },
    page: { page: ["seite"], of: ["von"] },
    units: ["stk", "stuck", "st", "std", "kg", "g", "l", "m", "pkg", "pack"],
  },
  fr: {
    header: {
      description: ["designation", "description", "libelle", "article", "produit", "prestation"],
      quantity: ["qte", "quantite"],
      price: [String.raw`prix\s*unitaire(?:\s*ht)?`, String.raw`p\.?\s*u\.?(?:\s*ht)?`, "prix"],
      amount: [String.raw`montant(?:\s*(?:ht|ttc))?`, String.raw`total(?:\s*ht)?`],
    },
    stop: [String.raw`sous[\s-]?total`, "total", "tva", String.raw`net\s*a\s*payer`, String.raw`montant\s*(?:total|du|ttc)`, String.raw`reste\s*a\s*payer`],
    notItem: ["especes", "rendu", "monnaie", "cb", "carte", "merci", "paiement", "date", "facture", "ticket", "page"],
    carried: { strong: [String.raw`a\s*reporter`, "reporte"], weak: ["report"] },
    page: { page: ["page"], of: ["sur", "de"] },
    units: ["pces?", "pieces?", "u", "unites?", "kg", "g", "l", "m", "h"],
  },
  nl: {
    header: {
      description: ["omschrijving", "beschrijving", "artikel", "product", "dienst"],
      quantity: ["aantal", "aant", "hoeveelheid"],
      price: ["stukprijs", "eenheidsprijs", "prijs"],
      amount: ["bedrag", "totaal"],
    },
    stop: ["subtotaal", "totaal", "btw", String.raw`te\s*betalen`, "totaalbedrag"],
    notItem: ["contant", "wisselgeld", "pin", "pinnen", "betaald", "bedankt", "kaart", "datum", "factuur", "kassabon", "pagina"],
    carried: { strong: [String.raw`van\s*vorige\s*pagina`, String.raw`over\s*te\s*brengen`], weak: ["transport"] },
    page: { page: ["pagina", "blad"], of: ["van"] },
    units: ["st", "stuks?", "kg", "g", "l", "m", "uur"],
  },
  it: {
    header: {
      description: ["descrizione", "articolo", "prodotto", "servizio"],
      quantity: ["quantita", "qta", String.raw`q\.ta`],
      price: [String.raw`prezzo(?:\s*unit(?:ario|\.)?)?`],
      amount: ["importo", "totale"],
    },
    stop: ["imponibile", "iva", "totale", "subtotale", String.raw`netto\s*a\s*pagare`],
    notItem: ["contanti", "resto", "bancomat", "carta", "grazie", "pagamento", "data", "fattura", "scontrino", "pagina"],
    carried: { strong: ["riporto", String.raw`a\s*riportare`] },
    page: { page: ["pagina", "pag"], of: ["di"] },
    units: ["pz", "pezzi", "nr", "kg", "g", "l", "m", "h", "ore"],
  },
  es: {
    header: {
      description: ["descripcion", "concepto", "articulo", "producto"],
      quantity: ["cantidad", "cant", "uds?", "unidades"],
      price: [String.raw`precio(?:\s*unit(?:ario|\.)?)?`],
      amount: ["importe", "total"],
    },
    stop: ["subtotal", String.raw`base\s*imponible`, "iva", "total", String.raw`importe\s*total`],
    notItem: ["efectivo", "cambio", "tarjeta", "gracias", "entregado", "fecha", "factura", "ticket", "pagina"],
    carried: { strong: [String.raw`suma\s*y\s*sigue`, String.raw`suma\s*anterior`], weak: ["transporte"] },
    page: { page: ["pagina", "pag"], of: ["de"] },
    units: ["uds?", "unid", "kg", "g", "l", "m", "h"],
  },
  pl: {
    header: {
      description: ["opis", String.raw`nazwa(?:\s*towaru(?:\s*lub\s*us[lł]ugi)?|\s*us[lł]ugi)?`, "towar", String.raw`us[lł]uga`],
      quantity: ["ilosc", "szt"],
      price: [String.raw`cena(?:\s*(?:netto|brutto|jedn\.?))?`],
      amount: [String.raw`wartosc(?:\s*(?:netto|brutto))?`, "kwota"],
    },
    stop: ["razem", "suma", "vat", "ptu", String.raw`do\s*zap[lł]aty`, String.raw`wartosc\s*(?:netto|brutto)`],
    notItem: ["gotowka", "reszta", "karta", "dziekujemy", String.raw`zap[lł]acono`, "data", "faktura", "paragon", "strona"],
    carried: { strong: [String.raw`(?:z|do)\s*przeniesienia`, "przeniesienie"] },
    page: { page: ["strona"], of: ["z"] },
    units: [String.raw`szt`, "kg", "g", "l", "m", "godz", "opak"],
  },
  pt: {
    header: {
      description: ["descricao", "artigo", "produto", "servico"],
      quantity: ["quantidade", "qtd", "qtde", "qt"],
      price: [String.raw`preco(?:\s*unit(?:ario|\.)?)?`],
      amount: ["valor", "total", "montante"],
    },
    stop: ["subtotal", "total", "iva", "iliquido", String.raw`valor\s*total`, String.raw`total\s*a\s*pagar`],
    notItem: ["numerario", "dinheiro", "troco", "multibanco", "cartao", "obrigad[oa]", "data", "fatura", "talao", "pagina"],
    carried: { strong: [String.raw`a\s*transportar`, "transportado"], weak: ["transporte"] },
    page: { page: ["pagina", "pag"], of: ["de"] },
    units: ["un", "unid", "uds?", "kg", "g", "l", "m", "h"],
  },
};
