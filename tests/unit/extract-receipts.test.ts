// Till receipts as tesseract reads them: the total wins over cash, change, rounding and subtotal, in many languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { extractWithRules } from "@/lib/extract/rules";

const total = (text: string) => extractWithRules({ text }).fields.total?.value;

test("TOTAL, Total (incl. GST), ROUNDED TOTAL and Grand total over cash, change, rounding and subtotal", () => {
  assert.equal(total("MAMAK CORNER\nTEH TARIK 2 @ 2.50   5.00\nSUBTOTAL   5.00\nTotal (incl. GST)   5.30\nCash   10.00\nChange   4.70"), 5.3);
  assert.equal(total("FAMILY MART\nITEMS 3\nSUB TOTAL   12.47\nROUNDING   -0.02\nROUNDED TOTAL   12.45\nCASH   20.00\nCHANGE   7.55"), 12.45);
  assert.equal(total("Bistro 21\nSubtotal 40.00\nService 4.00\nGrand total 44.00\nTendered 50.00\nChange 6.00"), 44);
  assert.equal(total("QUICK STOP\nTOTAL        8.40\nVISA         8.40\nTotal Tendered 8.40"), 8.4);
});

test("German, Italian, French, Dutch, Polish and Spanish till receipts", () => {
  assert.equal(total("BÄCKEREI KRAUSE\n2x Brötchen   0,90\nKaffee   2,40\nSumme   EUR 3,30\nGegeben   5,00\nRückgeld   1,70"), 3.3);
  assert.equal(total("BAR CENTRALE\nCAFFE' 1,20\nCORNETTO 1,30\nTOTALE EURO 2,50\nCONTANTI 5,00\nRESTO 2,50"), 2.5);
  assert.equal(total("CARREFOUR CITY\nBAGUETTE 1,10\nTOTAL TTC   6,85\nESPECES 10,00\nRENDU 3,15"), 6.85);
  assert.equal(total("ALBERT HEIJN\nMELK 1,19\nBROOD 2,49\nTotaal   3,68\nPIN   3,68"), 3.68);
  assert.equal(total("PARAGON FISKALNY\nChleb 4,50\nMleko 3,20\nSUMA PLN 7,70\nGotówka 10,00\nReszta 2,30"), 7.7);
  assert.equal(total("MERCADONA\nPAN 0,85\nTOTAL (€)   4,35\nEFECTIVO 5,00\nCAMBIO 0,65"), 4.35);
});
