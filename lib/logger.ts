import pino from "pino";
import { env, EnvError } from "./env";

// Secrets are removed by configuration so no call site has to remember.
const REDACT = [
  "password",
  "*.password",
  "secret",
  "*.secret",
  "secretEnc",
  "*.secretEnc",
  "secret_enc",
  "*.secret_enc",
  "token",
  "*.token",
  "authorization",
  "*.authorization",
  "headers.authorization",
  "auth.pass",
  "*.auth.pass",
  "*.auth.password",
  "accessToken",
  "*.accessToken",
  "refreshToken",
  "*.refreshToken",
  "access_token",
  "*.access_token",
  "refresh_token",
  "*.refresh_token",
  "apiKey",
  "*.apiKey",
  "api_key",
  "*.api_key",
  "cookie",
  "*.cookie",
  "headers.cookie",
  "*.headers.cookie",
  "*.headers.authorization",
  "smtp_password",
  "*.smtp_password",
  // A job's payload is logged as `data` now and then; its secrets stay out too.
  "data.password",
  "data.token",
  "data.secret",
];

/** The project's logger settings; tests pass their own destination. */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" }, base: { pid: process.pid } }, destination);
}

export const logger = createLogger(levelFromEnv());

export type Logger = pino.Logger;

// The logger loads before any entry point can report a bad environment; it must not be the one to crash.
function levelFromEnv(): string {
  try {
    return env().LOG_LEVEL;
  } catch (err) {
    if (err instanceof EnvError) return "info";
    throw err;
  }
}
