// `npm start`: everything on one machine. Embedded PostgreSQL unless DATABASE_URL is set,
// generated keys in DATA_DIR unless set, migrations, then the web app and the worker together.
import path from "node:path";
import { env, setEnv } from "../lib/env";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../lib/boot/embedded-postgres";
import { ensureLocalSecrets } from "../lib/boot/local-secrets";
import { recordEmbeddedUrl } from "../lib/boot/database-url";
import { buildIsStale, runNextBuild, spawnWebServer, spawnWorker, supervise, type Supervised } from "../lib/boot/processes";
import { prepareDatabase } from "./prepare-database";

async function main() {
  const initial = env();
  const dataDir = path.resolve(initial.DATA_DIR);
  const secrets = await ensureLocalSecrets(dataDir, (m) => console.warn(`warning: ${m}`));
  if (!initial.ENCRYPTION_KEY) setEnv({ ENCRYPTION_KEY: secrets.encryption_key });
  if (!initial.AUTH_SECRET) setEnv({ AUTH_SECRET: secrets.auth_secret });

  let embedded: EmbeddedDatabase | undefined;
  let forget = async () => {};
  const children: Supervised[] = [];
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    await Promise.all(children.map((c) => c.stop("SIGTERM")));
    await forget();
    await embedded?.stop();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop(0));
  process.on("SIGTERM", () => void stop(0));

  try {
    if (!initial.DATABASE_URL) {
      console.log(`starting embedded PostgreSQL in ${path.join(dataDir, "postgres")}`);
      embedded = await startEmbeddedPostgres(path.join(dataDir, "postgres"));
      setEnv({ DATABASE_URL: embedded.url });
      forget = await recordEmbeddedUrl(dataDir, embedded.url);
    }
    const cfg = env();
    await prepareDatabase(cfg.DATABASE_URL!);

    const publicUrl = cfg.PUBLIC_URL ?? `http://localhost:${cfg.PORT}`;
    const childEnv = {
      ...process.env,
      DATA_DIR: dataDir,
      NEXTAUTH_URL: publicUrl,
      NEXTAUTH_SECRET: cfg.AUTH_SECRET,
      NODE_ENV: "production" as const,
      NEXT_TELEMETRY_DISABLED: "1",
    };
    if (buildIsStale()) {
      console.log("building the web app (first start, or the sources changed)…");
      await runNextBuild(childEnv);
    }
    // A process that dies is started again (with back-off); only Ctrl-C or SIGTERM stops them all.
    children.push(supervise("the worker", () => spawnWorker(childEnv)), supervise("the web app", () => spawnWebServer(cfg.PORT, childEnv)));
    console.log(`Mailroom is starting on ${publicUrl}`);
  } catch (err) {
    console.error(`mailroom: ${err instanceof Error ? err.message : String(err)}`);
    await stop(1);
  }
}

main().catch((err) => {
  console.error(`mailroom: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
