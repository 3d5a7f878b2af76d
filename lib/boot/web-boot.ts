import { env } from "../env";
import { checkProductionEnv } from "./config";

/**
 * The web app's start-up check when nothing ran before it. On Vercel that is every start; elsewhere
 * scripts/start-web.ts (or `npm start`, which may start an embedded database) has already checked.
 */
export function checkWebBoot(): void {
  const e = env();
  if (e.VERCEL) checkProductionEnv(e, "web");
}
