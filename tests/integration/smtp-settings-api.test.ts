// The company's email server settings through the API: saved encrypted, never returned, and
// tested with the server's exact answer.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { generateKey } from "@/lib/crypto/secrets";
import { companySmtp, sentEmails } from "@/lib/db/schema/notifications";
import { recentSentEmails } from "@/lib/outbox/settings";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeUser } from "../support/factories";
import { startSmtpServer, type TestSmtp } from "../support/smtp";
import { call, useWebEnv } from "../support/web";

let tdb: TestDatabase;
let smtp: TestSmtp;
let routes: { settings: typeof import("@/app/api/settings/smtp/route"); test: typeof import("@/app/api/settings/smtp/test/route") };

before(async () => {
  tdb = await createTestDatabase();
  smtp = await startSmtpServer({ users: { mailer: "right-password" } });
  useWebEnv(tdb.url, { ENCRYPTION_KEY: generateKey(), AUTH_SECRET: "test-secret-test-secret", SMTP_URL: "", SMTP_FROM: "" });
  routes = { settings: await import("@/app/api/settings/smtp/route"), test: await import("@/app/api/settings/smtp/test/route") };
});

after(async () => {
  const { services } = await import("@/lib/web/services");
  await (await services().boss()).stop({ graceful: false, close: true });
  await smtp?.close();
  await tdb?.drop();
});

const settings = (password?: string) => ({ host: smtp.host, port: smtp.port, security: "none", username: "mailer", ...(password ? { password } : {}), from_address: "mailroom@acme.test" });

test("with nothing configured the settings say so, and a test email says what to do", async () => {
  const { token } = await makeUser(tdb.db);
  const res = await call(routes.settings.GET, { token });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.source, "none");
  const sent = await call(routes.test.POST, { method: "POST", token, body: {} });
  assert.equal(sent.json.ok, false);
  assert.match(sent.json.message, /No SMTP server is configured/);
});

test("saved settings are encrypted, never returned, and a test email reaches the server", async () => {
  const { token, user, companyId } = await makeUser(tdb.db);
  const saved = await call(routes.settings.PUT, { method: "PUT", token, body: settings("right-password") });
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.json.source, "company");
  assert.equal(saved.json.has_password, true);
  assert.ok(!saved.text.includes("right-password"));
  const [row] = await tdb.db.select().from(companySmtp).where(eq(companySmtp.companyId, companyId));
  assert.ok(row.passwordEnc && !row.passwordEnc.includes("right-password"));

  const before = smtp.received.length;
  const sent = await call(routes.test.POST, { method: "POST", token, body: {} });
  assert.equal(sent.status, 200, sent.text);
  assert.equal(sent.json.ok, true, sent.json.message);
  assert.equal(sent.json.to, user.email);
  assert.match(sent.json.response, /^250 /);
  const [mail] = (await smtp.waitFor(before + 1)).slice(before);
  assert.deepEqual(mail.to, [user.email]);
  assert.equal(mail.parsed.subject, "Mailroom test email");
  const recorded = await tdb.db.select().from(sentEmails).where(eq(sentEmails.companyId, companyId));
  assert.deepEqual(recorded.map((r) => [r.kind, r.status, r.toAddress]), [["test", "sent", user.email]]);
});

test("a refused login shows the server's exact answer", async () => {
  const { token, companyId } = await makeUser(tdb.db);
  await call(routes.settings.PUT, { method: "PUT", token, body: settings("wrong-password") });
  const sent = await call(routes.test.POST, { method: "POST", token, body: { to: "someone@acme.test" } });
  assert.equal(sent.json.ok, false);
  assert.equal(sent.json.response, "535 5.7.8 Authentication failed");
  assert.match(sent.json.message, /refused the user name or password/);
  const [recorded] = await tdb.db.select().from(sentEmails).where(eq(sentEmails.companyId, companyId));
  assert.equal(recorded.status, "failed");
  assert.match(recorded.lastError ?? "", /535 5\.7\.8/);
  // The settings page lists it, failed, with the server's answer.
  const [listed] = await recentSentEmails(tdb.db, companyId);
  assert.deepEqual([listed.to, listed.status], ["someone@acme.test", "failed"]);
  assert.match(listed.error ?? "", /535 5\.7\.8 Authentication failed/);
});

test("the stored password is not sent to a new server unless it is given again", async () => {
  const { token } = await makeUser(tdb.db);
  await call(routes.settings.PUT, { method: "PUT", token, body: settings("right-password") });
  const moved = await call(routes.settings.PUT, { method: "PUT", token, body: { ...settings(), host: "smtp.elsewhere.test" } });
  assert.equal(moved.status, 422, moved.text);
  assert.ok(moved.json.error.fields.some((f: { path: string }) => f.path === "password"));
  const same = await call(routes.settings.PUT, { method: "PUT", token, body: { ...settings(), from_address: "billing@acme.test" } });
  assert.equal(same.status, 200, same.text);
  assert.equal(same.json.has_password, true);
  assert.equal(same.json.from_address, "billing@acme.test");
});

test("members cannot read or change the email server, and companies do not see each other's", async () => {
  const admin = await makeUser(tdb.db);
  const member = await makeUser(tdb.db, { role: "member" });
  await call(routes.settings.PUT, { method: "PUT", token: admin.token, body: settings("right-password") });
  assert.equal((await call(routes.settings.GET, { token: member.token })).status, 403);
  assert.equal((await call(routes.settings.PUT, { method: "PUT", token: member.token, body: settings("x") })).status, 403);
  assert.equal((await call(routes.test.POST, { method: "POST", token: member.token, body: {} })).status, 403);
  const other = await makeUser(tdb.db);
  assert.equal((await call(routes.settings.GET, { token: other.token })).json.source, "none");
});
