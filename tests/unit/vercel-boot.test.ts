import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEnv } from "@/lib/env";
import { checkProductionEnv } from "@/lib/boot/config";

const s3 = { S3_ENDPOINT: "https://s3.example.com", S3_BUCKET: "mailroom", S3_ACCESS_KEY_ID: "id", S3_SECRET_ACCESS_KEY: "secret" };
const secrets = { ENCRYPTION_KEY: "k".repeat(44), AUTH_SECRET: "a".repeat(44) };
const vercel = { VERCEL: "1", TRUST_PROXY: "true" };
const db = { DATABASE_URL: "postgres://mailroom@db.example.com:5432/mailroom" };

test("on Vercel the web needs DATABASE_URL: there is no embedded database to fall back on", () => {
  assert.throws(() => checkProductionEnv(parseEnv({ ...vercel, ...secrets, ...s3 }), "web"), (err: Error) => {
    assert.match(err.message, /Cannot start the web: missing DATABASE_URL \(Vercel has no embedded database/);
    assert.match(err.message, /Vercel project's Environment Variables/);
    assert.doesNotMatch(err.message, /npm start/, "no advice that cannot work on Vercel");
    return true;
  });
});

test("on Vercel the web needs S3: local storage is refused at boot", () => {
  assert.throws(() => checkProductionEnv(parseEnv({ ...vercel, ...secrets, ...db }), "web"), /On Vercel files cannot be kept on local disk.*S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/s);
});

test("on Vercel with Postgres, secrets and S3 the web starts", () => {
  assert.doesNotThrow(() => checkProductionEnv(parseEnv({ ...vercel, ...secrets, ...db, ...s3 }), "web"));
});

test("the worker refuses to run on Vercel", () => {
  assert.throws(() => checkProductionEnv(parseEnv({ ...vercel, ...secrets, ...db, ...s3 }), "worker"), /The worker does not run on Vercel/);
});

test("off Vercel, local storage stays allowed and the embedded database is suggested", () => {
  assert.doesNotThrow(() => checkProductionEnv(parseEnv({ ...secrets, ...db }), "web"));
  assert.throws(() => checkProductionEnv(parseEnv(secrets), "worker"), /missing DATABASE_URL \(e\.g\..*run `npm start` instead/s);
});

test("on Vercel the web needs TRUST_PROXY: there is no server of ours in front to record the client's address", () => {
  assert.throws(() => checkProductionEnv(parseEnv({ VERCEL: "1", ...secrets, ...db, ...s3 }), "web"), /missing TRUST_PROXY=true \(Vercel's edge sets X-Forwarded-For/);
});
