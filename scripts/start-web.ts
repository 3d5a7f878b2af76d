// `npm run start:web`: the web app alone (production). Needs DATABASE_URL, ENCRYPTION_KEY, AUTH_SECRET and `npm run build`.
import { env } from "../lib/env";
import { productionConfig } from "../lib/boot/config";
import { prepareDatabase } from "./prepare-database";
import { buildIsStale, spawnWebServer, waitForExit } from "../lib/boot/processes";

async function main() {
  const cfg = productionConfig("web");
  await prepareDatabase(cfg.databaseUrl);
  if (buildIsStale()) throw new Error("no production build found: run `npm run build` first");
  const e = env();
  const child = spawnWebServer(e.PORT, {
    ...process.env,
    NEXTAUTH_URL: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    NEXTAUTH_SECRET: e.AUTH_SECRET,
    NODE_ENV: "production" as const,
    NEXT_TELEMETRY_DISABLED: "1",
  });
  for (const sig of ["SIGINT", "SIGTERM"] as const) process.on(sig, () => child.kill(sig));
  process.exit((await waitForExit(child)) ?? 0);
}

main().catch((err) => {
  console.error(`mailroom web: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
