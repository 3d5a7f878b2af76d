// Line items in the nine languages: table headers, totals, till-roll lines and carried-forward
// lines from the per-language tables, EU numbers, quantities with units, multi-page tables,
// credit notes; and the rule that doubtful rows are marked, unreadable ones not stored.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";
import { checkExtraction } from "@/lib/extract/checks";

const rows = (text: string) => extractWithRules({ text }).line_items.map((i) => [i.description, i.quantity, i.unit_price, i.amount]);

describe("invoice tables in every language", () => {
  test("German: Bezeichnung / Menge / Einzelpreis / Gesamt, EU numbers, units beside the quantity, totals not items", () => {
    const text = [
      "Schreinerei Holzmann GmbH                          Rechnung",
      "                                                   Rechnungsnummer   2025-118",
      "                                                   Rechnungsdatum    03.02.2025",
      "",
      " Pos   Bezeichnung                    Menge         Einzelpreis         Gesamt",
      " 1     Eichenbrett geölt              12 Stk              18,50         222,00",
      " 2     Montage vor Ort                 3,5 Std            64,00         224,00",
      " 3     Lieferpauschale                                                   1.045,00",
      "",
      "                                   Zwischensumme                      1.491,00 €",
      "                                   MwSt. 19%                            283,29 €",
      "                                   Gesamtbetrag                       1.774,29 €",
    ].join("\n");
    assert.deepEqual(rows(text), [
      ["Eichenbrett geölt", 12, 18.5, 222],
      ["Montage vor Ort", 3.5, 64, 224],
      ["Lieferpauschale", null, null, 1045],
    ]);
  });

  test("French: Désignation / Qté / P.U. HT / Montant HT, the table ends at Total HT", () => {
    const text = [
      "Imprimerie du Port                                   FACTURE",
      "Facture n° F-7781                                    Date de facture 12/03/2025",
      "",
      "Désignation                     Qté        P.U. HT        Montant HT",
      "Affiches A2 quadrichromie         40          2,75           110,00",
      "Reliure spirale                    6          4,20            25,20",
      "",
      "Total HT                                                      135,20 €",
      "TVA 20 %                                                       27,04 €",
      "Total TTC                                                     162,24 €",
    ].join("\n");
    assert.deepEqual(rows(text), [
      ["Affiches A2 quadrichromie", 40, 2.75, 110],
      ["Reliure spirale", 6, 4.2, 25.2],
    ]);
  });

  test("Dutch, Italian, Spanish, Polish and Portuguese headers and totals", () => {
    const table = (header: string, lines: string[], totals: string[]) => rows(["Factuur 1", "", header, ...lines, "", ...totals].join("\n"));
    assert.deepEqual(table("Omschrijving               Aantal      Prijs       Bedrag", ["Fietsband 28 inch             4       12,95        51,80"], ["Subtotaal                              51,80", "BTW 21%                                10,88", "Totaal                                 62,68"]), [["Fietsband 28 inch", 4, 12.95, 51.8]]);
    assert.deepEqual(table("Descrizione               Quantità    Prezzo      Importo", ["Piastrelle gres 30x30         25        3,40        85,00"], ["Imponibile                             85,00", "IVA 22%                                18,70", "Totale documento                      103,70"]), [["Piastrelle gres 30x30", 25, 3.4, 85]]);
    assert.deepEqual(table("Descripción               Cantidad    Precio      Importe", ["Bombilla LED E27              10        2,15        21,50"], ["Base imponible                         21,50", "IVA 21%                                 4,52", "Total a pagar                          26,02"]), [["Bombilla LED E27", 10, 2.15, 21.5]]);
    assert.deepEqual(table("Opis                      Ilość       Cena        Wartość", ["Farba biała 10 l               2 szt.   89,00       178,00"], ["Razem netto                           178,00", "VAT 23%                                40,94", "Do zapłaty                            218,94"]), [["Farba biała 10 l", 2, 89, 178]]);
    assert.deepEqual(table("Descrição                 Quantidade  Preço       Valor", ["Parafusos inox (caixa)         3        7,60        22,80"], ["Total ilíquido                         22,80", "IVA 23%                                 5,24", "Total a pagar                          28,04"]), [["Parafusos inox (caixa)", 3, 7.6, 22.8]]);
  });

  test("a credit note's rows are negative", () => {
    const text = [
      "Factura rectificativa nº R-12",
      "",
      "Concepto                     Cantidad     Precio       Importe",
      "Devolución sillas                   2     -75,00       -150,00",
      "Portes                              1     -12,00        -12,00",
      "",
      "Base imponible                                        -162,00 €",
      "IVA 21%                                                -34,02 €",
      "Total                                                 -196,02 €",
    ].join("\n");
    assert.deepEqual(rows(text), [
      ["Devolución sillas", 2, -75, -150],
      ["Portes", 1, -12, -12],
    ]);
  });
});

describe("tables over several pages", () => {
  const page = (carried: string, pageWord: string, header: string, first: string[], second: string[], totals: string[]) =>
    [
      "Kunde 4411",
      "",
      header,
      ...first,
      "",
      `                                        ${carried}: 300,00`,
      `\fSome Vendor Ltd                    ${pageWord} 2 / 2`,
      "",
      header,
      ` ${carried}                                            300,00`,
      ...second,
      "",
      ...totals,
    ].join("\n");

  for (const [carried, header, totals] of [
    ["Übertrag", " Bezeichnung          Menge     Einzelpreis      Betrag", ["      Nettobetrag      450,00 €", "      MwSt. 19%         85,50 €", "      Gesamtbetrag     535,50 €"]],
    ["Riporto", " Descrizione          Quantità  Prezzo           Importo", ["      Imponibile       450,00 €", "      IVA 22%           99,00 €", "      Totale documento 549,00 €"]],
    ["Z przeniesienia", " Nazwa                Ilość     Cena             Wartość", ["      Razem netto      450,00 zł", "      VAT 23%          103,50 zł", "      Do zapłaty       553,50 zł"]],
    ["A transportar", " Descrição            Qtd.      Preço unit.      Valor", ["      Total ilíquido   450,00 €", "      IVA 23%          103,50 €", "      Total a pagar    553,50 €"]],
  ] as const) {
    test(`"${carried}" carries the sum between pages and is not an item`, () => {
      const got = rows(page(carried, "Page", header, [" Alpha widget              2        100,00        200,00", " Beta widget               1        100,00        100,00"], [" Gamma widget              3         50,00        150,00"], [...totals]));
      assert.deepEqual(got, [
        ["Alpha widget", 2, 100, 200],
        ["Beta widget", 1, 100, 100],
        ["Gamma widget", 3, 50, 150],
      ]);
    });
  }

  test("a word that may carry a sum (Transport) is an item where its amount is not the sum so far", () => {
    const text = [
      "Factuur 2025-7",
      "",
      " Omschrijving                 Aantal      Prijs        Bedrag",
      " Kozijn hardhout                   2     410,00        820,00",
      " Transport                         1      65,00         65,00",
      "",
      " Subtotaal                                            885,00",
      " BTW 21%                                              185,85",
      " Totaal                                             1.070,85",
    ].join("\n");
    assert.deepEqual(rows(text), [
      ["Kozijn hardhout", 2, 410, 820],
      ["Transport", 1, 65, 65],
    ]);
  });
});

describe("till receipts", () => {
  test('"3 x 1,59" under the description; payment and change are not items; a VAT number does not end the rows', () => {
    const text = [
      "   Bakkerij Zonneveld",
      "   BTW NL001234567B02",
      "Bonnr. 88",
      "03-05-2025   10:12",
      "Krentenbollen",
      " 3 x 1,59                    4,77",
      "Karnemelk 1 l                1,09",
      "TOTAAL                     € 5,86",
      "PIN                          5,86",
    ].join("\n");
    // A till prints a count only when it is more than one: the other rows are one of each.
    assert.deepEqual(rows(text), [
      ["Krentenbollen", 3, 1.59, 4.77],
      ["Karnemelk 1 l", 1, 1.09, 1.09],
    ]);
  });

  test("Polish receipt with units on the quantity line, cash and change after the total", () => {
    const text = ["PARAGON FISKALNY", "2025-04-02  09:40", "Bułki pszenne", "4 szt. x 0,85              3,40", "Masło 200 g               7,99", "SUMA PLN                 11,39", "Gotówka                  20,00", "Reszta                    8,61"].join("\n");
    assert.deepEqual(rows(text), [
      ["Bułki pszenne", 4, 0.85, 3.4],
      ["Masło 200 g", 1, 7.99, 7.99],
    ]);
  });
});

describe("doubtful rows", () => {
  const invoice = (rowsText: string[], subtotal: string) =>
    ["Invoice No 55", "", "Description                 Qty     Unit price      Amount", ...rowsText, "", `Subtotal                                       ${subtotal}`, "VAT 20%                                          20.00", "Total                                           120.00"].join("\n");

  test("rows that miss the subtotal by a little are kept and marked doubtful by the advisory check, without flagging the document", () => {
    const e = extractWithRules({ text: invoice(["Paper A4                      2       40.00        80.00", "Stapler                       1       16.00        16.00"], "100.00") });
    assert.equal(e.line_items.length, 2);
    const check = checkExtraction(e).find((c) => c.name === "line_items_sum")!;
    assert.equal(check.ok, false);
    assert.equal(check.advisory, true);
    assert.ok(checkExtraction(e).filter((c) => !c.ok && !c.advisory).length === 0);
  });

  test("rows that miss the subtotal by half or more are not stored", () => {
    assert.deepEqual(rows(invoice(["Paper A4                      1       40.00        40.00"], "100.00")), []);
  });

  test("a table placed last: the lines after the rows that make the subtotal are not items", () => {
    const text = [
      "Total HT 90,00 €",
      "TVA 20% 18,00 €",
      "Total TTC 108,00 €",
      "Désignation Qté Prix unitaire Montant",
      "Encre noire 2 30,00 60,00",
      "Papier 1 30,00 30,00",
      "FACTURE",
      "Paiement à 30 jours 12",
      "Conditions 4 rue des Lilas 5,00",
    ].join("\n");
    assert.deepEqual(rows(text), [
      ["Encre noire", 2, 30, 60],
      ["Papier", 1, 30, 30],
    ]);
  });
});

test("a quantity left blank or lost to a scan: a unit price equal to the amount is one of it", () => {
  const text = ["Invoice No 7", "", "Description                 Qty     Unit price      Amount", "Annual licence                      1,200.00        1,200.00", "Setup                        2        150.00          300.00", "", "Subtotal                                        1,500.00"].join("\n");
  assert.deepEqual(rows(text), [
    ["Annual licence", 1, 1200, 1200],
    ["Setup", 2, 150, 300],
  ]);
});

test("a description that has a payment word in it is still an item ('Chocolate bar', 'Carta regalo')", () => {
  const text = ["CORNER SHOP", "Receipt No 12", "03/05/2025 10:12", "Chocolate bar", " 2 x 1.50                     3.00", "Carta regalo                 2.50", "TOTAL                        5.50", "CASH                        10.00"].join("\n");
  assert.deepEqual(rows(text), [
    ["Chocolate bar", 2, 1.5, 3],
    ["Carta regalo", 1, 2.5, 2.5],
  ]);
});

test("German till roll: tax-class letters after the amounts, Stk on the count line, Summe ends the rows", () => {
  const text = ["BÄCKEREI AM MARKT", "Bon-Nr. 4410", "12.04.2025 08:15", "Roggenbrot 750g          3,95 A", "Laugenbrezel", " 4 Stk x 0,85            3,40 A", "Kaffee to go             2,90 B", "SUMME EUR                10,25", "Gegeben BAR              20,00", "Rückgeld                  9,75"].join("\n");
  assert.deepEqual(rows(text), [
    ["Roggenbrot 750g", 1, 3.95, 3.95],
    ["Laugenbrezel", 4, 0.85, 3.4],
    ["Kaffee to go", 1, 2.9, 2.9],
  ]);
});

test("a description with two column words is a row, not a repeated header", () => {
  const text = ["Invoice No 9", "", "Description              Qty      Unit price      Amount", "Product price adjustment", "                           1          -20.00          -20.00", "Consulting                 2          100.00          200.00", "", "Subtotal                                           180.00"].join("\n");
  assert.deepEqual(rows(text), [
    ["Product price adjustment", 1, -20, -20],
    ["Consulting", 2, 100, 200],
  ]);
});

test("empty text, a text without a table and a text of totals alone give no rows", () => {
  assert.deepEqual(rows(""), []);
  assert.deepEqual(rows("Dear customer, thank you for your order."), []);
  assert.deepEqual(rows("Zwischensumme 10,00 €\nMwSt. 19% 1,90 €\nGesamtbetrag 11,90 €"), []);
});

test("a scan that lost the column gaps: the count at the end of the description is the quantity where the numbers agree", () => {
  const text = ["Facture n° 77", "Désignation Qté Prix unitaire Montant", "Rouleau adhésif 5 cm 8 i 3,50 28,00", "Carton double 60 cm 2,10 2,10", "Total HT 30,10 €", "TVA 20% 6,02 €", "Total TTC 36,12 €"].join("\n");
  assert.deepEqual(rows(text), [
    ["Rouleau adhésif 5 cm", 8, 3.5, 28],
    ["Carton double 60 cm", 1, 2.1, 2.1],
  ]);
});

test('"TOTAL ITEMS 2" under a till\'s rows counts them; it is not a header', () => {
  const text = ["MAMAK CORNER", "Receipt No 12", "02/05/2024 13:05", "TEH TARIK          2.50", "NASI LEMAK         5.00", "TOTAL ITEMS 2", "TOTAL              7.50", "CASH              10.00"].join("\n");
  assert.deepEqual(rows(text), [
    ["TEH TARIK", null, null, 2.5],
    ["NASI LEMAK", null, null, 5],
  ]);
});

test("a discount column (Dto. 10%) and a unit column (J.m. szt.) between description and numbers", () => {
  assert.deepEqual(
    rows(["FACTURA F-2025-01", "Fecha: 02/03/2025", "", "Artículo          Uds.    Precio    Dto.    Importe", "Tornillos 4x40     200     0,08      0%      16,00", "Taladro percutor     1    89,90     10%     80,91", "", "Base imponible                 96,91 €", "IVA 21%                        20,35 €", "Total factura                 117,26 €"].join("\n")),
    [
      ["Tornillos 4x40", 200, 0.08, 16],
      ["Taladro percutor", 1, 89.9, 80.91],
    ],
  );
  assert.deepEqual(
    rows(["Faktura VAT nr FV/1/2025", "Data wystawienia 05.03.2025", "Lp.  Nazwa towaru        J.m.   Ilość   Cena netto   Wartość netto", "1    Kabel HDMI 2 m       szt.   5       19,90        99,50", "2    Usługa montażu       godz.  2       120,00       240,00", "Razem netto 339,50 zł", "VAT 78,09 zł", "Do zapłaty 417,59 zł"].join("\n")),
    [
      ["Kabel HDMI 2 m", 5, 19.9, 99.5],
      ["Usługa montażu", 2, 120, 240],
    ],
  );
});
