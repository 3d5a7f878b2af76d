import path from "node:path";
import type { Env } from "../env";
import { createStorage } from "./storage";
import type { Storage } from "./types";

/** The storage this deployment is configured for: local disk under DATA_DIR. */
export function storageFromEnv(e: Env): Storage {
  return createStorage({ dataDir: path.resolve(e.DATA_DIR) });
}
