import { env } from "../env";
import { parseKeyring, type Keyring } from "./secrets";

let ring: Keyring | undefined;

/** The process keyring from ENCRYPTION_KEY; start-up refuses to run without it. */
export function keyring(): Keyring {
  if (!ring) {
    const value = env().ENCRYPTION_KEY;
    if (!value) throw new Error("ENCRYPTION_KEY is required to store mailbox passwords (a comma-separated list of 32-byte base64 keys)");
    ring = parseKeyring(value);
  }
  return ring;
}
