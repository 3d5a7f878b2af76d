import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { parseEnv } from "@/lib/env";
import { checkProductionEnv } from "@/lib/boot/config";
import { s3FromEnv } from "@/lib/storage/from-env";

// docker-compose.yml as Compose reads it: anchors and aliases resolved.
const root = path.resolve(__dirname, "../..");
const composeFile = path.join(root, "docker-compose.yml");
const compose = parseYaml(readFileSync(composeFile, "utf8"), { merge: true });

type Service = {
  image?: string;
  build?: unknown;
  command?: string[];
  ports?: string[];
  container_name?: string;
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  volumes?: string[];
};
const services = (): Record<string, Service> => compose.services;

/** Compose's `${NAME:-default}` and `${NAME:?message}` against a .env, as `docker compose up` fills them. */
function interpolate(value: string | number, dotenv: Record<string, string>): string {
  return String(value).replace(/\$\{(\w+)(?::([-?])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    const v = dotenv[name];
    if (v !== undefined && v !== "") return v;
    if (op === "?") throw new Error(`compose would refuse to start: ${arg}`);
    return op === "-" ? (arg ?? "") : "";
  });
}

const dotenv = { ENCRYPTION_KEY: "k".repeat(44), AUTH_SECRET: "a".repeat(44) };

test("workers can be scaled: no container name, no host port", () => {
  const worker = services().worker;
  assert.ok(worker, "a worker service");
  assert.equal(worker.container_name, undefined);
  assert.equal(worker.ports, undefined);
  assert.deepEqual(worker.command, ["npm", "run", "start:worker"]);
  for (const [name, s] of Object.entries(services())) assert.equal(s.container_name, undefined, `${name} has a fixed container name`);
});

test("web and every worker share one database and one S3 bucket, with the names lib/env.ts reads", () => {
  const { web, worker } = services();
  const names = ["DATABASE_URL", "S3_ENDPOINT", "S3_BUCKET", "S3_REGION", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY", "ENCRYPTION_KEY", "DATA_DIR"];
  for (const name of names) {
    assert.ok(web.environment?.[name] !== undefined, `web sets ${name}`);
    assert.equal(worker.environment?.[name], web.environment?.[name], `${name} is the same for web and worker`);
  }
  // Parsed as each process parses its environment: S3 is fully configured and points at the MinIO service.
  for (const [name, s] of Object.entries({ web, worker })) {
    const e = parseEnv(Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, interpolate(v, dotenv)])));
    assert.equal(s3FromEnv(e)?.type, "s3", `${name} stores files on S3`);
    assert.equal(e.S3_ENDPOINT, "http://minio:9000");
    assert.match(e.DATABASE_URL!, /@postgres:5432\//);
  }
});

test("the S3 credentials web and workers use are MinIO's own", () => {
  const { web, minio } = services();
  const env = (s: Service, name: string) => interpolate(s.environment![name]!, dotenv);
  assert.equal(env(web, "S3_ACCESS_KEY_ID"), env(minio, "MINIO_ROOT_USER"));
  assert.equal(env(web, "S3_SECRET_ACCESS_KEY"), env(minio, "MINIO_ROOT_PASSWORD"));
  // Overridden in .env, both sides follow.
  const custom = { ...dotenv, MINIO_ROOT_USER: "ops", MINIO_ROOT_PASSWORD: "a-long-password" };
  assert.equal(interpolate(web.environment!.S3_ACCESS_KEY_ID!, custom), interpolate(minio.environment!.MINIO_ROOT_USER!, custom));
  assert.equal(interpolate(web.environment!.S3_SECRET_ACCESS_KEY!, custom), interpolate(minio.environment!.MINIO_ROOT_PASSWORD!, custom));
});

test("MinIO is health-checked, its bucket is made at start, and web and workers wait for both", () => {
  const s = services();
  assert.match(s.minio.image ?? "", /^minio\/minio(:|$)/);
  assert.ok(s.minio.healthcheck?.test.length, "MinIO has a healthcheck");
  const bucket = interpolate(s.web.environment!.S3_BUCKET!, dotenv);
  const maker = s["minio-bucket"];
  assert.match(maker.image ?? "", /^minio\/mc(:|$)/);
  assert.match(JSON.stringify(maker), new RegExp(`mc mb --ignore-existing local/${bucket}\\b`));
  assert.deepEqual(maker.depends_on?.minio, { condition: "service_healthy" });
  for (const name of ["web", "worker"]) {
    assert.deepEqual(s[name].depends_on, {
      postgres: { condition: "service_healthy" },
      minio: { condition: "service_healthy" },
      "minio-bucket": { condition: "service_completed_successfully" },
    }, `${name} waits for Postgres, MinIO and the bucket`);
  }
});

test("production settings: the compose environment is enough for both processes", () => {
  const { web, worker } = services();
  for (const [role, s] of [["web", web], ["worker", worker]] as const) {
    const e = parseEnv(Object.fromEntries(Object.entries(s.environment!).map(([k, v]) => [k, interpolate(v, dotenv)])));
    assert.doesNotThrow(() => checkProductionEnv(e, role));
  }
  assert.throws(() => interpolate(web.environment!.ENCRYPTION_KEY!, {}), /set ENCRYPTION_KEY in \.env/);
});

// With a Docker daemon, Compose itself checks the file and the scale-out; without one this is skipped.
const docker = spawnSync("docker", ["compose", "version"], { encoding: "utf8" });
test("docker compose accepts the file and scales workers to three", { skip: docker.status !== 0 ? "docker compose is not available" : false }, () => {
  const r = spawnSync("docker", ["compose", "-f", composeFile, "config", "--format", "json"], { encoding: "utf8", env: { ...process.env, ...dotenv } });
  assert.equal(r.status, 0, r.stderr);
  const scaled = spawnSync("docker", ["compose", "-f", composeFile, "up", "--scale", "worker=3", "--dry-run", "--no-build"], { encoding: "utf8", env: { ...process.env, ...dotenv } });
  assert.equal(scaled.status, 0, scaled.stderr);
});
