import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AppError } from "@/lib/errors";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { parseEnv } from "@/lib/env";
import { storageFromEnv } from "@/lib/storage/from-env";
import { localStorage } from "@/lib/storage/local";
import { s3Storage, type S3Options } from "@/lib/storage/s3";
import { createStorage, documentKey } from "@/lib/storage/storage";
import { startS3, type S3Server } from "../support/s3";
import { refusedPort } from "../support/ports";

let s3: S3Server;
let dataDir: string;

before(async () => {
  [s3, dataDir] = await Promise.all([startS3(), mkdtemp(path.join(os.tmpdir(), "mailroom-storage-"))]);
});

after(async () => {
  await s3.dispose();
  await rm(dataDir, { recursive: true, force: true });
});

const s3Opts = (over: Partial<S3Options> = {}): S3Options => ({
  endpoint: s3.endpoint,
  bucket: s3.bucket,
  region: "us-east-1",
  accessKeyId: s3.accessKeyId,
  secretAccessKey: s3.secretAccessKey,
  ...over,
});
const newKey = () => documentKey(randomUUID(), randomBytes(32).toString("hex"));
const localPath = (key: string) => path.join(dataDir, "files", key);

/** Reads an object straight from the bucket, not through Mailroom's driver. */
async function rawObject(key: string): Promise<Buffer> {
  const client = new S3Client({ region: "us-east-1", endpoint: s3.endpoint, forcePathStyle: true, credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey } });
  try {
    const res = await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }));
    return Buffer.from(await res.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}

describe("S3 storage", () => {
  test("put/get/delete round trip is byte-identical and recorded as s3", async () => {
    const storage = createStorage({ dataDir, remote: s3Storage(s3Opts()) });
    const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const big = randomBytes(5 * 1024 * 1024 + 17);
    for (const data of [every, big, Buffer.alloc(0)]) {
      const key = newKey();
      assert.equal(await storage.put(key, data), "s3");
      assert.ok(!existsSync(localPath(key)), "nothing written to local disk");
      assert.ok((await rawObject(key)).equals(data), "the object is in the bucket as sent");
      assert.ok((await storage.get("s3", key)).equals(data), "read back byte-identical");
      await storage.delete("s3", key);
      await assert.rejects(storage.get("s3", key), storeFailure(/does not exist/));
    }
  });

  test("a file given by path and size is streamed to the bucket byte-identical, the file left in place", async () => {
    const storage = createStorage({ dataDir, remote: s3Storage(s3Opts()) });
    const data = randomBytes(6 * 1024 * 1024 + 5);
    const file = path.join(dataDir, "upload.bin");
    await writeFile(file, data);
    const key = newKey();
    assert.equal(await storage.put(key, { path: file, size: data.length }), "s3");
    assert.ok(!existsSync(localPath(key)), "nothing written to local disk");
    assert.ok((await rawObject(key)).equals(data));
    assert.ok((await readFile(file)).equals(data), "the source file is the caller's to remove");
    await rm(file);
  });

  test("a file that cannot reach S3 falls back to local disk from the same path", async () => {
    const storage = createStorage({ dataDir, remote: s3Storage(s3Opts({ endpoint: `http://127.0.0.1:${await refusedPort()}` })) });
    const data = randomBytes(300_000);
    const file = path.join(dataDir, "fallback.bin");
    await writeFile(file, data);
    const key = newKey();
    assert.equal(await storage.put(key, { path: file, size: data.length }), "local");
    assert.ok((await readFile(localPath(key))).equals(data));
    await rm(file);
  });

  test("delete of a missing key does not throw; get of a missing key does", async () => {
    const driver = s3Storage(s3Opts());
    const key = newKey();
    await driver.delete(key);
    await assert.rejects(driver.get(key), (err: Error) => {
      assert.match(err.message, /does not exist/);
      assert.ok(err.message.includes(key), "the message names the key");
      return true;
    });
  });

  test("unknown credentials or a missing bucket are errors, not silent successes", async () => {
    // s3rver checks the access key id but not SigV4 signatures, so a wrong secret would pass here.
    await assert.rejects(s3Storage(s3Opts({ accessKeyId: "nobody" })).put(newKey(), Buffer.from("x")), /S3 put .* failed: InvalidAccessKeyId: HTTP 403/);
    await assert.rejects(s3Storage(s3Opts({ bucket: "no-such-bucket" })).put(newKey(), Buffer.from("x")), /NoSuchBucket/);
    await assert.rejects(s3Storage(s3Opts({ bucket: "no-such-bucket" })).delete(newKey()), /NoSuchBucket/);
  });

  test("a refused port: put falls back to local disk within a few seconds, with the default limits", async () => {
    const storage = createStorage({ dataDir, remote: s3Storage(s3Opts({ endpoint: `http://127.0.0.1:${await refusedPort()}` })) });
    const key = newKey();
    const data = randomBytes(1000);
    const started = Date.now();
    assert.equal(await storage.put(key, data), "local");
    const took = Date.now() - started;
    assert.ok(took < 5_000, `fell back in ${took} ms`);
    assert.ok((await storage.get("local", key)).equals(data));
    assert.ok((await readFile(localPath(key))).equals(data));
    await assert.rejects(storage.get("s3", key), storeFailure(/S3 get .* failed/));
  });

  test("a refusal from S3 (403, 404) is not an outage: the next put tries S3 again", async () => {
    const remote = s3Storage(s3Opts({ bucket: "no-such-bucket" }));
    await assert.rejects(remote.put(newKey(), Buffer.from("x")), /failed: NoSuchBucket/);
    await assert.rejects(remote.put(newKey(), Buffer.from("x")), /failed: NoSuchBucket/, "tried again, not skipped");
  });

  test("S3 stopped: files go to local disk; back up: new files go to S3 after the cooldown, old ones stay readable", async () => {
    const storage = createStorage({ dataDir, remote: s3Storage(s3Opts({ limits: { cooldownMs: 300 } })) });
    const before = newKey();
    assert.equal(await storage.put(before, Buffer.from("before")), "s3", "warm connection to S3");
    await s3.stop();
    const during = newKey();
    try {
      const started = Date.now();
      assert.equal(await storage.put(during, Buffer.from("during the outage")), "local");
      assert.ok(Date.now() - started < 5_000, `fell back in ${Date.now() - started} ms`);
      assert.equal((await storage.get("local", during)).toString(), "during the outage");
    } finally {
      await s3.start();
    }
    const soon = newKey();
    assert.equal(await storage.put(soon, Buffer.from("soon")), "local", "within the cooldown S3 is not tried");
    await new Promise((r) => setTimeout(r, 350));
    const afterKey = newKey();
    assert.equal(await storage.put(afterKey, Buffer.from("after")), "s3", "after the cooldown S3 is tried again");
    assert.equal((await storage.get("s3", before)).toString(), "before");
    assert.equal((await storage.get("local", during)).toString(), "during the outage");
    assert.equal((await storage.get("local", soon)).toString(), "soon");
    assert.equal((await storage.get("s3", afterKey)).toString(), "after");
  });

  test("a server that accepts but never answers: put falls back once the limits are spent, then at once until the cooldown ends", async () => {
    const sockets = new Set<net.Socket>();
    const hung = net.createServer((s) => {
      sockets.add(s);
      s.on("error", () => {});
    });
    await new Promise<void>((r) => hung.listen(0, "127.0.0.1", r));
    try {
      const { port } = hung.address() as net.AddressInfo;
      const remote = s3Storage(s3Opts({ endpoint: `http://127.0.0.1:${port}`, limits: { idleMs: 500, requestMs: 1_000, attempts: 2, cooldownMs: 1_500 } }));
      const storage = createStorage({ dataDir, remote });
      const key = newKey();
      let started = Date.now();
      assert.equal(await storage.put(key, Buffer.from("hung")), "local");
      const took = Date.now() - started;
      assert.ok(took >= 400 && took < 5_000, `fell back in ${took} ms`);
      assert.equal(sockets.size, 2, "two attempts reached the hung server");
      assert.equal((await storage.get("local", key)).toString(), "hung");

      // The next files do not wait again while S3 is known to be down…
      started = Date.now();
      for (let i = 0; i < 20; i++) assert.equal(await storage.put(newKey(), Buffer.from(`hung ${i}`)), "local");
      assert.ok(Date.now() - started < 500, `20 files fell back in ${Date.now() - started} ms`);
      assert.equal(sockets.size, 2, "S3 was not tried during the cooldown");
      await assert.rejects(remote.put(newKey(), Buffer.from("x")), /skipped: S3 is unavailable \(TimeoutError/);

      // …and after the cooldown S3 is tried again.
      await new Promise((r) => setTimeout(r, 1_600));
      assert.equal(await storage.put(newKey(), Buffer.from("later")), "local");
      assert.ok(sockets.size > 2, "S3 was tried again after the cooldown");
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => hung.close(() => r()));
    }
  });
});

describe("storage from the environment", () => {
  const base = () => ({ DATA_DIR: dataDir });

  test("no S3 settings: local disk only", async () => {
    const storage = storageFromEnv(parseEnv({ ...base(), S3_BUCKET: "", S3_ACCESS_KEY_ID: "  " }));
    const key = newKey();
    assert.equal(await storage.put(key, Buffer.from("local")), "local");
    await assert.rejects(storage.get("s3", key), storeFailure(/storage "s3" is not configured/));
  });

  test("full S3 settings: files go to the bucket", async () => {
    const storage = storageFromEnv(
      parseEnv({ ...base(), S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }),
    );
    const key = newKey();
    assert.equal(await storage.put(key, Buffer.from("from env")), "s3", "S3_REGION defaults to us-east-1");
    assert.equal((await rawObject(key)).toString(), "from env");
  });

  test("partial S3 settings throw, naming the missing variables", () => {
    assert.throws(() => storageFromEnv(parseEnv({ ...base(), S3_BUCKET: "b" })), (err: Error) => {
      assert.match(err.message, /S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing/);
      assert.match(err.message, /S3_BUCKET/);
      return true;
    });
    assert.throws(() => storageFromEnv(parseEnv({ ...base(), S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k" })), /S3_SECRET_ACCESS_KEY is missing/);
    assert.throws(
      () => storageFromEnv(parseEnv({ ...base(), S3_ENDPOINT: "http://127.0.0.1:9000", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })),
      /S3_BUCKET is missing/,
    );
    assert.throws(() => storageFromEnv(parseEnv({ ...base(), S3_REGION: "eu-west-1" })), /S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are missing/);
  });

  test("an S3_ENDPOINT that is not a URL is refused", () => {
    assert.throws(
      () => storageFromEnv(parseEnv({ ...base(), S3_ENDPOINT: "minio:9000", S3_BUCKET: "b", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" })),
      /S3_ENDPOINT must be an http/,
    );
  });
});

describe("local storage", () => {
  test("a key with .. that escapes the data folder is refused, and nothing is written outside", async () => {
    const root = path.join(dataDir, "files");
    const local = localStorage(root);
    for (const key of ["../escaped", "a/../../escaped", "../files-sibling/x", "/etc/passwd"]) {
      await assert.rejects(local.put(key, Buffer.from("x")), /escapes the data folder/, key);
      // get throws before it returns a promise (local.ts is not async there), so wrap it.
      await assert.rejects(async () => local.get(key), /escapes the data folder/, key);
      await assert.rejects(async () => local.delete(key), /escapes the data folder/, key);
    }
    assert.ok(!existsSync(path.join(dataDir, "escaped")));
    assert.ok(!existsSync(path.join(dataDir, "files-sibling")));
    // A file is copied in: the same bytes under the key, no temporary copy left beside it.
    const data = randomBytes(200_000);
    const file = path.join(dataDir, "copy-in.bin");
    await writeFile(file, data);
    await local.put("copied/one", { path: file, size: data.length });
    assert.ok((await readFile(path.join(root, "copied", "one"))).equals(data));
    assert.deepEqual(await readdir(path.join(root, "copied")), ["one"]);
    await assert.rejects(local.put("copied/two", { path: path.join(dataDir, "missing.bin"), size: 1 }), /ENOENT/);
    assert.deepEqual(await readdir(path.join(root, "copied")), ["one"], "a failed copy leaves no temporary file");
    // A .. that stays inside is only a name.
    await local.put("a/../inside", Buffer.from("ok"));
    assert.equal((await readFile(path.join(root, "inside"))).toString(), "ok");
  });
});

/** The store answers people with a code and a sentence; the driver's own words stay in the cause, for the log. */
function storeFailure(detail: RegExp) {
  return (err: AppError) => {
    assert.equal(err.code, "storage.failed");
    assert.doesNotMatch(err.message, /bucket|http|\//i);
    assert.match(String((err.cause as Error | undefined)?.message), detail);
    return true;
  };
}

describe("storage on Vercel (VERCEL=1): S3 alone, never local disk", () => {
  // A DATA_DIR that does not exist: anything written to local disk would create it.
  const vercelEnv = (over: Record<string, string> = {}) =>
    parseEnv({ VERCEL: "1", DATA_DIR: path.join(dataDir, "vercel-absent"), S3_ENDPOINT: s3.endpoint, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey, ...over });

  test("files go to the bucket and are read back from it", async () => {
    const storage = storageFromEnv(vercelEnv());
    const key = newKey();
    assert.equal(await storage.put(key, Buffer.from("on vercel")), "s3");
    assert.equal((await rawObject(key)).toString(), "on vercel");
    assert.equal((await storage.get("s3", key)).toString(), "on vercel");
    await storage.putOn("s3", `${key}.p1.webp`, Buffer.from("preview"));
    assert.equal((await rawObject(`${key}.p1.webp`)).toString(), "preview");
    assert.ok(!existsSync(path.join(dataDir, "vercel-absent")), "DATA_DIR was never created");
  });

  test("S3 down: the save fails with storage.failed instead of falling back to local disk", async () => {
    const storage = storageFromEnv(vercelEnv({ S3_ENDPOINT: `http://127.0.0.1:${await refusedPort()}` }));
    await assert.rejects(storage.put(newKey(), Buffer.from("x")), storeFailure(/S3 put .* failed|S3 is unavailable/));
    await assert.rejects(storage.putOn("local", newKey(), Buffer.from("x")), storeFailure(/storage "local" is not configured/));
    await assert.rejects(storage.get("local", newKey()), storeFailure(/storage "local" is not configured/));
    assert.ok(!existsSync(path.join(dataDir, "vercel-absent")), "DATA_DIR was never created");
  });

  test("no S3 settings on Vercel stop the start with the variables to set", () => {
    assert.throws(() => storageFromEnv(parseEnv({ VERCEL: "1", DATA_DIR: dataDir })), (err: Error) => {
      assert.match(err.message, /On Vercel files cannot be kept on local disk/);
      assert.match(err.message, /S3_BUCKET, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY/);
      return true;
    });
  });
});

describe("S3_FALLBACK_TO_DISK=false: where other machines must read every file", () => {
  test("S3 down: the save fails and nothing is kept on local disk; files already on local disk stay readable", async () => {
    const older = newKey();
    await localStorage(path.join(dataDir, "files")).put(older, Buffer.from("kept before"));
    const storage = storageFromEnv(
      parseEnv({ DATA_DIR: dataDir, S3_FALLBACK_TO_DISK: "false", S3_ENDPOINT: `http://127.0.0.1:${await refusedPort()}`, S3_BUCKET: s3.bucket, S3_ACCESS_KEY_ID: s3.accessKeyId, S3_SECRET_ACCESS_KEY: s3.secretAccessKey }),
    );
    const key = newKey();
    await assert.rejects(storage.put(key, Buffer.from("x")), storeFailure(/S3 put .* failed|S3 is unavailable/));
    assert.ok(!existsSync(localPath(key)), "not kept on local disk");
    assert.equal((await storage.get("local", older)).toString(), "kept before");
  });

  test("unset, it is on: the documented fallback", () => {
    assert.equal(parseEnv({}).S3_FALLBACK_TO_DISK, true);
    assert.equal(parseEnv({ S3_FALLBACK_TO_DISK: "no" }).S3_FALLBACK_TO_DISK, false);
    assert.throws(() => parseEnv({ S3_FALLBACK_TO_DISK: "maybe" }), /S3_FALLBACK_TO_DISK: must be true or false/);
  });
});
