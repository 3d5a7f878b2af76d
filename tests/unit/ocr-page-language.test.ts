import { test } from "node:test";
import assert from "node:assert/strict";
import { pageLanguage } from "@/lib/ocr/page-language";

test("a page's language from its words, as the English model reads them (accents lost)", () => {
  assert.equal(pageLanguage("Alpenblick Druck AG Rechnung\nRechnungsnummer VX2004419120\nFallig am 14.02.2021\nBezeichnung Menge Einzelpreis Betrag\nGesamtbetrag CHF 1'285.42"), "deu");
  assert.equal(pageLanguage("Imprimerie du Leman SA FACTURE\nN' de facture 2022-0081\nDate d'echeance 10.03.2022\nDesignation Qte Prix unitaire HT Montant HT\nTotal TTC"), "fra");
  assert.equal(pageLanguage("FATURA No 000.123.456\nData de emissao 5 de agosto de 2019\nDescricao Qtd. Preco unit. Valor\nObrigado"), "por");
  assert.equal(pageLanguage("Ticket n 3321\nLeche entera 1,05\nTOTAL 13,20\nTARJETA 13,20\nIVA 10% 1,26\nGracias por su visita"), "spa");
  assert.equal(pageLanguage("TAX INVOICE\nInvoice No: TP-7820\nInvoice Date: 7 November 2024\nDescription Qty Unit Price Amount\nTotal due"), "eng");
});

test("a page whose words do not say which language it is in gets none; the choice can be narrowed", () => {
  assert.equal(pageLanguage("12,50\n3,20\n15,70"), undefined);
  assert.equal(pageLanguage("Total 12,50 EUR\nIVA 2,10"), undefined);
  const german = "Rechnung\nRechnungsnummer 17\nBetrag\nMwSt\nGesamtbetrag 12,00";
  assert.equal(pageLanguage(german, ["eng", "fra"]), undefined);
});
