// Checks the throwaway Dovecot harness and the MIME fixture builders against each other.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { ImapFlow, type ImapFlowOptions } from "imapflow";
import { simpleParser } from "mailparser";
import { startDovecot, type Dovecot } from "../support/dovecot";
import { buildBrokenMessage, buildForwarded, buildMessage, makeJpeg, makePdf, makePng } from "../support/mime";

const ALICE = { name: "alice@example.com", password: "alice-secret" };
const BOB = { name: "bob", password: "bob-secret" };

let dovecot: Dovecot;

/** Pids of this instance's processes: their command lines carry its temp dir's name. */
function instancePids(): number[] {
  const token = path.basename(dovecot.dir);
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(token)) pids.push(Number(entry));
    } catch {
      // process went away
    }
  }
  return pids;
}

function client(user: { name: string; password: string }, extra: Partial<ImapFlowOptions> = {}): ImapFlow {
  return new ImapFlow({
    host: dovecot.host,
    port: dovecot.port,
    secure: false,
    auth: { user: user.name, pass: user.password },
    logger: false,
    disableAutoIdle: true,
    tls: { rejectUnauthorized: false },
    ...extra,
  });
}

async function withClient<T>(user: { name: string; password: string }, fn: (c: ImapFlow) => Promise<T>): Promise<T> {
  const c = client(user);
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.logout();
  }
}

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: "127.0.0.1", port });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("error", reject);
  });
}

before(async () => {
  const started = Date.now();
  dovecot = await startDovecot({ users: [ALICE] });
  console.log(`startDovecot took ${Date.now() - started} ms (ports ${dovecot.port}/${dovecot.tlsPort})`);
  assert.ok(instancePids().length > 1, "expected to see the Dovecot processes");
});

after(async () => {
  await dovecot?.dispose();
});

test("addUser works immediately and appended messages list with increasing UIDs", async () => {
  await dovecot.addUser(BOB);
  const pdf = makePdf("Invoice 42\nTotal 1,234.50");
  await dovecot.append(BOB.name, "INBOX", buildMessage({ subject: "plain", text: "hello" }));
  await dovecot.append(
    BOB.name,
    "INBOX",
    buildMessage({
      subject: "חשבונית מס 42",
      text: "מצורפת חשבונית",
      attachments: [
        { filename: "חשבונית 42.pdf", contentType: "application/pdf", content: pdf, filenameEncoding: "rfc2231" },
        { filename: "logo.png", contentType: "image/png", content: makePng(), inline: true, contentId: "logo@test" },
      ],
    }),
  );
  await dovecot.append(
    BOB.name,
    "INBOX",
    buildForwarded(
      buildMessage({
        subject: "inner",
        attachments: [{ filename: "קבלה.pdf", contentType: "application/pdf", content: pdf, filenameEncoding: "encoded-word" }],
      }),
    ),
  );
  await dovecot.append(BOB.name, "INBOX", buildBrokenMessage());
  await dovecot.append(BOB.name, "Receipts/2024", buildMessage({ subject: "in a subfolder", attachments: [
    { filename: "photo.jpg", contentType: "image/jpeg", content: makeJpeg() },
  ] }));

  await withClient(BOB, async (c) => {
    const box = await c.mailboxOpen("INBOX");
    assert.equal(box.exists, 4);
    const uids: number[] = [];
    const subjects: string[] = [];
    for await (const msg of c.fetch("1:*", { uid: true, envelope: true })) {
      uids.push(msg.uid);
      subjects.push(msg.envelope?.subject ?? "");
    }
    assert.deepEqual(uids, [1, 2, 3, 4]);
    assert.equal(subjects[1], "חשבונית מס 42");

    // The PDF must survive APPEND + FETCH + parse byte for byte, with its Hebrew name.
    const fetched = await c.fetchOne("2", { source: true }, { uid: true });
    assert.ok(fetched && fetched.source);
    const parsed = await simpleParser(fetched.source);
    const attachment = parsed.attachments.find((a) => a.contentType === "application/pdf");
    assert.ok(attachment);
    assert.equal(attachment.filename, "חשבונית 42.pdf");
    assert.ok(attachment.content.equals(pdf), "PDF bytes changed on the way through IMAP");
    assert.ok(parsed.attachments.some((a) => a.cid === "logo@test"));

    const forwarded = await c.fetchOne("3", { source: true }, { uid: true });
    assert.ok(forwarded && forwarded.source);
    const outer = await simpleParser(forwarded.source);
    const rfc822 = outer.attachments.find((a) => a.contentType === "message/rfc822");
    assert.ok(rfc822);
    const inner = await simpleParser(rfc822.content);
    assert.equal(inner.attachments[0]?.filename, "קבלה.pdf");
    assert.ok(inner.attachments[0]?.content.equals(pdf));

    const broken = await c.fetchOne("4", { source: true }, { uid: true });
    assert.ok(broken && broken.source);
    await simpleParser(broken.source); // must not throw

    const sub = await c.status("Receipts/2024", { messages: true });
    assert.ok(sub);
    assert.equal(sub.messages, 1);
  });
});

test("a wrong password fails fast with authenticationFailed", async () => {
  for (const user of [{ name: ALICE.name, password: "wrong" }, { name: "nobody", password: "wrong" }]) {
    const c = client(user);
    const started = Date.now();
    await assert.rejects(c.connect(), (err: { authenticationFailed?: boolean }) => err.authenticationFailed === true);
    c.close();
    const elapsed = Date.now() - started;
    assert.ok(elapsed < 400, `auth failure took ${elapsed} ms`);
  }
  // No penalty carried over to the next (correct) login from the same IP.
  const started = Date.now();
  await withClient(ALICE, async () => undefined);
  assert.ok(Date.now() - started < 400);
});

test("resetUidValidity changes UIDVALIDITY and keeps the messages", async () => {
  const folder = "Reset Me";
  for (let i = 0; i < 3; i++) await dovecot.append(ALICE.name, folder, buildMessage({ subject: `reset ${i}` }));
  const before = await withClient(ALICE, (c) => c.mailboxOpen(folder).then((b) => ({ v: b.uidValidity, n: b.exists })));
  await dovecot.resetUidValidity(ALICE.name, folder);
  const afterReset = await withClient(ALICE, (c) => c.mailboxOpen(folder).then((b) => ({ v: b.uidValidity, n: b.exists })));
  assert.notEqual(afterReset.v, before.v);
  assert.equal(afterReset.n, 3);

  // INBOX works too.
  await dovecot.append(ALICE.name, "INBOX", buildMessage({ subject: "inbox" }));
  const inboxBefore = await withClient(ALICE, (c) => c.mailboxOpen("INBOX").then((b) => b.uidValidity));
  await dovecot.resetUidValidity(ALICE.name, "INBOX");
  const inboxAfter = await withClient(ALICE, (c) => c.mailboxOpen("INBOX").then((b) => b.uidValidity));
  assert.notEqual(inboxAfter, inboxBefore);
});

test("fillMaildir of 50 messages shows 50, in order", async () => {
  const raws = Array.from({ length: 50 }, (_, i) =>
    buildMessage({ subject: `bulk ${i}`, attachments: [{ filename: `doc-${i}.pdf`, contentType: "application/pdf", content: makePdf(`doc ${i}`) }] }),
  );
  await dovecot.fillMaildir(ALICE.name, "Bulk", raws);
  await withClient(ALICE, async (c) => {
    const box = await c.mailboxOpen("Bulk");
    assert.equal(box.exists, 50);
    const subjects: string[] = [];
    for await (const msg of c.fetch("1:*", { envelope: true })) subjects.push(msg.envelope?.subject ?? "");
    assert.deepEqual(subjects, raws.map((_, i) => `bulk ${i}`));
  });
  await dovecot.fillMaildir(ALICE.name, "INBOX", [buildMessage({ subject: "bulk inbox" })]);
  await withClient(ALICE, async (c) => {
    const status = await c.status("INBOX", { messages: true });
    assert.ok(status);
    assert.equal(status.messages, 2);
  });
});

test("stop refuses connections and start brings the same data back", async () => {
  await dovecot.stop();
  await assert.rejects(tcpConnect(dovecot.port), { code: "ECONNREFUSED" });
  await assert.rejects(tcpConnect(dovecot.tlsPort), { code: "ECONNREFUSED" });
  const c = client(ALICE);
  await assert.rejects(c.connect(), { code: "ECONNREFUSED" });
  await dovecot.stop(); // idempotent

  await dovecot.start();
  await withClient(BOB, async (c2) => {
    const box = await c2.mailboxOpen("INBOX");
    assert.equal(box.exists, 4);
  });

  // Repeatable.
  await dovecot.stop();
  await dovecot.start();
  await withClient(ALICE, async (c3) => {
    assert.equal((await c3.mailboxOpen("Bulk")).exists, 50);
  });
});

test("implicit TLS works with a self-signed cert only when verification is off", async () => {
  const tlsClient = (rejectUnauthorized: boolean) =>
    client(ALICE, { port: dovecot.tlsPort, secure: true, tls: { rejectUnauthorized } });

  const ok = tlsClient(false);
  await ok.connect();
  assert.ok(ok.secureConnection);
  assert.equal((await ok.mailboxOpen("INBOX")).exists, 2);
  await ok.logout();

  const strict = tlsClient(true);
  await assert.rejects(strict.connect());
  strict.close();

  // The plain port offers STARTTLS with the same certificate.
  const starttls = client(ALICE, { doSTARTTLS: true, tls: { rejectUnauthorized: false } });
  await starttls.connect();
  assert.ok(starttls.secureConnection);
  await starttls.logout();
});

test("CONDSTORE is advertised", async () => {
  await withClient(ALICE, async (c) => {
    assert.ok(c.capabilities.has("CONDSTORE"));
  });
});

test("dispose stops every Dovecot process and is safe to call twice", async () => {
  const { port } = dovecot;
  await dovecot.dispose();
  await dovecot.dispose();
  await assert.rejects(tcpConnect(port), { code: "ECONNREFUSED" });
  assert.deepEqual(instancePids(), [], "leftover Dovecot processes");
  assert.ok(!existsSync(dovecot.dir), "temp dir not deleted");
  await assert.rejects(dovecot.start(), /disposed/);
});

test("fixtures: PDFs differ per text, pad to size, images are well-formed", () => {
  const a = makePdf("a");
  assert.ok(a.subarray(0, 8).toString("latin1").startsWith("%PDF-1."));
  assert.ok(a.toString("latin1").trimEnd().endsWith("%%EOF"));
  assert.ok(!a.equals(makePdf("b")));
  const big = makePdf("big", { padToBytes: 100_000 });
  assert.ok(Math.abs(big.length - 100_000) < 100, `padded PDF is ${big.length} bytes`);
  // startxref must point at the xref table.
  const text = big.toString("latin1");
  const startxref = Number(/startxref\n(\d+)\n%%EOF/.exec(text)?.[1]);
  assert.equal(text.slice(startxref, startxref + 4), "xref");
  assert.ok(makePng().subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])));
  const jpeg = makeJpeg();
  assert.equal(jpeg.readUInt16BE(0), 0xffd8);
  assert.equal(jpeg.readUInt16BE(jpeg.length - 2), 0xffd9);
});
