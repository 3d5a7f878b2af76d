// The fetch lease (lib/mail/fetch-lease.ts): one holder per mailbox, taken over only once expired,
// and checked inside every store, so a worker that stalled past its lease commits nothing more.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { fetchAccount, type FetchDeps } from "@/lib/mail/fetch-account";
import { storeMessages } from "@/lib/mail/store-messages";
import { acquireFetchLease, FetchLeaseLost, holdFetchLease, keepFetchLease, releaseFetchLease, renewFetchLease, type FetchLease } from "@/lib/mail/fetch-lease";
import { getAccount } from "@/lib/accounts/service";
import { fetchLeases, fetchRuns, mailAccounts, mailFolders } from "@/lib/db/schema/accounts";
import { attachments, emails } from "@/lib/db/schema/mail";
import { documents } from "@/lib/db/schema/documents";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildMessage, makePdf } from "../support/mime";
import { makeImapAccount, makeUser } from "../support/factories";
import { waitFor } from "../support/wait";

let tdb: TestDatabase;
let dovecot: Dovecot;
let dataDir: string;
let deps: FetchDeps;
let boss: PgBoss;
const ring = parseKeyring(generateKey());
const settings = { batchSize: 100, maxAttachmentBytes: 25 * 1024 * 1024 };
let seq = 0;

before(async () => {
  [tdb, dovecot, dataDir] = await Promise.all([createTestDatabase(), startDovecot(), mkdtemp(path.join(os.tmpdir(), "mailroom-lease-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  deps = { db: tdb.db, boss, storage: createStorage({ dataDir }), keyring: ring, log: logger };
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await dovecot?.dispose();
  await tdb?.drop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function mailbox(messages = 0) {
  const name = `lease${++seq}`;
  await dovecot.addUser({ name, password: "pw" });
  if (messages > 0) await dovecot.fillMaildir(name, "INBOX", Array.from({ length: messages }, (_, i) => invoice(`${name}-${i}`)));
  const { companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, ring, companyId, { email: `${name}@x.test`, username: name, host: dovecot.host, port: dovecot.port, password: "pw" });
  return { companyId, account };
}

const invoice = (id: string) =>
  buildMessage({ subject: `Invoice ${id}`, attachments: [{ filename: `invoice-${id}.pdf`, contentType: "application/pdf", content: makePdf(`Invoice ${id} total 10.00`) }] });

async function acquired(accountId: string, seconds = 30): Promise<FetchLease> {
  const attempt = await acquireFetchLease(tdb.db, accountId, seconds);
  assert.ok(attempt.ok, "the lease is free");
  return attempt.lease;
}

/** What a lease holder's stall looks like from the database: its lease ran out. */
const expire = (accountId: string) => tdb.db.update(fetchLeases).set({ expiresAt: sql`clock_timestamp() - interval '1 second'` }).where(eq(fetchLeases.accountId, accountId));
const leaseRow = async (accountId: string) => (await tdb.db.select().from(fetchLeases).where(eq(fetchLeases.accountId, accountId)))[0];
const count = async (table: typeof emails | typeof documents, accountId: string) =>
  (await tdb.db.select({ n: sql<number>`count(*)::int` }).from(table).where(eq(table.accountId, accountId)))[0].n;

describe("fetch lease", () => {
  test("a held lease is refused to another worker until it expires, then taken over; the old holder's renewal and release do nothing", async () => {
    const { account } = await mailbox();
    const first = await acquired(account.id, 30);
    const refused = await acquireFetchLease(tdb.db, account.id, 30);
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.ok(refused.expiresAt.getTime() > Date.now() + 20_000, "refused until the holder's lease runs out");

    await expire(account.id);
    const second = await acquired(account.id, 30);
    assert.notEqual(second.holder, first.holder);
    assert.equal(await renewFetchLease(tdb.db, first), false, "the first holder cannot renew a lease taken over");
    assert.equal(first.lost, true);
    await releaseFetchLease(tdb.db, first);
    assert.equal((await leaseRow(account.id))?.holder, second.holder, "nor give it up for the new holder");

    await releaseFetchLease(tdb.db, second);
    assert.equal(await leaseRow(account.id), undefined);
    await releaseFetchLease(tdb.db, await acquired(account.id));
  });

  test("renewals keep a lease ahead of its expiry while the fetch goes on", async () => {
    const { account } = await mailbox();
    const lease = await acquired(account.id, 5);
    const firstExpiry = (await leaseRow(account.id)).expiresAt;
    const stop = keepFetchLease(tdb.db, lease);
    try {
      // Renewed every third of its length: within ~1.7 s the expiry has moved on.
      await waitFor("a renewal", async () => (await leaseRow(account.id)).expiresAt > firstExpiry, { timeoutMs: 10_000, intervalMs: 100 });
    } finally {
      stop();
    }
    assert.equal((await acquireFetchLease(tdb.db, account.id, 5)).ok, false);
    await releaseFetchLease(tdb.db, lease);
  });

  test("an expired lease nobody took over is still its holder's: a store extends it", async () => {
    const { account } = await mailbox();
    const lease = await acquired(account.id, 30);
    await expire(account.id);
    await tdb.db.transaction((tx) => holdFetchLease(tx, lease));
    assert.ok((await leaseRow(account.id)).expiresAt.getTime() > Date.now() + 20_000);
    assert.equal(lease.lost, false);
    await releaseFetchLease(tdb.db, lease);
  });

  test("a store whose lease was taken over commits nothing: no email, attachment, document, job or folder mark", async () => {
    const { companyId, account } = await mailbox();
    await tdb.db.insert(mailFolders).values({ accountId: account.id, name: "INBOX", uidValidity: 7, lastUid: 0 });
    const stalled = await acquired(account.id);
    await expire(account.id);
    const taker = await acquired(account.id);
    const target = { companyId, accountId: account.id, folder: "INBOX", uidValidity: 7 };
    const jobsBefore = await documentJobs();
    await assert.rejects(
      storeMessages(deps, target, [1, 2].map((uid) => ({ uid, raw: Buffer.from(invoice(`lost-${uid}`)) })), { maxAttachmentBytes: 1e7, filters: {}, lease: stalled }),
      FetchLeaseLost,
    );
    // A sync cursor moved with nothing to store (Gmail's last page) is refused too.
    const advance = (tx: Parameters<typeof holdFetchLease>[0]) => tx.update(mailAccounts).set({ gmailHistoryId: "999" }).where(eq(mailAccounts.id, account.id));
    await assert.rejects(storeMessages(deps, { ...target, uidValidity: null }, [], { maxAttachmentBytes: 1e7, filters: {}, advance, lease: stalled }), FetchLeaseLost);

    assert.equal(await count(emails, account.id), 0);
    assert.equal(await count(documents, account.id), 0);
    const [a] = await tdb.db.select({ n: sql<number>`count(*)::int` }).from(attachments).where(eq(attachments.companyId, companyId));
    assert.equal(a.n, 0);
    assert.equal(await documentJobs(), jobsBefore, "no document.process job");
    const [folder] = await tdb.db.select().from(mailFolders).where(eq(mailFolders.accountId, account.id));
    assert.equal(folder.lastUid, 0, "the folder's mark did not move");
    assert.equal((await getAccount(tdb.db, companyId, account.id)).gmailHistoryId, null);

    // The holder stores them.
    const r = await storeMessages(deps, target, [1, 2].map((uid) => ({ uid, raw: Buffer.from(invoice(`lost-${uid}`)) })), { maxAttachmentBytes: 1e7, filters: {}, lease: taker });
    assert.deepEqual(r, { emails: 2, documents: 2 });
    await releaseFetchLease(tdb.db, taker);
  });

  test("a lease whose holder is in the middle of a store cannot be taken over until that store commits", async () => {
    const { account } = await mailbox();
    const holder = await acquired(account.id);
    let release: (() => void) | undefined;
    const storing = tdb.db.transaction(async (tx) => {
      await holdFetchLease(tx, holder);
      // The holder's lease runs out while its store is open (a worker stalled inside it).
      await tx.update(fetchLeases).set({ expiresAt: sql`clock_timestamp() - interval '1 second'` }).where(eq(fetchLeases.accountId, account.id));
      await new Promise<void>((r) => (release = r));
    });
    await waitFor("the store to be open", async () => release !== undefined);
    assert.equal((await acquireFetchLease(tdb.db, account.id, 30)).ok, false, "the lease row it holds is not taken");
    release!();
    await storing;
    // Committed, what it stored is there for whoever takes over next.
    const next = await acquired(account.id);
    assert.equal(await renewFetchLease(tdb.db, holder), false);
    await releaseFetchLease(tdb.db, next);
  });

  test("a fetch of a mailbox another worker holds fetches nothing and records no run; once free it is fetched, and the lease given up", async () => {
    const { companyId, account } = await mailbox(2);
    const other = await acquired(account.id);
    const held = await fetchAccount(deps, await getAccount(tdb.db, companyId, account.id), settings);
    assert.ok(held.ok && held.lease === "held");
    assert.equal(await count(emails, account.id), 0);
    assert.equal((await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id))).length, 0);

    await releaseFetchLease(tdb.db, other);
    const done = await fetchAccount(deps, await getAccount(tdb.db, companyId, account.id), settings);
    assert.ok(done.ok && done.lease === undefined);
    assert.equal(done.messages, 2);
    assert.equal(await leaseRow(account.id), undefined, "given up at the end of the run");
  });

  test("a fetch whose lease is taken over mid-run stops as lease_lost, keeps what it stored, leaves the account alone, and the new holder stores the rest once", async () => {
    const total = 60;
    const { companyId, account } = await mailbox(total);
    const before = await getAccount(tdb.db, companyId, account.id);
    let asked = 0;
    // Asked before the first batch of 50 and again before the second: by then another worker has taken over.
    const shouldStop = async () => {
      if (++asked === 2) {
        await expire(account.id);
        assert.ok((await acquireFetchLease(tdb.db, account.id, 30)).ok);
      }
      return false;
    };
    const outcome = await fetchAccount(deps, before, { ...settings, shouldStop });
    assert.ok(outcome.ok && outcome.lease === "lost", `handed over: ${JSON.stringify(outcome)}`);
    assert.equal(outcome.messages, 50, "what it stored before is counted");
    assert.equal(await count(emails, account.id), 50, "the second batch was not stored");

    const [run] = await tdb.db.select().from(fetchRuns).where(eq(fetchRuns.accountId, account.id));
    assert.equal(run.status, "lease_lost");
    assert.equal(run.messages, 50);
    assert.equal(run.error, null, "not an error");
    assert.ok(run.finishedAt);
    const after = await getAccount(tdb.db, companyId, account.id);
    assert.equal(after.status, before.status);
    assert.equal(after.lastError, null);
    assert.equal(after.failureCount, 0);
    assert.deepEqual(after.lastFetchAt, before.lastFetchAt, "the account is the new holder's to update");

    // The new holder's lease runs out (its worker died); the next fetch takes the rest.
    await expire(account.id);
    const rest = await fetchAccount(deps, after, settings);
    assert.ok(rest.ok && rest.lease === undefined);
    assert.equal(rest.messages, total - 50);
    const uids = await tdb.db.select({ uid: emails.uid }).from(emails).where(eq(emails.accountId, account.id));
    assert.equal(uids.length, total);
    assert.equal(new Set(uids.map((u) => u.uid)).size, total);
    assert.equal(await count(documents, account.id), total);
  });
});

async function documentJobs(): Promise<number> {
  const [r] = await tdb.sql.unsafe(`select count(*)::int as n from ${BOSS_SCHEMA}.job where name = 'document.process'`);
  return r.n;
}
