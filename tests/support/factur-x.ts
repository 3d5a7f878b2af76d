// A tiny writer of hybrid e-invoice PDFs (Factur-X / ZUGFeRD / XRechnung): one visible page of text
// and the XML as a PDF/A-3 associated file, i.e. an /EmbeddedFiles name tree entry and an /AF entry
// on the catalog pointing to a /Filespec whose /EF holds the Flate-compressed /EmbeddedFile stream.
// No installed library writes PDFs (pdfjs-dist only reads them), so the objects are laid out here.
import { deflateSync } from "node:zlib";
import { pdfLatin1String, serializePdf } from "./mime";

export type EmbeddedFile = { name: string; content: Buffer | string; compress?: boolean };

export function makeHybridPdf(pageText: string, files: EmbeddedFile[]): Buffer {
  const lines = pageText.split(/\r?\n/);
  const content = ["BT", "/F1 11 Tf", "14 TL", "56 780 Td", ...lines.map((l, i) => `${i ? "T* " : ""}(${pdfLatin1String(l)}) Tj`), "ET"].join("\n");
  const first = 7; // object number of the first file specification
  const specRefs = files.map((_, i) => `${first + i * 2} 0 R`);
  const objects: Buffer[] = [
    Buffer.from(
      `<< /Type /Catalog /Pages 2 0 R /Names << /EmbeddedFiles << /Names [${files.map((f, i) => `(${pdfLatin1String(f.name)}) ${specRefs[i]}`).join(" ")}] >> >> /AF [${specRefs.join(" ")}] >>`,
    ),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>"),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"),
    stream(Buffer.from(content, "latin1"), ""),
    Buffer.from("<< /Producer (mailroom tests) >>"),
  ];
  for (const f of files) {
    const raw = Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content, "utf8");
    const compress = f.compress ?? true;
    const data = compress ? deflateSync(raw) : raw;
    const specNum = objects.length + 1;
    objects.push(
      Buffer.from(`<< /Type /Filespec /F (${pdfLatin1String(f.name)}) /UF (${pdfLatin1String(f.name)}) /Desc (Invoice data) /AFRelationship /Data /EF << /F ${specNum + 1} 0 R /UF ${specNum + 1} 0 R >> >>`),
      stream(data, `/Type /EmbeddedFile /Subtype /text#2Fxml /Params << /Size ${raw.length} /ModDate (D:20240305120000+01'00') >>${compress ? " /Filter /FlateDecode" : ""}`),
    );
  }

  return serializePdf(objects, "1.7");
}

function stream(data: Buffer, dict: string): Buffer {
  return Buffer.concat([Buffer.from(`<< ${dict} /Length ${data.length} >>\nstream\n`), data, Buffer.from("\nendstream")]);
}
