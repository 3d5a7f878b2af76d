import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { parseKeyring } from "@/lib/crypto/secrets";
import { storeMessages } from "@/lib/mail/store-messages";
import { previewKey, previewKeys } from "@/lib/documents/preview-keys";
import { makeImapAccount, makeUser } from "../support/factories";
import { hugePngHeader, makeTextPdf } from "../support/images";
import { buildMessage, makePng, type Attachment } from "../support/mime";
import { call, startWebTest, type WebTest } from "../support/web";

let web: WebTest;
let routes: {
  one: typeof import("@/app/api/documents/[id]/route");
  page: typeof import("@/app/api/documents/[id]/pages/[n]/route");
  thumbnail: typeof import("@/app/api/documents/[id]/thumbnail/route");
};

before(async () => {
  web = await startWebTest("previews");
  routes = {
    one: await import("@/app/api/documents/[id]/route"),
    page: await import("@/app/api/documents/[id]/pages/[n]/route"),
    thumbnail: await import("@/app/api/documents/[id]/thumbnail/route"),
  };
});

after(() => web.stop());

const THREE_PAGES = makeTextPdf([
  ["INVOICE 1001", "Page one of three", "Acme Office Supplies"],
  ["Page two of three", "Printer paper A4    10    45.00", "Blue pens           20    12.50"],
  ["Page three of three", "Total due 67.28"],
]);

/** A company whose one email brought `files`, stored as a fetch stores them; their documents by file name. */
async function companyWithFiles(files: Attachment[]) {
  const owner = await makeUser(web.tdb.db);
  const account = await makeImapAccount(web.tdb.db, parseKeyring(web.key), owner.companyId, { email: "a@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const { db, storage, boss } = web.services();
  const raw = Buffer.from(buildMessage({ subject: "Scans", attachments: files }));
  await storeMessages({ db, storage, boss: await boss() }, { companyId: owner.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 1e8, filters: {} });
  const rows = await web.tdb.sql<{ id: string; filename: string; file_key: string }[]>`select id, filename, file_key from documents where company_id = ${owner.companyId}`;
  return { ...owner, account, docs: Object.fromEntries(rows.map((r) => [r.filename, r])) };
}

const pdf = (filename: string, content: Buffer): Attachment => ({ filename, contentType: "application/pdf", content });
const page = (token: string, id: string, n: number | string, size?: string) =>
  call(routes.page.GET, { token, params: { id, n: String(n) }, path: `/api/documents/${id}/pages/${n}${size ? `?size=${size}` : ""}` });
const stored = (fileKey: string) => path.join(web.dataDir, "files", fileKey);

describe("document previews", () => {
  test("page 2 of a three-page PDF is a real picture 1200 px wide, cached beside the file and served from there the second time", async () => {
    const a = await companyWithFiles([pdf("three.pdf", THREE_PAGES)]);
    const doc = a.docs["three.pdf"];
    await web.tdb.sql`update documents set page_count = 3 where id = ${doc.id}`;

    const res = await page(a.token, doc.id, 2);
    assert.equal(res.status, 200, res.text);
    assert.equal(res.headers.get("content-type"), "image/webp");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.match(res.headers.get("cache-control") ?? "", /^private/);
    const meta = await sharp(res.bytes).metadata();
    assert.equal(meta.format, "webp");
    assert.equal(meta.width, 1200);
    assert.ok(Math.abs(meta.height! - (1200 * 842) / 595) <= 1, `an A4 page keeps its proportions (${meta.height} px tall)`);
    // White paper with dark letters: bright on average, some pixels near black.
    const { channels } = await sharp(res.bytes).greyscale().stats();
    assert.ok(channels[0].mean > 200, `mostly white (mean ${channels[0].mean})`);
    assert.ok(channels[0].min < 80, `some dark text (darkest ${channels[0].min})`);

    const cachePath = stored(previewKey(doc.file_key, 2, "page"));
    assert.ok(existsSync(cachePath), "the picture is cached beside the original");
    // Replace the cached picture: the next answer must be it, not a new drawing.
    const marker = await sharp({ create: { width: 7, height: 5, channels: 3, background: "#ff0000" } }).webp().toBuffer();
    await writeFile(cachePath, marker);
    const again = await page(a.token, doc.id, 2);
    assert.equal(again.status, 200);
    assert.deepEqual(again.bytes, marker, "the second request reads the cache");

    const etag = again.headers.get("etag")!;
    assert.ok(etag);
    const revalidated = await call(routes.page.GET, { token: a.token, params: { id: doc.id, n: "2" }, headers: { "if-none-match": etag } });
    assert.equal(revalidated.status, 304, "the browser's copy is still good");

    const first = await page(a.token, doc.id, 1);
    assert.notDeepEqual(first.bytes, res.bytes, "page 1 is another picture");
  });

  test("another company's document, a page past the count and a page of an uncounted PDF answer 404", async () => {
    const a = await companyWithFiles([pdf("mine.pdf", THREE_PAGES)]);
    const b = await makeUser(web.tdb.db);
    const doc = a.docs["mine.pdf"];
    assert.equal((await page(b.token, doc.id, 1)).status, 404);
    assert.equal((await call(routes.thumbnail.GET, { token: b.token, params: { id: doc.id } })).status, 404);

    assert.equal((await page(a.token, doc.id, 2)).status, 404, "pending: the page count is not known yet, only page 1 is shown");
    assert.equal((await page(a.token, doc.id, 1)).status, 200);
    await web.tdb.sql`update documents set page_count = 3 where id = ${doc.id}`;
    const beyond = await page(a.token, doc.id, 4);
    assert.equal(beyond.status, 404);
    assert.equal(beyond.json.error.code, "documents.preview_not_found");
    assert.match(beyond.json.error.message, /3 pages/);
    assert.equal((await page(a.token, doc.id, 0)).status, 422);
    assert.equal((await page(a.token, doc.id, 1, "huge")).status, 422);
    assert.equal((await page(a.token, "not-a-uuid", 1)).status, 404);
  });

  test("the detail says how many pages can be previewed, capped at 20", async () => {
    const a = await companyWithFiles([pdf("long.pdf", THREE_PAGES)]);
    const doc = a.docs["long.pdf"];
    assert.equal((await call(routes.one.GET, { token: a.token, params: { id: doc.id } })).json.preview_pages, 1);
    await web.tdb.sql`update documents set page_count = 57 where id = ${doc.id}`;
    const detail = await call(routes.one.GET, { token: a.token, params: { id: doc.id } });
    assert.equal(detail.json.page_count, 57);
    assert.equal(detail.json.preview_pages, 20);
  });

  test("a corrupt PDF answers a clear 422 and the next document still renders", async () => {
    const broken = Buffer.concat([Buffer.from("%PDF-1.7\n1 0 obj\n<< /Type /Catalog"), Buffer.alloc(2000, 0x41)]);
    const a = await companyWithFiles([pdf("broken.pdf", broken), pdf("fine.pdf", THREE_PAGES)]);
    const bad = await page(a.token, a.docs["broken.pdf"].id, 1);
    assert.equal(bad.status, 422);
    assert.equal(bad.json.error.code, "documents.preview_failed");
    assert.match(bad.json.error.message, /damaged/);
    assert.equal((await call(routes.thumbnail.GET, { token: a.token, params: { id: a.docs["broken.pdf"].id } })).status, 422);
    const good = await page(a.token, a.docs["fine.pdf"].id, 1, "thumb");
    assert.equal(good.status, 200);
    assert.equal((await sharp(good.bytes).metadata()).width, 160);
  });

  test("a PNG and a JPEG document preview as one resized page; the thumbnail is small", async () => {
    const jpeg = await sharp({ create: { width: 1800, height: 2400, channels: 3, background: "#f4f1e8" } })
      .composite([{ input: { create: { width: 900, height: 300, channels: 3, background: "#202020" } }, top: 400, left: 300 }])
      .jpeg()
      .toBuffer();
    const a = await companyWithFiles([
      { filename: "wide.png", contentType: "image/png", content: makePng({ width: 2400, height: 600 }) },
      { filename: "photo.jpg", contentType: "image/jpeg", content: jpeg },
      { filename: "tiny.png", contentType: "image/png", content: makePng({ width: 40, height: 30, seed: 3 }) },
    ]);
    const size = async (res: { status: number; bytes: Buffer; text: string }) => {
      assert.equal(res.status, 200, res.text);
      const m = await sharp(res.bytes).metadata();
      return [m.width, m.height];
    };
    assert.deepEqual(await size(await page(a.token, a.docs["wide.png"].id, 1)), [1200, 300]);
    assert.deepEqual(await size(await page(a.token, a.docs["photo.jpg"].id, 1)), [1200, 1600]);
    assert.deepEqual(await size(await call(routes.thumbnail.GET, { token: a.token, params: { id: a.docs["photo.jpg"].id } })), [160, 213]);
    assert.deepEqual(await size(await page(a.token, a.docs["tiny.png"].id, 1)), [40, 30], "never enlarged");
    assert.equal((await page(a.token, a.docs["photo.jpg"].id, 2)).status, 404, "an image has one page");
    const thumb = await call(routes.thumbnail.GET, { token: a.token, params: { id: a.docs["wide.png"].id } });
    assert.ok(thumb.bytes.length < 10_000, `a thumbnail is small (${thumb.bytes.length} bytes)`);
  });

  test("a PNG that claims 30000 x 30000 pixels is refused with the reason, without decoding it", async () => {
    const a = await companyWithFiles([{ filename: "bomb.png", contentType: "image/png", content: hugePngHeader() }]);
    const res = await page(a.token, a.docs["bomb.png"].id, 1);
    assert.equal(res.status, 422);
    assert.match(res.json.error.message, /30000 x 30000 pixels, over the preview limit/);
  });

  test("many pages asked for at once all arrive", async () => {
    const pages = Array.from({ length: 8 }, (_, i) => [`Page ${i + 1}`, "Lorem ipsum dolor sit amet"]);
    const a = await companyWithFiles([pdf("eight.pdf", makeTextPdf(pages))]);
    const doc = a.docs["eight.pdf"];
    await web.tdb.sql`update documents set page_count = 8 where id = ${doc.id}`;
    const answers = await Promise.all([...pages.keys(), 0, 1].flatMap((i) => [page(a.token, doc.id, i + 1), page(a.token, doc.id, i + 1, "thumb")]));
    assert.deepEqual(answers.map((r) => r.status), answers.map(() => 200));
  });

  test("deleting a document, or its mailbox, deletes its cached previews", async () => {
    const a = await companyWithFiles([pdf("gone.pdf", THREE_PAGES), pdf("second.pdf", makeTextPdf([["Another"]]))]);
    const doc = a.docs["gone.pdf"];
    await web.tdb.sql`update documents set page_count = 3 where id = ${doc.id}`;
    for (const n of [1, 2, 3]) assert.equal((await page(a.token, doc.id, n)).status, 200);
    assert.equal((await call(routes.thumbnail.GET, { token: a.token, params: { id: doc.id } })).status, 200);
    const keys = previewKeys({ fileKey: doc.file_key, contentType: "application/pdf", pageCount: 3 });
    assert.equal(keys.filter((k) => existsSync(stored(k))).length, 4, "three pages and a thumbnail were cached");

    assert.equal((await call(routes.one.DELETE, { method: "DELETE", token: a.token, params: { id: doc.id } })).status, 200);
    assert.equal(existsSync(stored(doc.file_key)), false);
    assert.deepEqual(keys.filter((k) => existsSync(stored(k))), [], "no preview is left");

    // A mailbox's deletion takes its documents' previews too; the page count was never set here.
    const other = a.docs["second.pdf"];
    assert.equal((await call(routes.thumbnail.GET, { token: a.token, params: { id: other.id } })).status, 200);
    const accounts = await import("@/app/api/accounts/[id]/route");
    assert.equal((await call(accounts.DELETE, { method: "DELETE", token: a.token, params: { id: a.account.id } })).status, 200);
    assert.equal(existsSync(stored(previewKey(other.file_key, 1, "thumb"))), false);
  });
});
