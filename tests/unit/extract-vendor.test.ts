// The issuer: never a heading, a column title, a city or the customer's block; the sender is evidence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const vendor = (text: string, sender?: string) => extractWithRules({ text, sender }).fields.vendor?.value;

test("a heading is not the vendor: FACTUUR, Kopie factuur, Rechnung, PAYMENT, Facture", () => {
  assert.equal(vendor("KOPIE FACTUUR\nJansen Installatietechniek B.V.\nIndustrieweg 4\n5611 AB Eindhoven\nFactuurnummer 2024-12\nTotaal 121,00"), "Jansen Installatietechniek B.V.");
  assert.equal(vendor("FACTUUR\n\nGroen Hoveniers\nLaan van Meerdervoort 100\n2517 AR Den Haag\nFactuurnummer: 88\nTotaal € 50,00"), "Groen Hoveniers");
  assert.equal(vendor("PAYMENT\n\nBrightwave Studio\n221 Harbour Street\nAmount paid $20.00"), "Brightwave Studio");
  assert.equal(vendor("                                  RECHNUNG\nSchmidt Elektro GmbH\nTotal 10,00 €"), "Schmidt Elektro GmbH");
  assert.equal(vendor("Facture\nBoulangerie Martin SARL\n12 rue de la Paix\nTotal TTC 12,00 €"), "Boulangerie Martin SARL");
});

test("the customer's block is not the vendor, in any language", () => {
  const de = `Rechnungsempfänger:
Beispiel Kunde GmbH
Musterweg 3, 20095 Hamburg

Absender: Nordlicht Software GmbH, Am Hafen 1, 24103 Kiel
Rechnungsnummer 2024-55
Gesamtbetrag 119,00 €`;
  assert.equal(vendor(de), "Nordlicht Software GmbH");
  const nl = `Factuuradres
Klant Holding B.V.
Stationsplein 1

Van der Berg Advies B.V.
KvK 12345678  BTW NL001234567B01
Factuurnummer 2024-7
Totaal 242,00`;
  assert.equal(vendor(nl), "Van der Berg Advies B.V.");
  const fr = `Client :
Dupont Construction SAS
Facture N° 2024-18
Émise par : Atelier Bois SARL
Total TTC 600,00 €`;
  assert.equal(vendor(fr), "Atelier Bois SARL");
});

test("a city or a column title is not the vendor; the sender's organisation breaks ties", () => {
  const receipt = `SUNRISE MINIMART
12 Jalan Ampang
KUALA LUMPUR
Description      Qty     Amount
Milo 1kg           1      18.90
TOTAL                     18.90`;
  assert.equal(vendor(receipt), "SUNRISE MINIMART");
  const two = `Nordwind Handel GmbH                    Kunde: Ostsee Logistik GmbH
Rechnungsnummer 100
Summe 10,00 €`;
  assert.equal(vendor(two, "Ostsee Logistik <buchhaltung@ostsee-logistik.de>"), "Nordwind Handel GmbH");
  // Two company blocks side by side and no "Bill to": the one the email came from issued it.
  const both = `Alpha Consulting Ltd                         Beta Services Ltd
12 High Street, Leeds                        4 Mill Lane, York
Invoice number 5
Total £10.00`;
  assert.equal(vendor(both, "Beta Services <billing@betaservices.co.uk>"), "Beta Services Ltd");
});
