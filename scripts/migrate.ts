import { env } from "../lib/env";
import { prepareDatabase } from "./prepare-database";

async function main() {
  const url = env().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  await prepareDatabase(url);
  console.log("migrations applied");
}

main().catch((err) => {
  console.error(`db:migrate: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
