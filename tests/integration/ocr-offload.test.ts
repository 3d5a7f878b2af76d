// CPU work off the fetch path (issue 18): OCR workers recycled between pages without losing one,
// and a worker that keeps its heartbeat and fetches mail while a long OCR job runs.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import sharp from "sharp";
import { PgBoss } from "pg-boss";
import { createOcrPool } from "@/lib/ocr/pool";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { BOSS_SCHEMA, enqueue } from "@/lib/queue";
import { accountFetchJob } from "@/lib/accounts/schemas";
import { documents } from "@/lib/db/schema/documents";
import { emails } from "@/lib/db/schema/mail";
import { workerHeartbeats } from "@/lib/db/schema/system";
import { startWorker } from "@/lib/worker/runtime";
import { createStorage } from "@/lib/storage/storage";
import { logger } from "@/lib/logger";
import { DEFAULT_SETTINGS } from "@/lib/boot/config";
import { JOBS } from "@/jobs/index";
import { drawText, makeScannedPdf } from "../support/images";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { waitFor } from "../support/wait";

// Words OCR cannot mistake for one another (digits were: 0 read as 8).
const WORDS = ["ALPHA", "BRAVO", "CHARLIE", "DELTA", "ECHO", "FOXTROT", "GOLF", "HOTEL", "INDIA", "JULIET"];
const code = (n: number) => new RegExp(`PAGE ${WORDS[n - 1]}`, "i");
const lines = (n: number) => [`PAGE ${WORDS[n - 1]} OF THE BATCH`, "Amount due 12.50"];
/** A page with one line that names it, so each reading can be matched to its page. */
const page = (n: number) => drawText({ lines: lines(n), width: 900, fontSize: 28 });
/** The same lines on an A4 page at 150 dpi, as a scanner would send it. */
const scannedPage = (n: number) => drawText({ lines: ["Scanned document", "", ...lines(n)], width: 1240, height: 1754, fontSize: 40 });

describe("OCR worker recycling", () => {
  test("a worker is replaced after N pages, between pages: every page is read right, none lost", async () => {
    const pool = createOcrPool({ size: 1, langs: ["eng"], recycleAfterPages: 2 });
    try {
      const pages = await Promise.all([1, 2, 3, 4, 5].map(page));
      // All queued at once: recycling happens while pages wait for the one worker.
      const results = await Promise.all(pages.map((p) => pool.recognize(p)));
      results.forEach((r, i) => assert.match(r.text, code(i + 1), `page ${i + 1} read as:\n${r.text}`));
      const stats = pool.stats();
      assert.equal(stats.pagesRead, 5);
      assert.equal(stats.recycled, 2, "replaced after pages 2 and 4");
      assert.equal(stats.started, 3, "a fresh worker for pages 1-2, 3-4 and 5");
      assert.ok(stats.workers <= 1);
    } finally {
      await pool.terminate();
    }
  });

  test("above the memory ceiling each worker is replaced as it finishes, and one reads at a time", async () => {
    let rss = 10 * 1024 ** 3; // "over": as a process holding 10 GB would see it
    const pool = createOcrPool({ size: 2, langs: ["eng"], rssCeilingBytes: 1024 ** 3, rss: () => rss });
    try {
      const pages = await Promise.all([6, 7, 8].map(page));
      let mostWorkers = 0;
      const reads = pages.map((p) => pool.recognize(p).finally(() => (mostWorkers = Math.max(mostWorkers, pool.stats().workers))));
      const results = await Promise.all(reads);
      results.forEach((r, i) => assert.match(r.text, code(i + 6)));
      assert.equal(pool.stats().recycled, 3);
      assert.ok(mostWorkers <= 1, `at most one worker over the ceiling, saw ${mostWorkers}`);
      // Back under the ceiling, a worker that reads is kept.
      rss = 0;
      await pool.recognize(pages[0]);
      assert.equal(pool.stats().recycled, 3);
      assert.equal(pool.stats().workers, 1);
    } finally {
      await pool.terminate();
    }
  });
});

describe("fetching while OCR runs", () => {
  let tdb: TestDatabase;
  let dovecot: Dovecot;
  let dataDir: string;
  let boss: PgBoss;
  const ring = parseKeyring(generateKey());

  before(async () => {
    [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-offload-"))]);
    boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
  });

  after(async () => {
    await boss?.stop({ graceful: false, close: true });
    await dovecot?.dispose();
    await tdb?.drop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  test("while a 10-page scan is OCRed, the heartbeat row keeps moving and another mailbox is fetched", async () => {
    const { companyId } = await makeUser(tdb.db);
    const jpegs = await Promise.all(Array.from({ length: 10 }, async (_, i) => sharp(await scannedPage(i + 1)).jpeg({ quality: 85 }).toBuffer()));
    const scan = makeScannedPdf(jpegs);
    await dovecot.addUser({ name: "scans", password: "pw" });
    await dovecot.fillMaildir("scans", "INBOX", [buildMessage({ subject: "Ten scanned pages", attachments: [{ filename: "scan.pdf", contentType: "application/pdf", content: scan }] })]);
    await dovecot.addUser({ name: "invoices", password: "pw" });
    await dovecot.fillMaildir("invoices", "INBOX", [1, 2, 3].map((i) => buildMessage({ subject: `Invoice ${i}`, attachments: [{ filename: `inv-${i}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${i} from Acme Office Supplies Ltd, total due 12.50`) }] })));
    const scans = await makeImapAccount(tdb.db, ring, companyId, { email: "scans@x.test", username: "scans", host: dovecot.host, port: dovecot.port, password: "pw", security: "none" });
    const invoices = await makeImapAccount(tdb.db, ring, companyId, { email: "invoices@x.test", username: "invoices", host: dovecot.host, port: dovecot.port, password: "pw", security: "none" });

    const worker = await startWorker({
      databaseUrl: tdb.url,
      jobs: JOBS,
      storage: createStorage({ dataDir }),
      keyring: ring,
      log: logger,
      schedules: false,
      heartbeatSeconds: 1,
      settings: { ...DEFAULT_SETTINGS, concurrency: 2, ocr: { langs: "eng", poolSize: 1 }, gemini: {} },
    });
    try {
      await enqueue(boss, accountFetchJob, { account_id: scans.id, company_id: companyId }, { singletonKey: scans.id });
      const inOcr = await waitFor("the scan in its OCR stage", async () => {
        const [d] = await tdb.db.select().from(documents).where(and(eq(documents.accountId, scans.id), eq(documents.processingStage, "ocr")));
        return d;
      }, { timeoutMs: 60_000 });

      // The scan's OCR is under way: fetch the other mailbox now, and watch the heartbeat row.
      await enqueue(boss, accountFetchJob, { account_id: invoices.id, company_id: companyId }, { singletonKey: invoices.id });
      const beats = new Set<number>();
      let fetchedDuringOcr = false;
      for (;;) {
        const [scanDoc] = await tdb.db.select().from(documents).where(eq(documents.id, inOcr.id));
        const ocrRunning = scanDoc.processingStage === "ocr";
        if (!ocrRunning) break;
        const [beat] = await tdb.db.select().from(workerHeartbeats).where(eq(workerHeartbeats.id, worker.id));
        beats.add(beat.lastSeen.getTime());
        const stored = await tdb.db.select({ id: emails.id }).from(emails).where(eq(emails.accountId, invoices.id));
        if (stored.length === 3) fetchedDuringOcr = true;
        await new Promise((r) => setTimeout(r, 100));
      }
      const [done] = await tdb.db.select().from(documents).where(eq(documents.id, inOcr.id));
      assert.equal(done.pageCount, 10, "every page of the scan was read");
      // Every page reached OCR; this is not a test of OCR quality, so a misread word or two is let pass.
      const found = WORDS.filter((w) => new RegExp(w, "i").test(done.text ?? ""));
      assert.ok(found.length >= 8, `pages named in the text: ${found.join(", ")}\n${done.text}`);
      assert.ok(fetchedDuringOcr, "the second mailbox was fetched and stored while the scan was being read");
      assert.ok(beats.size >= 3, `the heartbeat row was updated while OCR ran (${beats.size} distinct beats seen)`);
    } finally {
      await worker.stop({ timeoutMs: 5000 });
    }
  });
});
