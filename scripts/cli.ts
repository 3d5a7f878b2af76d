// `npm run cli -- <command>`: user create, token create, job run. See README.
import path from "node:path";
import { parseArgs } from "node:util";
import { existsSync, readFileSync } from "node:fs";
import { env, setEnv } from "../lib/env";
import { createDb, type Db } from "../lib/db/client";
import { companies } from "../lib/db/schema/companies";
import { prepareDatabase } from "./prepare-database";
import { resolveDatabaseUrl } from "../lib/boot/database-url";
import { createUserSchema } from "../lib/auth/schemas";
import { createUser, findUserByEmail } from "../lib/auth/users";
import { createApiToken } from "../lib/auth/tokens";
import { createSenderBoss } from "../lib/queue";
import { storageFromEnv } from "../lib/storage/from-env";
import { settingsFromEnv } from "../lib/boot/config";
import { createWorkerResources } from "../lib/worker/resources";
import { keyring } from "../lib/crypto/keyring";
import { rotateSecrets } from "../lib/crypto/rotate";
import { logger } from "../lib/logger";
import { findJob, JOBS } from "../jobs";

const USAGE = `usage:
  npm run cli -- user create --email E --password P [--company NAME] [--role admin|member]
  npm run cli -- token create --email E [--name NAME]
  npm run cli -- job run NAME [--data JSON] [--company ID]
                                 a job run per company (report.daily-summary) runs for every company, or only --company ID
  npm run cli -- keys rotate      re-encrypt every stored secret under the first key of ENCRYPTION_KEY
jobs: ${JOBS.map((j) => j.name).join(", ")}`;

async function main() {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      company: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      data: { type: "string" },
    },
  });
  const [noun, verb, arg] = positionals;
  const command = `${noun ?? ""} ${verb ?? ""}`;
  if (!["user create", "token create", "job run", "keys rotate"].includes(command)) throw new UsageError(USAGE);

  const dataDir = path.resolve(env().DATA_DIR);
  // The one-machine default keeps its generated key in DATA_DIR; the CLI reads stored passwords with it too.
  const localSecrets = path.join(dataDir, "secrets.json");
  if (!env().ENCRYPTION_KEY && existsSync(localSecrets)) setEnv({ ENCRYPTION_KEY: JSON.parse(readFileSync(localSecrets, "utf8")).encryption_key });
  const e = env();
  const database = await resolveDatabaseUrl(e.DATABASE_URL, dataDir);
  await prepareDatabase(database.url);
  const handle = createDb(database.url, { max: 3 });
  try {
    if (command === "user create") {
      const input = createUserSchema.parse({ email: values.email, password: values.password, name: values.name, role: values.role ?? "member" });
      const user = await createUser(handle.db, { companyName: values.company ?? "My company" }, input);
      console.log(`created ${user.role} ${user.email} (${user.id})`);
    } else if (command === "token create") {
      const user = values.email ? await findUserByEmail(handle.db, values.email) : undefined;
      if (!user) throw new UsageError(`no user with email ${values.email ?? "(missing --email)"}`);
      if (user.disabledAt) throw new UsageError(`${user.email} is disabled: an admin must enable them first`);
      const token = await createApiToken(handle.db, { userId: user.id, companyId: user.companyId }, values.name ?? "CLI token");
      // Alone on stdout so scripts can capture it.
      process.stdout.write(`${token.token}\n`);
    } else if (command === "keys rotate") {
      const ring = keyring();
      const report = await rotateSecrets(handle.db, ring);
      console.log(`re-encrypted ${report.rotated} of ${report.checked} stored secrets under key ${ring.primary.id}`);
      for (const f of report.failed) console.error(`could not re-encrypt ${f.where}: ${f.reason}`);
      if (report.failed.length) {
        throw new Error(`${report.failed.length} secrets could not be opened with the keys in ENCRYPTION_KEY: keep their old key until they are re-entered`);
      }
    } else {
      const job = arg ? findJob(arg) : undefined;
      if (!job) throw new UsageError(`unknown job ${arg ?? "(missing NAME)"}\n${USAGE}`);
      const boss = createSenderBoss(database.url);
      await boss.start();
      const settings = settingsFromEnv(e);
      const resources = createWorkerResources(settings.ocr);
      try {
        const ctx = {
          db: handle.db,
          boss,
          storage: storageFromEnv(e),
          keyring: keyring(),
          log: logger.child({ job: job.name, jobId: "cli" }),
          jobId: "cli",
          attempt: { retryCount: 0, final: true },
          settings,
          resources,
        };
        // A job scheduled per company runs now for the one named, or for each in turn.
        const payloads = job.companyCron && !values.data ? (values.company ? [values.company] : await companyIds(handle.db)).map((id) => ({ company_id: id })) : [values.data ? JSON.parse(values.data) : {}];
        const results = [];
        for (const payload of payloads) results.push(await job.handler(job.schema.parse(payload), ctx));
        const result = job.companyCron && !values.data ? results : results[0];
        console.log(JSON.stringify(result ?? null));
      } finally {
        await resources.close();
        await boss.stop({ graceful: false, close: true });
      }
    }
  } finally {
    await handle.close();
    await database.stop();
  }
}

class UsageError extends Error {}

async function companyIds(db: Db): Promise<string[]> {
  return (await db.select({ id: companies.id }).from(companies).orderBy(companies.createdAt)).map((c) => c.id);
}

main().catch((err) => {
  const message = err?.issues ? err.issues.map((i: { path: string[]; message: string }) => `--${i.path.join(".")}: ${i.message}`).join("\n") : err instanceof Error ? err.message : String(err);
  console.error(message);
  process.exit(err instanceof UsageError ? 2 : 1);
});
