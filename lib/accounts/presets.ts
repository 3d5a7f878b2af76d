// Well-known mail services' IMAP settings, offered on the Add mailbox form (browser-safe: data only).
import type { Security } from "./schemas";

export const PRESET_IDS = ["gmail", "outlook", "yahoo", "icloud", "other"] as const;
export type PresetId = (typeof PRESET_IDS)[number];
export type ServerPreset = { host: string; port: number; security: Security; domains: RegExp };

/** Each service's IMAP server, and the address domains that are its own. */
export const PRESETS: Record<Exclude<PresetId, "other">, ServerPreset> = {
  gmail: { host: "imap.gmail.com", port: 993, security: "tls", domains: /^(gmail|googlemail)\.com$/ },
  outlook: { host: "outlook.office365.com", port: 993, security: "tls", domains: /^(outlook|hotmail|live)\.com$/ },
  yahoo: { host: "imap.mail.yahoo.com", port: 993, security: "tls", domains: /^yahoo(\.[a-z]{2,})+$/ },
  icloud: { host: "imap.mail.me.com", port: 993, security: "tls", domains: /^(icloud|me|mac)\.com$/ },
};

/** The service an email address belongs to, by its domain; "other" for any domain none claims (or no domain yet). */
export function presetForEmail(email: string): PresetId {
  const at = email.lastIndexOf("@");
  const domain = at < 0 ? "" : email.slice(at + 1).trim().toLowerCase();
  const found = Object.entries(PRESETS).find(([, p]) => p.domains.test(domain));
  return (found?.[0] as PresetId | undefined) ?? "other";
}
