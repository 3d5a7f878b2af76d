import pino from "pino";
import { env } from "./env";

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
  "accessToken",
  "refreshToken",
];

export const logger = pino({
  level: env().LOG_LEVEL,
  redact: { paths: REDACT, censor: "[redacted]" },
  base: { pid: process.pid },
});

export type Logger = pino.Logger;
