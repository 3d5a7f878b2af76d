// Runs of one account's IMAP fetch in a process of its own, measuring how far the process's resident
// memory rises during each: the peak (VmHWM, reset just before through /proc/self/clear_refs) over
// the resident size at its start, after a full GC. Run as
// `node --expose-gc --import tsx tests/support/fetch-memory.ts` with FETCH_MEMORY_INPUT (JSON, see
// Input); prints one JSON line, a Report for each run.
import { readFileSync, writeFileSync } from "node:fs";
import { PgBoss } from "pg-boss";
import { createDb } from "@/lib/db/client";
import { parseKeyring } from "@/lib/crypto/secrets";
import { createStorage } from "@/lib/storage/storage";
import { fetchAccount, type FetchSettings } from "@/lib/mail/fetch-account";
import { getAccount } from "@/lib/accounts/service";
import { BOSS_SCHEMA } from "@/lib/queue";
import { logger } from "@/lib/logger";

export type Input = { databaseUrl: string; encryptionKey: string; dataDir: string; companyId: string; accountId: string; runs: FetchSettings[] };
export type Report = { outcome: { ok: boolean; messages?: number; documents?: number; error?: string }; rssBeforeBytes: number; peakRssBytes: number };

async function main() {
  const input = JSON.parse(process.env.FETCH_MEMORY_INPUT ?? "") as Input;
  const handle = createDb(input.databaseUrl, { max: 4 });
  const boss = new PgBoss({ connectionString: input.databaseUrl, schema: BOSS_SCHEMA, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
  const deps = { db: handle.db, boss, storage: createStorage({ dataDir: input.dataDir }), keyring: parseKeyring(input.encryptionKey), log: logger };
  const fetch = async (settings: FetchSettings) => fetchAccount(deps, await getAccount(handle.db, input.companyId, input.accountId), settings);
  const reports: Report[] = [];
  for (const settings of input.runs) {
    (globalThis as { gc?: () => void }).gc?.();
    writeFileSync("/proc/self/clear_refs", "5"); // resets VmHWM to the current resident size
    const rssBeforeBytes = statusBytes("VmRSS");
    const outcome = await fetch(settings);
    const peakRssBytes = statusBytes("VmHWM");
    reports.push({
      outcome: outcome.ok ? { ok: true, messages: outcome.messages, documents: outcome.documents } : { ok: false, error: outcome.error.message },
      rssBeforeBytes,
      peakRssBytes,
    });
  }
  await boss.stop({ graceful: false, close: true });
  await handle.close();
  process.stdout.write(JSON.stringify(reports) + "\n");
}

function statusBytes(field: "VmRSS" | "VmHWM"): number {
  const kb = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync("/proc/self/status", "utf8"));
  if (!kb) throw new Error(`${field} not in /proc/self/status`);
  return Number(kb[1]) * 1024;
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
