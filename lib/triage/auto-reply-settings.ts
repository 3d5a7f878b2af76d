// The settings page's acknowledgement section: the template and limits, or the defaults.
import { eq } from "drizzle-orm";
import type { DbOrTx } from "../db/client";
import { companyAutoReply } from "../db/schema/triage";
import { ackSettings } from "./acknowledge";
import type { AutoReplySettings, AutoReplySettingsInput } from "./schemas";

export async function getAutoReplySettings(db: DbOrTx, companyId: string): Promise<AutoReplySettings> {
  const [row] = await db.select({ companyId: companyAutoReply.companyId }).from(companyAutoReply).where(eq(companyAutoReply.companyId, companyId));
  const s = await ackSettings(db, companyId);
  return { subject: s.subject, html: s.html, text: s.text, window_hours: s.windowHours, max_per_hour: s.maxPerHour, is_default: !row };
}

export async function saveAutoReplySettings(db: DbOrTx, companyId: string, input: AutoReplySettingsInput): Promise<AutoReplySettings> {
  const values = { subject: input.subject, html: input.html, text: input.text, windowHours: input.window_hours, maxPerHour: input.max_per_hour, updatedAt: new Date() };
  await db.insert(companyAutoReply).values({ companyId, ...values }).onConflictDoUpdate({ target: companyAutoReply.companyId, set: values });
  return getAutoReplySettings(db, companyId);
}

/** Back to the defaults. */
export async function resetAutoReplySettings(db: DbOrTx, companyId: string): Promise<AutoReplySettings> {
  await db.delete(companyAutoReply).where(eq(companyAutoReply.companyId, companyId));
  return getAutoReplySettings(db, companyId);
}
