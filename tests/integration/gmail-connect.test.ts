import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BOSS_SCHEMA } from "@/lib/queue";
import { setEnv } from "@/lib/env";
import { parseKeyring } from "@/lib/crypto/secrets";
import { openGmailTokens } from "@/lib/mail/gmail/tokens";
import { fetchAccount } from "@/lib/mail/fetch-account";
import { logger } from "@/lib/logger";
import { getAccount } from "@/lib/accounts/service";
import { makeUser } from "../support/factories";
import { googleEnv, startFakeGoogle, type FakeGoogle, type Grant } from "../support/google";
import { call, startWebTest, type WebTest } from "../support/web";

const PUBLIC_URL = "http://mailroom.test";
let web: WebTest;
let google: FakeGoogle;
let connectRoute: typeof import("@/app/api/integrations/gmail/connect/route");
let callbackRoute: typeof import("@/app/api/email-integration/gmail/callback/route");

before(async () => {
  web = await startWebTest("gmail-connect");
  google = await startFakeGoogle();
  setEnv(googleEnv(google, PUBLIC_URL));
  connectRoute = await import("@/app/api/integrations/gmail/connect/route");
  callbackRoute = await import("@/app/api/email-integration/gmail/callback/route");
});

after(async () => {
  await google.close();
  await web.stop();
});

/** Connect, as the person with `token`: the Location Google is sent to. */
async function connect(token: string): Promise<URL> {
  const res = await call(connectRoute.GET, { token, path: "/api/integrations/gmail/connect" });
  assert.equal(res.status, 302, res.text);
  return new URL(res.headers.get("location")!);
}

/** Passes the local consent page, which answers as `consent` says: the callback URL Google sends the browser back to. */
async function consentAt(googleUrl: URL, consent: Grant | "deny"): Promise<URL> {
  google.consent(consent);
  const res = await fetch(googleUrl, { redirect: "manual" });
  assert.equal(res.status, 302);
  return new URL(res.headers.get("location")!);
}

/** The callback, as the person with `token`: where Mailroom sends them. */
async function callback(token: string, back: URL | string): Promise<URL> {
  const u = typeof back === "string" ? new URL(back, PUBLIC_URL) : back;
  const res = await call(callbackRoute.GET, { token, path: `${u.pathname}${u.search}` });
  assert.equal(res.status, 302, `the callback answered ${res.status}: ${res.text}`);
  return new URL(res.headers.get("location")!);
}

async function connectAs(token: string, consent: Grant | "deny"): Promise<URL> {
  return callback(token, await consentAt(await connect(token), consent));
}

const failurePage = (reason: string) => `${PUBLIC_URL}/accounts/gmail-connect?error=${reason}`;

async function gmailAccounts(companyId: string) {
  return web.tdb.sql`select * from mail_accounts where company_id = ${companyId} and provider = 'gmail' order by created_at`;
}

describe("Gmail connect", () => {
  test("connect sends an admin to Google's consent page asking for read-only Gmail, the address and a refresh token", async () => {
    const admin = await makeUser(web.tdb.db);
    const to = await connect(admin.token);
    assert.equal(`${to.origin}${to.pathname}`, google.authUrl);
    const q = to.searchParams;
    assert.equal(q.get("client_id"), google.clientId);
    assert.equal(q.get("redirect_uri"), `${PUBLIC_URL}/api/email-integration/gmail/callback`);
    assert.equal(q.get("response_type"), "code");
    assert.deepEqual(q.get("scope")?.split(" ").sort(), ["email", "https://www.googleapis.com/auth/gmail.readonly", "openid"]);
    assert.equal(q.get("access_type"), "offline");
    assert.equal(q.get("prompt"), "consent");
    assert.equal(q.get("include_granted_scopes"), "true");
    const state = q.get("state")!;
    assert.ok(state.length >= 40, "the state is long and random");
    const stored = await web.tdb.sql`select state_hash, user_id, company_id, expires_at, used_at from oauth_states where user_id = ${admin.user.id}`;
    assert.equal(stored.length, 1);
    assert.notEqual(stored[0].state_hash, state, "only the state's hash is stored");
    assert.equal(stored[0].company_id, admin.companyId);
    const minutes = (new Date(stored[0].expires_at).getTime() - Date.now()) / 60_000;
    assert.ok(minutes > 9 && minutes <= 10, `the state expires in 10 minutes, not ${minutes}`);
  });

  test("the callback creates a Gmail account with encrypted tokens and lands on its page", async () => {
    const admin = await makeUser(web.tdb.db);
    const landed = await connectAs(admin.token, { email: "Invoices@Gmail.test" });
    const [account] = await gmailAccounts(admin.companyId);
    assert.ok(account, "an account was created");
    assert.equal(landed.toString(), `${PUBLIC_URL}/accounts/${account.id}?gmail=connected`);
    assert.equal(account.email, "invoices@gmail.test");
    assert.equal(account.status, "unchecked");
    assert.equal(account.connected_by, admin.user.id);
    assert.equal(account.host, null);
    assert.doesNotMatch(account.secret_enc, /1\/\/|ya29\./, "no token is stored in the clear");
    const tokens = openGmailTokens(parseKeyring(web.key), account.id, account.secret_enc);
    assert.match(tokens.refresh_token, /^1\/\//);
    assert.match(tokens.access_token ?? "", /^ya29\./);
    const used = await web.tdb.sql`select used_at from oauth_states where user_id = ${admin.user.id}`;
    assert.ok(used[0].used_at, "the state is used up");
    const queued = await web.tdb.sql`select data from ${web.tdb.sql(BOSS_SCHEMA)}.job where name = 'account.fetch' and data->>'account_id' = ${account.id}`;
    assert.equal(queued.length, 1, "the first sync is queued at once");
    assert.equal(queued[0].data.company_id, admin.companyId);
  });

  test("connecting the same address again reconnects the account: one account, the same id, new tokens, error cleared", async () => {
    const admin = await makeUser(web.tdb.db);
    await connectAs(admin.token, { email: "ap@gmail.test" });
    const [first] = await gmailAccounts(admin.companyId);
    await web.tdb.sql`update mail_accounts set status = 'needs_reconnect', last_error = 'Google says the grant was revoked', failure_count = 3 where id = ${first.id}`;
    const landed = await connectAs(admin.token, { email: "AP@gmail.test" });
    const accounts = await gmailAccounts(admin.companyId);
    assert.equal(accounts.length, 1);
    assert.equal(accounts[0].id, first.id);
    assert.equal(landed.toString(), `${PUBLIC_URL}/accounts/${first.id}?gmail=reconnected`);
    assert.equal(accounts[0].status, "unchecked");
    assert.equal(accounts[0].last_error, null);
    assert.equal(accounts[0].failure_count, 0);
    const ring = parseKeyring(web.key);
    assert.notEqual(openGmailTokens(ring, first.id, accounts[0].secret_enc).refresh_token, openGmailTokens(ring, first.id, first.secret_enc).refresh_token);
  });

  test("a forged, a reused and an expired state each end on the try-again page, with no account", async () => {
    const admin = await makeUser(web.tdb.db);
    const forged = await callback(admin.token, `/api/email-integration/gmail/callback?state=forged-state&code=${google.issueCode({ email: "x@gmail.test" })}`);
    assert.equal(forged.toString(), failurePage("invalid_state"));
    const missing = await callback(admin.token, `/api/email-integration/gmail/callback?code=${google.issueCode({ email: "x@gmail.test" })}`);
    assert.equal(missing.toString(), failurePage("invalid_state"));

    const back = await consentAt(await connect(admin.token), { email: "reused@gmail.test" });
    await callback(admin.token, back);
    const again = new URL(back);
    again.searchParams.set("code", google.issueCode({ email: "reused-twin@gmail.test" }));
    assert.equal((await callback(admin.token, again)).toString(), failurePage("invalid_state"));

    const late = await consentAt(await connect(admin.token), { email: "late@gmail.test" });
    await web.tdb.sql`update oauth_states set expires_at = now() - interval '1 second' where user_id = ${admin.user.id} and used_at is null`;
    assert.equal((await callback(admin.token, late)).toString(), failurePage("invalid_state"));
    assert.deepEqual((await gmailAccounts(admin.companyId)).map((a) => a.email), ["reused@gmail.test"]);
  });

  test("a person who says no at Google lands on the try-again page", async () => {
    const admin = await makeUser(web.tdb.db);
    assert.equal((await connectAs(admin.token, "deny")).toString(), failurePage("access_denied"));
    assert.equal((await gmailAccounts(admin.companyId)).length, 0);
  });

  test("invalid_grant, a missing refresh token and redirect_uri_mismatch each say what happened", async () => {
    const admin = await makeUser(web.tdb.db);
    assert.equal((await connectAs(admin.token, { email: "a@gmail.test", error: "invalid_grant" })).toString(), failurePage("invalid_grant"));
    assert.equal((await connectAs(admin.token, { email: "a@gmail.test", refreshToken: false })).toString(), failurePage("no_refresh_token"));
    assert.equal((await connectAs(admin.token, { email: "a@gmail.test", error: "redirect_uri_mismatch" })).toString(), failurePage("redirect_uri_mismatch"));
    // Google's own error page can send it back too.
    const state = (await connect(admin.token)).searchParams.get("state");
    assert.equal((await callback(admin.token, `/api/email-integration/gmail/callback?state=${state}&error=redirect_uri_mismatch`)).toString(), failurePage("redirect_uri_mismatch"));
    assert.equal((await gmailAccounts(admin.companyId)).length, 0);
  });

  test("a member may not connect Gmail", async () => {
    const admin = await makeUser(web.tdb.db, { company: "Members Ltd" });
    const member = await makeUser(web.tdb.db, { company: "Members Ltd", role: "member" });
    assert.equal(member.companyId, admin.companyId);
    const res = await call(connectRoute.GET, { token: member.token, path: "/api/integrations/gmail/connect" });
    assert.equal(res.status, 403);
    assert.equal(res.json.error.code, "auth.forbidden");
    // Nor finish an admin's connect.
    const back = await consentAt(await connect(admin.token), { email: "members@gmail.test" });
    assert.equal((await callback(member.token, back)).toString(), failurePage("forbidden"));
    assert.equal((await gmailAccounts(admin.companyId)).length, 0);
  });

  test("another company, or another admin, cannot use a person's state", async () => {
    const admin = await makeUser(web.tdb.db, { company: "Owner Ltd" });
    const colleague = await makeUser(web.tdb.db, { company: "Owner Ltd" });
    const stranger = await makeUser(web.tdb.db);
    const back = await consentAt(await connect(admin.token), { email: "owner@gmail.test" });
    assert.equal((await callback(stranger.token, back)).toString(), failurePage("invalid_state"));
    assert.equal((await callback(colleague.token, back)).toString(), failurePage("invalid_state"));
    assert.equal((await gmailAccounts(stranger.companyId)).length, 0);
    // The owner's state is still good: a stranger's attempt does not use it up.
    await callback(admin.token, back);
    assert.deepEqual((await gmailAccounts(admin.companyId)).map((a) => a.email), ["owner@gmail.test"]);
  });

  test("a fetch of a freshly connected Gmail account syncs through the Gmail API, never IMAP", async () => {
    const admin = await makeUser(web.tdb.db);
    await connectAs(admin.token, { email: "fetch@gmail.test" });
    const { services } = web;
    const { db, storage, keyring } = services();
    const [account] = await gmailAccounts(admin.companyId);
    const outcome = await fetchAccount({ db, storage, keyring, boss: await services().boss(), log: logger }, await getAccount(db, admin.companyId, account.id), { batchSize: 10, maxAttachmentBytes: 1e6 });
    assert.equal(outcome.ok, true, !outcome.ok ? outcome.error.message : "");
    const [after] = await gmailAccounts(admin.companyId);
    assert.equal(after.last_error, null);
    assert.equal(after.status, "ok");
    assert.ok(after.gmail_history_id, "the first sync remembers where Gmail's history stands");
    const runs = await web.tdb.sql`select status, error from fetch_runs where account_id = ${account.id}`;
    assert.deepEqual(runs.map((r) => ({ ...r })), [{ status: "ok", error: null }]);
  });

  test("a connection test reads the profile with the stored refresh token; once Google revokes it the account needs reconnecting", async () => {
    const admin = await makeUser(web.tdb.db);
    await connectAs(admin.token, { email: "tested@gmail.test" });
    const [account] = await gmailAccounts(admin.companyId);
    const testRoute = await import("@/app/api/accounts/[id]/test/route");
    const ok = await call(testRoute.POST, { method: "POST", token: admin.token, params: { id: account.id } });
    assert.deepEqual(ok.json, { ok: true, folders: ["INBOX"] });
    assert.equal((await gmailAccounts(admin.companyId))[0].status, "ok");
    google.revoke(openGmailTokens(parseKeyring(web.key), account.id, account.secret_enc).refresh_token);
    const revoked = await call(testRoute.POST, { method: "POST", token: admin.token, params: { id: account.id } });
    assert.equal(revoked.json.ok, false);
    assert.equal(revoked.json.kind, "login");
    const [after] = await gmailAccounts(admin.companyId);
    assert.equal(after.status, "needs_reconnect");
    assert.match(after.last_error, /reconnect/);
  });

  test("a Gmail account takes no IMAP server, login or password", async () => {
    const admin = await makeUser(web.tdb.db);
    await connectAs(admin.token, { email: "noimap@gmail.test" });
    const [account] = await gmailAccounts(admin.companyId);
    const accountRoute = await import("@/app/api/accounts/[id]/route");
    const res = await call(accountRoute.PATCH, { method: "PATCH", token: admin.token, params: { id: account.id }, body: { host: "imap.evil.test", password: "pw" } });
    assert.equal(res.status, 422);
    assert.equal(res.json.error.code, "gmail.imap_fields");
    const fine = await call(accountRoute.PATCH, { method: "PATCH", token: admin.token, params: { id: account.id }, body: { fetch_interval: 900 } });
    assert.equal(fine.status, 200, fine.text);
    const [after] = await gmailAccounts(admin.companyId);
    assert.equal(after.host, null);
    assert.equal(after.secret_enc, account.secret_enc);
  });

  test("without GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET or PUBLIC_URL connect answers a clear 409 and the callback says so", async () => {
    const admin = await makeUser(web.tdb.db);
    setEnv({ GOOGLE_CLIENT_SECRET: "" });
    try {
      const res = await call(connectRoute.GET, { token: admin.token, path: "/api/integrations/gmail/connect" });
      assert.equal(res.status, 409);
      assert.equal(res.json.error.code, "gmail.not_configured");
      assert.match(res.json.error.message, /GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and PUBLIC_URL/);
      assert.equal((await callback(admin.token, "/api/email-integration/gmail/callback?state=x&code=y")).toString(), failurePage("not_configured"));
    } finally {
      setEnv(googleEnv(google, PUBLIC_URL));
    }
  });

  test("a callback without a signed-in person lands on the try-again page, not a 500", async () => {
    const res = await call(callbackRoute.GET, { path: "/api/email-integration/gmail/callback?state=x&code=y" });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get("location"), failurePage("signed_out"));
  });
});
