import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { parseKeyring } from "@/lib/crypto/secrets";
import { storeMessages } from "@/lib/mail/store-messages";
import { previewKey } from "@/lib/documents/preview-keys";
import { purgeExpiredFiles } from "@/lib/retention/files";
import { purgeReadNotifications } from "@/lib/retention/notifications";
import { createStorage } from "@/lib/storage/storage";
import { s3Storage } from "@/lib/storage/s3";
import type { Storage } from "@/lib/storage/types";
import type { JobContext } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { attachmentsCleanup } from "@/jobs/attachments-cleanup";
import { makeImapAccount, makeUser } from "../support/factories";
import { makeTextPdf } from "../support/images";
import { buildMessage } from "../support/mime";
import { startS3, type S3Server } from "../support/s3";
import { call, startWebTest, type WebTest } from "../support/web";

let web: WebTest;
let s3: S3Server;
let routes: {
  one: typeof import("@/app/api/documents/[id]/route");
  file: typeof import("@/app/api/documents/[id]/file/route");
  page: typeof import("@/app/api/documents/[id]/pages/[n]/route");
  reprocess: typeof import("@/app/api/documents/[id]/reprocess/route");
};

before(async () => {
  [web, s3] = await Promise.all([startWebTest("retention"), startS3()]);
  routes = {
    one: await import("@/app/api/documents/[id]/route"),
    file: await import("@/app/api/documents/[id]/file/route"),
    page: await import("@/app/api/documents/[id]/pages/[n]/route"),
    reprocess: await import("@/app/api/documents/[id]/reprocess/route"),
  };
});

after(async () => {
  await s3.dispose();
  await web.stop();
});

const DAY = 86_400_000;
type Row = { id: string; email_id: string; file_key: string; raw_key: string; storage_type: string };

/**
 * A company with one email per age (days ago), each bringing one PDF; documents read and
 * completed, rows dated back as if fetched then.
 */
async function companyWithMail(ages: number[], opts: { retentionDays?: number; storage?: Storage } = {}) {
  const owner = await makeUser(web.tdb.db);
  if (opts.retentionDays !== undefined) await web.tdb.sql`update companies set retention_days = ${opts.retentionDays} where id = ${owner.companyId}`;
  const account = await makeImapAccount(web.tdb.db, parseKeyring(web.key), owner.companyId, { email: "in@x.test", host: "127.0.0.1", port: 143, password: "pw" });
  const { db, boss } = web.services();
  const storage = opts.storage ?? web.services().storage;
  const messages = ages.map((age, i) => ({
    uid: i + 1,
    raw: Buffer.from(buildMessage({ subject: `Invoice ${age} days old`, attachments: [{ filename: `invoice-${age}.pdf`, contentType: "application/pdf", content: makeTextPdf([[`INVOICE ${age}-${i}`, `Total ${100 + i}.00`]]) }] })),
  }));
  await storeMessages({ db, storage, boss: await boss() }, { companyId: owner.companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, messages, { maxAttachmentBytes: 1e8, filters: {} });
  const rows: Row[] = [];
  for (const [i, age] of ages.entries()) {
    const [row] = await web.tdb.sql<Row[]>`
      select d.id, d.email_id, d.file_key, e.raw_key, d.storage_type from documents d join emails e on e.id = d.email_id
      where d.company_id = ${owner.companyId} and e.uid = ${i + 1}`;
    const at = new Date(Date.now() - age * DAY).toISOString();
    await web.tdb.sql`update emails set created_at = ${at}::timestamptz where id = ${row!.email_id}`;
    await web.tdb.sql`update documents set created_at = ${at}::timestamptz, status = 'completed', text = ${`INVOICE ${age}`}, fields = ${JSON.stringify({ total: 100 + i })}::jsonb where id = ${row!.id}`;
    rows.push(row!);
  }
  return { ...owner, storage, rows };
}

const onDisk = (key: string) => existsSync(path.join(web.dataDir, "files", key));
const documentRow = async (id: string) => (await web.tdb.sql`select file_removed_at, file_removed_after_days, text, fields, status from documents where id = ${id}`)[0]!;

describe("retention", () => {
  test("removes exactly the files and raw messages past the company's retention, with their previews; rows, text and fields stay", async () => {
    const c = await companyWithMail([45, 31, 29, 1], { retentionDays: 30 });
    const [old1, old2, new1, new2] = c.rows;
    await c.storage.putOn("local", previewKey(old1!.file_key, 1, "page"), Buffer.from("cached preview"));
    for (const r of c.rows) assert.ok(onDisk(r.file_key) && onDisk(r.raw_key), "every file is stored before the clean-up");

    const purged = await purgeExpiredFiles(web.tdb.db, c.storage, c.companyId, { batch: 1 });
    assert.equal(purged.documents, 2);
    assert.equal(purged.raw_messages, 2);
    assert.equal(purged.retention_days, 30);
    for (const r of [old1!, old2!]) {
      assert.ok(!onDisk(r.file_key), "an old document's file is gone");
      assert.ok(!onDisk(r.raw_key), "an old raw message is gone");
      const row = await documentRow(r.id);
      assert.ok(row.file_removed_at, "marked as file removed");
      assert.equal(row.file_removed_after_days, 30);
      assert.match(row.text, /^INVOICE /, "the text stays");
      assert.ok(Number(row.fields.total) >= 100, "the fields stay");
    }
    assert.ok(!onDisk(previewKey(old1!.file_key, 1, "page")), "its cached preview went with it");
    for (const r of [new1!, new2!]) {
      assert.ok(onDisk(r.file_key) && onDisk(r.raw_key), "newer files stay");
      assert.equal((await documentRow(r.id)).file_removed_at, null);
    }
    const [email] = await web.tdb.sql`select raw_removed_at, subject from emails where id = ${old1!.email_id}`;
    assert.ok(email!.raw_removed_at, "marked as raw removed");
    assert.equal(email!.subject, "Invoice 45 days old", "the email's headers stay");

    const again = await purgeExpiredFiles(web.tdb.db, c.storage, c.companyId);
    assert.deepEqual([again.documents, again.raw_messages], [0, 0], "a second run finds nothing left to do");
  });

  test("a file that is already gone is not an error, and its row is marked like the others", async () => {
    const c = await companyWithMail([60]);
    const [r] = c.rows;
    await rm(path.join(web.dataDir, "files", r!.file_key));
    await rm(path.join(web.dataDir, "files", r!.raw_key));
    const purged = await purgeExpiredFiles(web.tdb.db, c.storage, c.companyId);
    assert.deepEqual([purged.documents, purged.raw_messages, purged.retention_days], [1, 1, 30], "the default retention is 30 days");
    assert.ok((await documentRow(r!.id)).file_removed_at, "marked as file removed");
  });

  test("retention 0 keeps every file forever", async () => {
    const c = await companyWithMail([400, 90], { retentionDays: 0 });
    const purged = await purgeExpiredFiles(web.tdb.db, c.storage, c.companyId);
    assert.deepEqual([purged.documents, purged.raw_messages], [0, 0]);
    for (const r of c.rows) assert.ok(onDisk(r.file_key) && onDisk(r.raw_key));
  });

  test("files on S3 past their age are deleted from the bucket; newer ones stay", async () => {
    const remote = s3Storage({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey });
    const storage = createStorage({ dataDir: web.dataDir, remote });
    const c = await companyWithMail([40, 2], { storage, retentionDays: 30 });
    const [old, fresh] = c.rows;
    assert.equal(old!.storage_type, "s3");
    const inBucket = (key: string) => remote.get(key).then(() => true, () => false);
    assert.ok(await inBucket(old!.file_key));

    const purged = await purgeExpiredFiles(web.tdb.db, storage, c.companyId);
    assert.deepEqual([purged.documents, purged.raw_messages], [1, 1]);
    assert.equal(await inBucket(old!.file_key), false);
    assert.equal(await inBucket(old!.raw_key), false);
    assert.ok(await inBucket(fresh!.file_key));
    assert.ok(await inBucket(fresh!.raw_key));
    // Run twice, the objects already gone: S3 answers a delete of a missing key without complaint.
    await web.tdb.sql`update documents set file_removed_at = null where id = ${old!.id}`;
    assert.equal((await purgeExpiredFiles(web.tdb.db, storage, c.companyId)).documents, 1);
  });

  test("the job records what it removed and answers it as its output", async () => {
    const c = await companyWithMail([50, 3]);
    const ctx = { db: web.tdb.db, storage: c.storage, log: logger.child({ test: "retention" }) } as unknown as JobContext;
    const out = (await attachmentsCleanup.handler({ company_id: c.companyId }, ctx)) as { documents: number; raw_messages: number };
    assert.deepEqual([out.documents, out.raw_messages], [1, 1]);
    const runs = await web.tdb.sql`select job, removed from cleanup_runs where company_id = ${c.companyId}`;
    assert.deepEqual(runs.map((r) => [r.job, r.removed]), [["attachments.cleanup", { documents: 1, raw_messages: 1 }]]);
  });

  test("a removed file's document still answers its details; the file and its pages answer 410 with 'file removed after N days'", async () => {
    const c = await companyWithMail([35], { retentionDays: 30 });
    const [r] = c.rows;
    await purgeExpiredFiles(web.tdb.db, c.storage, c.companyId);
    const detail = await call(routes.one.GET, { token: c.token, params: { id: r!.id } });
    assert.equal(detail.status, 200, detail.text);
    assert.equal(detail.json.file_removed.after_days, 30);
    assert.equal(detail.json.preview_pages, 0);
    assert.match(detail.json.text, /^INVOICE/);

    const file = await call(routes.file.GET, { token: c.token, params: { id: r!.id }, path: `/api/documents/${r!.id}/file?download=1` });
    assert.equal(file.status, 410);
    assert.equal(file.json.error.code, "documents.file_removed");
    assert.equal(file.json.error.message, "File removed after 30 days");
    const hebrew = await call(routes.file.GET, { token: c.token, params: { id: r!.id }, headers: { "accept-language": "he" } });
    assert.equal(hebrew.json.error.message, "הקובץ הוסר לאחר 30 ימים");

    const page = await call(routes.page.GET, { token: c.token, params: { id: r!.id, n: "1" }, path: `/api/documents/${r!.id}/pages/1` });
    assert.equal(page.status, 410);
    const reprocess = await call(routes.reprocess.POST, { method: "POST", token: c.token, params: { id: r!.id } });
    assert.equal(reprocess.status, 410, "reading it again would only erase its text");
    assert.match((await documentRow(r!.id)).text, /^INVOICE/);
  });

  test("notifications.cleanup removes read notifications older than 30 days and nothing else", async () => {
    const c = await makeUser(web.tdb.db);
    const old = new Date(Date.now() - 40 * DAY).toISOString();
    const recent = new Date(Date.now() - 5 * DAY).toISOString();
    await web.tdb.sql`insert into notifications (company_id, user_id, event, created_at, read_at) values
      (${c.companyId}, ${c.user.id}, 'old-read', ${old}::timestamptz, ${recent}::timestamptz),
      (${c.companyId}, ${c.user.id}, 'old-unread', ${old}::timestamptz, null),
      (${c.companyId}, ${c.user.id}, 'new-read', ${recent}::timestamptz, ${recent}::timestamptz)`;
    assert.deepEqual(await purgeReadNotifications(web.tdb.db), { notifications: 1 });
    const left = await web.tdb.sql`select event from notifications where user_id = ${c.user.id} order by event`;
    assert.deepEqual(left.map((r) => r.event), ["new-read", "old-unread"]);
    assert.deepEqual(await purgeReadNotifications(web.tdb.db), { notifications: 0 });
  });
});
