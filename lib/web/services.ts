import type { PgBoss } from "pg-boss";
import { getDb } from "../db/client";
import { env } from "../env";
import { keyring } from "../crypto/keyring";
import { storageFromEnv } from "../storage/from-env";
import { createSenderBoss } from "../queue";
import type { Storage } from "../storage/types";

const g = globalThis as unknown as { mailroomBoss?: Promise<PgBoss>; mailroomStorage?: Storage };

/** What route handlers and server components use: one of each per process. */
export function services() {
  return { db: getDb(), keyring: keyring(), storage: storage(), boss };
}

function storage(): Storage {
  g.mailroomStorage ??= storageFromEnv(env());
  return g.mailroomStorage;
}

function boss(): Promise<PgBoss> {
  g.mailroomBoss ??= (async () => {
    const b = createSenderBoss(env().DATABASE_URL!);
    b.on("error", () => {});
    await b.start();
    return b;
  })().catch((err) => {
    g.mailroomBoss = undefined;
    throw err;
  });
  return g.mailroomBoss;
}
