import type { Account, Security } from "@/lib/accounts/schemas";

/** "imap.example.com:993 · TLS", or "Gmail": where the mailbox is read from; `security` words the security setting. */
export function serverAddress(a: Pick<Account, "provider" | "host" | "port" | "security">, security: (s: Security) => string): string {
  return a.provider === "gmail" ? "Gmail" : `${a.host}:${a.port} · ${security(a.security)}`;
}
