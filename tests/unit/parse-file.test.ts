import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { analyzeMessageHere } from "@/lib/mail/analyze";
import { analyzeMessageFile } from "@/lib/mail/parse-file";
import { buildBrokenMessage, buildForwarded, buildMessage, makePdf, makePng } from "../support/mime";

const MAX_ATTACHMENT_BYTES = 20_000;

const einvoice = `<?xml version="1.0"?>\n<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>1</ID></Invoice>`;
const inner = buildMessage({ subject: "Original", attachments: [{ filename: "forwarded-invoice.pdf", contentType: "application/pdf", content: makePdf("Inside a forward") }] });

const corpus: Record<string, string> = {
  "a mixed bag of good, bad and dangerous attachments": buildMessage({
    subject: "Mixed bag",
    text: "Plain body",
    html: '<p>logo <img src="cid:logo@x"></p>',
    headers: { "Auto-Submitted": "auto-replied", "In-Reply-To": "<a@b.test>", References: "<r1@b.test> <r2@b.test>" },
    attachments: [
      { filename: "../../etc/passwd", contentType: "application/pdf", content: makePdf("traversal") },
      { filename: "empty.pdf", contentType: "application/pdf", content: Buffer.alloc(0) },
      { filename: "big.pdf", contentType: "application/pdf", content: makePdf("big", { padToBytes: 40_000 }) },
      { filename: "fake.pdf", contentType: "application/pdf", content: Buffer.from("this is not a pdf at all") },
      { filename: "notes.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", content: Buffer.from("PK\u0003\u0004docx") },
      { filename: "logo.png", contentType: "image/png", content: makePng({ seed: 1 }), inline: true, contentId: "logo@x" },
      { filename: "חשבונית.pdf", contentType: "application/pdf", content: makePdf("encoded word name"), filenameEncoding: "encoded-word" },
      { filename: "invoice.xml", contentType: "application/xml", content: Buffer.from(einvoice) },
      { filename: "other.xml", contentType: "text/xml", content: Buffer.from("<?xml version='1.0'?><root/>") },
      { filename: "", contentType: "application/pdf", content: makePdf("no name") },
    ],
  }),
  "an HTML-only message": buildMessage({ subject: "HTML only", html: "<p>Total &amp; due</p><script>x()</script>" }),
  "a forward with a PDF inside": buildForwarded(inner),
  "a forward of a forward": buildForwarded(buildForwarded(inner)),
  "a kitchen-sink broken message": buildBrokenMessage("kitchen-sink"),
  "a message without its closing boundary": buildBrokenMessage("unclosed"),
  "a message with broken base64": buildBrokenMessage("bad-base64"),
  "a message with a missing boundary": buildBrokenMessage("missing-boundary"),
};

for (const [name, raw] of Object.entries(corpus)) {
  test(`streamed from a file, ${name} is parsed and judged exactly as in memory`, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "mailroom-parse-file-"));
    try {
      const bytes = Buffer.from(raw);
      const file = path.join(dir, "message.eml");
      await writeFile(file, bytes);
      const here = await analyzeMessageHere(bytes, MAX_ATTACHMENT_BYTES);
      const streamed = await analyzeMessageFile(file, dir, MAX_ATTACHMENT_BYTES);
      assert.deepEqual(streamed.parsed, here.parsed);
      assert.equal(Boolean(streamed.parseError), Boolean(here.parseError));
      assert.equal(streamed.decisions.length, here.decisions.length);
      for (const [i, d] of here.decisions.entries()) {
        const s = streamed.decisions[i];
        if (!d.keep || !s.keep) {
          assert.deepEqual(s, d);
          continue;
        }
        const { content, ...judged } = d;
        const { content: file, ...judgedStreamed } = s;
        assert.deepEqual(judgedStreamed, judged);
        assert.ok((await readFile(file.path)).equals(content), `${d.filename}: the file holds the part's bytes`);
        assert.equal(file.size, content.length);
      }
      if (name.startsWith("a mixed bag")) {
        assert.equal(here.decisions.find((d) => d.filename === "passwd")?.keep, true, "../../etc/passwd keeps only its base name");
        assert.equal(here.decisions.filter((d) => d.keep).length, 4);
      }
      assert.ok((await readdir(dir)).every((f) => f === "message.eml" || f.startsWith("part-")), "parts are written inside the given folder only");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
}
