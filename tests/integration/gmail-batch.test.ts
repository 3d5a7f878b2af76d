import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { setEnv } from "@/lib/env";
import { oauthClient, type OAuthClient } from "@/lib/mail/gmail/client";
import { requireGmailConfig } from "@/lib/mail/gmail/config";
import { batchGetMessages, GmailBatchPartError } from "@/lib/mail/gmail/batch";
import { buildMessage } from "../support/mime";
import { googleEnv, startFakeGoogle, type FakeGoogle } from "../support/google";

let google: FakeGoogle;
let seq = 0;

before(async () => {
  google = await startFakeGoogle();
  setEnv(googleEnv(google, "http://mailroom.test"));
});

after(async () => {
  await google.close();
});

/** A mailbox holding `n` messages, and a client authorized for it as a sync would be. */
async function mailbox(n: number): Promise<{ email: string; ids: string[]; auth: OAuthClient }> {
  const email = `batch${++seq}@gmail.test`;
  const ids = Array.from({ length: n }, (_, i) => google.deliver(email, buildMessage({ subject: `Message ${i}` })));
  const auth = await oauthClient(requireGmailConfig());
  auth.setCredentials({ refresh_token: google.mintRefreshToken(email) });
  return { email, ids, auth };
}

const rootUrl = () => requireGmailConfig().apiRootUrl;
const batchRequests = (from: number) => google.requests.slice(from).filter((r) => r.path === "/batch/gmail/v1");

test("120 messages.get go as three batches of at most 50, every message answered in the order asked", async () => {
  const { ids, auth } = await mailbox(120);
  const from = google.requests.length;
  const got = await batchGetMessages(auth, ids, { rootUrl: rootUrl(), format: "metadata", metadataHeaders: ["Subject"] });
  assert.deepEqual([...got.keys()], ids);
  assert.deepEqual(
    [...got.values()].map((m) => m?.payload?.headers?.[0]?.value),
    ids.map((_, i) => `Message ${i}`),
  );
  assert.equal(batchRequests(from).length, 3);
  const inner = google.requests.slice(from).filter((r) => r.batched);
  assert.equal(inner.length, 120);
  assert.ok(inner.every((r) => r.query.format === "metadata" && r.query.metadataHeaders === "Subject"));
});

test("raw messages come back whole, and a message gone since it was listed reads as null", async () => {
  const { ids, auth } = await mailbox(2);
  const got = await batchGetMessages(auth, [ids[0], "18cffffffffffff", ids[1]], { rootUrl: rootUrl(), format: "raw" });
  assert.equal(got.get("18cffffffffffff"), null);
  assert.match(Buffer.from(got.get(ids[1])!.raw!, "base64url").toString(), /Subject: Message 1/);
});

test("an access token Gmail stops accepting inside a batch is refreshed once, the new one announced, and the batch answered", async () => {
  const { ids, auth } = await mailbox(3);
  await batchGetMessages(auth, ids.slice(0, 1), { rootUrl: rootUrl(), format: "metadata" });
  const first = auth.credentials.access_token;
  google.expireAccessTokens();
  const announced: string[] = [];
  auth.on("tokens", (t) => t.access_token && announced.push(t.access_token));
  const got = await batchGetMessages(auth, ids, { rootUrl: rootUrl(), format: "metadata" });
  assert.deepEqual([...got.values()].map((m) => m?.id), ids);
  assert.equal(announced.length, 1);
  assert.notEqual(announced[0], first);
});

test("a part Gmail rate-limits for a moment is asked again after the wait it names; a long wait ends the call with Google's answer", async () => {
  const { email, ids, auth } = await mailbox(4);
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  google.failNext(email, { status: 429, retryAfterSeconds: 2 });
  const got = await batchGetMessages(auth, ids, { rootUrl: rootUrl(), format: "metadata", sleep });
  assert.deepEqual([...got.values()].map((m) => m?.id), ids);
  assert.deepEqual(waits, [2000]);

  google.failNext(email, { status: 429, retryAfterSeconds: 120 });
  await assert.rejects(batchGetMessages(auth, ids, { rootUrl: rootUrl(), format: "metadata", sleep }), (err: unknown) => {
    assert.ok(err instanceof GmailBatchPartError);
    assert.equal(err.response.status, 429);
    assert.equal(err.response.headers.get("retry-after"), "120");
    return true;
  });
  assert.deepEqual(waits, [2000]);
});

test("a revoked grant fails the batch with invalid_grant", async () => {
  const { ids, auth } = await mailbox(1);
  google.revoke(auth.credentials.refresh_token!);
  await assert.rejects(batchGetMessages(auth, ids, { rootUrl: rootUrl(), format: "metadata" }), (err: { response?: { data?: { error?: string } } }) => err.response?.data?.error === "invalid_grant");
});
