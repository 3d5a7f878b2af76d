// A throwaway real Dovecot IMAP server for integration tests and benchmarks.
// Each instance lives in its own temp dir with its own config, base_dir, ports,
// passwd-file, Maildir storage and self-signed certificate, so several instances
// (and a system Dovecot, if any) never clash.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import fs from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { ImapFlow } from "imapflow";

export type DovecotUser = { name: string; password: string };

export type Dovecot = {
  host: string;
  /** Plain IMAP port; STARTTLS is offered with a self-signed cert. */
  port: number;
  /** Implicit-TLS IMAPS port, self-signed cert. */
  tlsPort: number;
  /** The instance's temp dir (config, Maildirs, dovecot.log); deleted by dispose(). */
  dir: string;
  /** Adds (or replaces) a user; usable immediately since Dovecot re-reads the passwd-file. */
  addUser(user: DovecotUser): Promise<void>;
  /** IMAP APPEND via imapflow; creates the folder if missing. */
  append(user: string, folder: string, raw: string | Buffer): Promise<void>;
  /** Fast bulk path: writes message files straight into the folder's Maildir (new/). */
  fillMaildir(user: string, folder: string, raws: (string | Buffer)[]): Promise<void>;
  /** Makes the folder's UIDVALIDITY change while keeping its messages (verified over IMAP). */
  resetUidValidity(user: string, folder: string): Promise<void>;
  /** Kills the server; afterwards connecting to the ports is refused. */
  stop(): Promise<void>;
  /** Starts again on the same ports with the same data. */
  start(): Promise<void>;
  /** Stops and deletes the temp dir; safe to call twice. */
  dispose(): Promise<void>;
};

const HOST = "127.0.0.1";
const START_TIMEOUT_MS = 20_000;
const POLL_MS = 25;

type MailOwner = { uid: number; gid: number; loginUser: string; internalUser: string };

// Instances not yet disposed, so a dying test process leaves no Dovecot or temp dir behind.
const live = new Set<{ killAndRemoveSync(): void }>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const instance of live) {
      try {
        instance.killAndRemoveSync();
      } catch {
        // best effort while the process is going down
      }
    }
    live.clear();
  };
  process.on("exit", killAll);
  // "exit" does not run when a signal kills us; kill Dovecot, then let the signal do its
  // default thing unless someone else handles it.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      killAll();
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}

export async function startDovecot(opts: { users?: DovecotUser[] } = {}): Promise<Dovecot> {
  const dovecotBin = findBinary("dovecot", ["/usr/sbin", "/usr/local/sbin", "/sbin"]);
  if (!dovecotBin) {
    throw new Error(
      "dovecot binary not found: install it with `apt-get install -y dovecot-imapd` (tests/setup.sh does this in CI)",
    );
  }
  const opensslBin = findBinary("openssl", ["/usr/bin", "/usr/local/bin"]);
  if (!opensslBin) throw new Error("openssl binary not found: install it with `apt-get install -y openssl`");

  const users = new Map<string, string>();
  for (const u of opts.users ?? []) users.set(validateUser(u).name, u.password);
  const owner = mailOwner();
  // Sync, so the dir is registered for cleanup before anything else can happen: from here
  // until dispose(), a dying test process (even mid-startup) kills this instance's
  // processes and removes its temp dir.
  const dir = mkdtempSync(path.join(os.tmpdir(), "mailroom-dovecot-"));
  let opensslProc: ChildProcess | undefined;
  let killProcessesSync = (): void => {
    opensslProc?.kill("SIGKILL");
  };
  const cleanup = {
    killAndRemoveSync(): void {
      killProcessesSync();
      rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    },
  };
  live.add(cleanup);
  installExitHook();
  // Mail and auth processes run as an unprivileged user and must traverse the dir.
  await fs.chmod(dir, 0o755);
  const paths = {
    conf: path.join(dir, "dovecot.conf"),
    passwd: path.join(dir, "passwd.d"),
    cert: path.join(dir, "cert.pem"),
    key: path.join(dir, "key.pem"),
    log: path.join(dir, "dovecot.log"),
    run: path.join(dir, "run"),
    state: path.join(dir, "state"),
    mail: path.join(dir, "mail"),
  };

  try {
    await Promise.all([
      fs.mkdir(paths.mail, { recursive: true }).then(() => fs.chown(paths.mail, owner.uid, owner.gid)),
      fs.mkdir(paths.state, { recursive: true }),
      new Promise<void>((resolve, reject) => {
        const args = [
          "req", "-x509", "-nodes", "-days", "30",
          // EC keys generate in milliseconds, RSA takes noticeably longer.
          "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
          "-keyout", paths.key, "-out", paths.cert,
          "-subj", "/CN=localhost",
          "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ];
        opensslProc = execFile(opensslBin, args, (err, _stdout, stderr) =>
          err ? reject(new Error(`openssl failed to create the test certificate: ${stderr || err.message}`)) : resolve(),
        );
      }),
    ]);
  } catch (err) {
    live.delete(cleanup);
    await fs.rm(dir, { recursive: true, force: true });
    throw err;
  }

  const [port, tlsPort] = await freePorts(2);

  // One passwd-file per user: Dovecot re-checks a passwd-file at most once per second,
  // but a per-user file that has never been looked up is read on first use, so a new
  // user can log in immediately.
  async function writePasswd(user: DovecotUser): Promise<void> {
    // Names never start with ".", so the temp file cannot clash with a user's file.
    const tmp = path.join(paths.passwd, `.${user.name}.tmp`);
    await fs.writeFile(tmp, `${user.name}:{PLAIN}${user.password}::::::\n`, { mode: 0o644 });
    await fs.rename(tmp, path.join(paths.passwd, user.name));
  }

  await fs.mkdir(paths.passwd, { mode: 0o755 });
  for (const [name, password] of users) await writePasswd({ name, password });
  const instanceName = `mailroom-test-${path.basename(dir)}`;
  await fs.writeFile(paths.conf, dovecotConf({ paths, port, tlsPort, owner, instanceName }));

  /**
   * Every live process of this instance, found by command line rather than parentage:
   * when the master dies its children are reparented and can't be traced via ppid.
   * Services carry the title "dovecot-<instance_name>/<service>"; a just-forked child
   * that hasn't exec'd yet still shows the master's "dovecot -F -c <conf>".
   */
  function instanceProcesses(): number[] {
    return listProcesses()
      .filter(
        ({ argv }) =>
          argv[0]?.startsWith(`dovecot-${instanceName}/`) ||
          (path.basename(argv[0] ?? "") === "dovecot" && argv.includes(paths.conf)),
      )
      .map(({ pid }) => pid);
  }

  let child: ChildProcess | null = null;
  let stderr = "";
  let disposed = false;
  let fileSeq = 0;

  killProcessesSync = () => killInstanceSync(instanceProcesses, child?.pid);

  async function readLog(): Promise<string> {
    const log = await fs.readFile(paths.log, "utf8").catch(() => "");
    return [stderr.trim() && `stderr:\n${stderr.trim()}`, log.trim() && `log:\n${log.trim()}`]
      .filter(Boolean)
      .join("\n");
  }

  async function start(): Promise<void> {
    if (disposed) throw new Error("Dovecot instance was disposed");
    if (child) return;
    // A master.pid left by a killed instance would make Dovecot refuse to start.
    await fs.rm(path.join(paths.run, "master.pid"), { force: true });
    stderr = "";
    const proc = spawn(dovecotBin!, ["-F", "-c", paths.conf], { stdio: ["ignore", "ignore", "pipe"] });
    child = proc;
    proc.stderr!.setEncoding("utf8");
    proc.stderr!.on("data", (chunk: string) => {
      stderr += chunk;
    });
    const exited = new Promise<string>((resolve) => {
      proc.once("exit", (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
      proc.once("error", (err) => resolve(`failed to spawn: ${err.message}`));
    });
    proc.once("exit", () => {
      if (child === proc) child = null;
    });

    const deadline = Date.now() + START_TIMEOUT_MS;
    let exitReason: string | null = null;
    const exitedEarly = exited.then((reason) => {
      exitReason = reason;
      return false;
    });
    // Ready = the plain port sends a greeting (so imap-login runs) and the TLS port accepts.
    while (true) {
      const ready = await Promise.race([
        greets(port).then((ok) => ok && accepts(tlsPort)),
        exitedEarly,
      ]);
      if (exitReason) {
        throw new Error(`dovecot ${exitReason} during startup (${paths.conf})\n${await readLog()}`);
      }
      if (ready) return;
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`dovecot did not accept connections on ${HOST}:${port} within ${START_TIMEOUT_MS} ms\n${await readLog()}`);
      }
      await sleep(POLL_MS);
    }
  }

  async function stop(): Promise<void> {
    const proc = child;
    if (!proc?.pid) return;
    const masterPid = proc.pid;
    const exited = new Promise<void>((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) resolve();
      else proc.once("exit", () => resolve());
    });
    tryKill(masterPid, "SIGTERM");
    // A short grace period lets idle services and imap processes exit cleanly; with clients
    // still connected Dovecot's own shutdown takes seconds (and may orphan children), so
    // everything left is hard-killed after it.
    const graceDeadline = Date.now() + 1_000;
    while (Date.now() < graceDeadline) {
      const busy = instanceProcesses().filter((pid) => pid !== masterPid && processName(pid) !== "log");
      if (busy.length === 0) break;
      await sleep(POLL_MS);
    }
    const masterAlive = proc.exitCode === null && proc.signalCode === null;
    killInstanceSync(instanceProcesses, masterAlive ? masterPid : undefined);
    await exited;
    const goneDeadline = Date.now() + 5_000;
    while (instanceProcesses().length > 0) {
      if (Date.now() > goneDeadline) throw new Error(`dovecot processes survived SIGKILL: ${instanceProcesses().join(", ")}`);
      killInstanceSync(instanceProcesses, undefined);
      await sleep(POLL_MS);
    }
    // Be sure nothing still holds the listening sockets.
    const refusedDeadline = Date.now() + 5_000;
    while ((await accepts(port)) || (await accepts(tlsPort))) {
      if (Date.now() > refusedDeadline) throw new Error(`dovecot ports still accept connections after stop`);
      await sleep(POLL_MS);
    }
  }

  async function dispose(): Promise<void> {
    if (disposed) return;
    await stop();
    disposed = true;
    live.delete(cleanup);
    await fs.rm(dir, { recursive: true, force: true });
  }

  function passwordOf(user: string): string {
    const password = users.get(user);
    if (password === undefined) throw new Error(`unknown Dovecot user ${user}`);
    return password;
  }

  async function withClient<T>(user: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
    const client = new ImapFlow({
      host: HOST,
      port,
      secure: false,
      doSTARTTLS: false,
      auth: { user, pass: passwordOf(user) },
      logger: false,
      disableAutoIdle: true,
    });
    await client.connect();
    try {
      return await fn(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  function folderDir(user: string, folder: string): string {
    if (folder.split("/").some((part) => part === "" || part === "." || part === "..")) {
      throw new Error(`invalid folder name ${JSON.stringify(folder)}`);
    }
    // LAYOUT=fs with UTF-8 names: every folder (INBOX included) is Maildir/<name>.
    const parts = folder.split("/");
    if (parts[0].toUpperCase() === "INBOX") parts[0] = "INBOX";
    return path.join(paths.mail, user, "Maildir", ...parts);
  }

  async function addUser(user: DovecotUser): Promise<void> {
    const replacing = users.has(validateUser(user).name);
    users.set(user.name, user.password);
    await writePasswd(user);
    // A changed password is only noticed on Dovecot's next once-a-second re-check.
    if (replacing && child) await waitForLogin(user);
  }

  async function waitForLogin(user: DovecotUser): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (true) {
      try {
        await withClient(user.name, async () => undefined);
        return;
      } catch (err) {
        if (!(err as { authenticationFailed?: boolean }).authenticationFailed || Date.now() > deadline) throw err;
        await sleep(100);
      }
    }
  }

  async function append(user: string, folder: string, raw: string | Buffer): Promise<void> {
    await withClient(user, async (client) => {
      if (folder.toUpperCase() !== "INBOX") await client.mailboxCreate(folder);
      const res = await client.append(folder, raw);
      if (!res) throw new Error(`APPEND to ${folder} failed`);
    });
  }

  async function fillMaildir(user: string, folder: string, raws: (string | Buffer)[]): Promise<void> {
    passwordOf(user);
    const base = folderDir(user, folder);
    // Create the user's dirs and the folder's parents too, owned by the mail user like Dovecot would.
    for (const sub of ["tmp", "new", "cur"]) await mkdirOwned(paths.mail, path.join(base, sub), owner);
    const sec = Math.floor(Date.now() / 1000);
    const host = os.hostname().replace(/[/:]/g, "_");
    // Dovecot assigns UIDs to new/ files in filename (time, then M<usecs>) order,
    // so an increasing counter in the M field keeps the input order.
    const jobs = raws.map((raw, i) => ({ raw: typeof raw === "string" ? Buffer.from(raw) : raw, seq: fileSeq + i }));
    fileSeq += raws.length;
    const write = async ({ raw, seq }: { raw: Buffer; seq: number }): Promise<void> => {
      const name = `${sec}.M${seq}P${process.pid}.${host},S=${raw.length}`;
      const tmp = path.join(base, "tmp", name);
      await fs.writeFile(tmp, raw, { mode: 0o600 });
      if (process.getuid?.() === 0) await fs.chown(tmp, owner.uid, owner.gid);
      await fs.rename(tmp, path.join(base, "new", name));
    };
    for (let i = 0; i < jobs.length; i += 64) await Promise.all(jobs.slice(i, i + 64).map(write));
  }

  async function resetUidValidity(user: string, folder: string): Promise<void> {
    const uidValidity = (client: ImapFlow) =>
      client.mailboxOpen(folder, { readOnly: true }).then(async (box) => {
        await client.mailboxClose();
        return { uidValidity: box.uidValidity, exists: box.exists };
      });
    const before = await withClient(user, uidValidity);
    const base = folderDir(user, folder);
    // The UIDVALIDITY lives in dovecot-uidlist and the index files (plus the cached copy in
    // the user's mailbox list index). Without them Dovecot rebuilds the folder from the
    // message files with a fresh, strictly larger UIDVALIDITY (tracked in dovecot-uidvalidity).
    const userMaildir = path.join(paths.mail, user, "Maildir");
    for (const [d, pattern] of [
      [base, /^(dovecot-uidlist|dovecot\.index.*)$/],
      [userMaildir, /^dovecot\.list\.index.*$/],
    ] as const) {
      const entries = await fs.readdir(d).catch(() => [] as string[]);
      await Promise.all(entries.filter((f) => pattern.test(f)).map((f) => fs.rm(path.join(d, f), { force: true })));
    }
    const after = await withClient(user, uidValidity);
    if (after.uidValidity === before.uidValidity) {
      throw new Error(`UIDVALIDITY of ${user}/${folder} did not change (${before.uidValidity})`);
    }
    if (after.exists !== before.exists) {
      throw new Error(`${user}/${folder} had ${before.exists} messages before the UIDVALIDITY reset and ${after.exists} after`);
    }
  }

  try {
    await start();
  } catch (err) {
    await dispose();
    throw err;
  }

  return { host: HOST, port, tlsPort, dir, addUser, append, fillMaildir, resetUidValidity, stop, start, dispose };
}

function dovecotConf(o: {
  paths: Record<"passwd" | "cert" | "key" | "log" | "run" | "state" | "mail", string>;
  port: number;
  tlsPort: number;
  owner: MailOwner;
  instanceName: string;
}): string {
  const { paths, port, tlsPort, owner, instanceName } = o;
  return `# Generated by tests/support/dovecot.ts
instance_name = ${instanceName}
base_dir = ${paths.run}
state_dir = ${paths.state}
listen = ${HOST}
protocols = imap
log_path = ${paths.log}

ssl = yes
ssl_cert = <${paths.cert}
ssl_key = <${paths.key}
# Plaintext LOGIN without TLS on localhost, STARTTLS still offered.
disable_plaintext_auth = no
auth_mechanisms = plain login

# Dovecot refuses to run login processes or mail access as root.
default_login_user = ${owner.loginUser}
default_internal_user = ${owner.internalUser}
first_valid_uid = ${owner.uid}
first_valid_gid = ${owner.gid}

# Wrong passwords must answer fast: no failure delay, no per-IP penalty.
auth_failure_delay = 0
auth_cache_size = 0

# Dovecot 2.3 still queues failures for up to 500 ms unless the failed request carries
# "nodelay"; failed passdbs roll back their fields, so set it in a passdb that always
# succeeds without authenticating and falls through to the real one.
passdb {
  driver = static
  args = nopassword noauthenticate nodelay=yes
}
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${paths.passwd}/%u
}
userdb {
  driver = static
  args = uid=${owner.uid} gid=${owner.gid} home=${paths.mail}/%u
}

# LAYOUT=fs + UTF-8: folder "A/B" is Maildir/A/B on disk, INBOX is Maildir/INBOX.
mail_location = maildir:~/Maildir:LAYOUT=fs:UTF-8:INBOX=~/Maildir/INBOX
namespace inbox {
  inbox = yes
  separator = /
}
mail_fsync = never
mail_plugins =

# Benchmarks open 100 mailboxes and tests log in 50 accounts at once from 127.0.0.1.
mail_max_userip_connections = 1000
default_client_limit = 4000
default_process_limit = 1000

service imap-login {
  inet_listener imap {
    address = ${HOST}
    port = ${port}
  }
  inet_listener imaps {
    address = ${HOST}
    port = ${tlsPort}
    ssl = yes
  }
  # One long-lived login process serving many clients starts faster than one per connection.
  service_count = 0
  process_min_avail = 1
  process_limit = 4
  client_limit = 1000
}
service imap {
  process_limit = 1000
}
service auth {
  client_limit = 4000
}
service anvil {
  client_limit = 4000
  # Without this socket the auth process disables its per-IP login penalty.
  unix_listener anvil-auth-penalty {
    mode = 0
  }
}
`;
}

function validateUser(user: DovecotUser): DovecotUser {
  if (!/^[A-Za-z0-9._+@-]+$/.test(user.name) || user.name.startsWith(".")) {
    throw new Error(`unsupported Dovecot user name ${JSON.stringify(user.name)}`);
  }
  if (/[:\r\n\t]/.test(user.password) || user.password === "") {
    throw new Error(`unsupported password for ${user.name}: must be non-empty without ':', tabs or newlines`);
  }
  return user;
}

function mailOwner(): MailOwner {
  const uid = process.getuid?.() ?? 0;
  if (uid !== 0) {
    // Unprivileged: Dovecot runs everything as ourselves.
    const me = os.userInfo();
    return { uid: me.uid, gid: me.gid, loginUser: me.username, internalUser: me.username };
  }
  // As root: Dovecot rejects uid 0 for mail access and for login processes, so use the
  // users created by the dovecot-core package.
  const passwd = readFileSync("/etc/passwd", "utf8").split("\n").map((line) => line.split(":"));
  const find = (name: string) => passwd.find((fields) => fields[0] === name);
  const dovecot = find("dovecot");
  const dovenull = find("dovenull");
  if (!dovecot || !dovenull) {
    throw new Error("system users dovecot/dovenull missing: reinstall dovecot-core (`apt-get install -y dovecot-imapd`)");
  }
  return { uid: Number(dovecot[2]), gid: Number(dovecot[3]), loginUser: "dovenull", internalUser: "dovecot" };
}

/** mkdir -p from `top` (which exists) down to `target`, chowning each level to the mail user. */
async function mkdirOwned(top: string, target: string, owner: MailOwner): Promise<void> {
  let current = top;
  for (const part of path.relative(top, target).split(path.sep)) {
    current = path.join(current, part);
    await fs.mkdir(current, { mode: 0o700 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== "EEXIST") throw err;
    });
    if (process.getuid?.() === 0) await fs.chown(current, owner.uid, owner.gid);
  }
}

function findBinary(name: string, extraDirs: string[]): string | null {
  const dirs = [...(process.env.PATH ?? "").split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

async function freePorts(count: number): Promise<number[]> {
  // Keep all probe servers open until every port is picked so they are distinct.
  const servers = await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<net.Server>((resolve, reject) => {
        const server = net.createServer();
        server.once("error", reject);
        server.listen(0, HOST, () => resolve(server));
      }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

function greets(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: HOST, port });
    socket.setTimeout(2_000);
    let data = "";
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n")) done(data.startsWith("* OK"));
    });
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
    socket.once("close", () => done(false));
  });
}

/** pid and argv of every process, from /proc (Linux). */
function listProcesses(): { pid: number; argv: string[] }[] {
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return [];
  }
  const out: { pid: number; argv: string[] }[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Zombies have an empty cmdline and are skipped.
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, "utf8");
      if (cmdline) out.push({ pid: Number(entry), argv: cmdline.replace(/\0$/, "").split("\0") });
    } catch {
      // process went away
    }
  }
  return out;
}

/**
 * SIGKILLs the master and every process of the instance. The master is frozen first so it
 * cannot fork a replacement between listing and killing; rescans catch stragglers.
 */
function killInstanceSync(list: () => number[], masterPid: number | undefined): void {
  if (masterPid) tryKill(masterPid, "SIGSTOP");
  for (let round = 0; round < 5; round++) {
    const pids = list();
    if (masterPid) tryKill(masterPid, "SIGKILL");
    if (pids.length === 0) return;
    for (const pid of pids) tryKill(pid, "SIGKILL");
  }
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim();
  } catch {
    return "";
  }
}

function tryKill(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
