import { and, eq, getTableName, isNotNull } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../db/client";
import { mailAccounts } from "../db/schema/accounts";
import { companySmtp } from "../db/schema/notifications";
import { decryptSecret, encryptSecret, needsRotation, secretContext, type Keyring } from "./secrets";

// `field` is the schema's property name, which drizzle's set() takes.
type SecretColumn = { table: PgTable; field: string; id: PgColumn; value: PgColumn };

/** Every column that holds an encrypted secret; a new one is added here so rotation covers it. */
export const SECRET_COLUMNS: SecretColumn[] = [
  { table: mailAccounts, field: "secretEnc", id: mailAccounts.id, value: mailAccounts.secretEnc },
  { table: companySmtp, field: "passwordEnc", id: companySmtp.companyId, value: companySmtp.passwordEnc },
];

/** A secret's context, named from the schema itself, so writing, reading and rotating agree on it. */
export function columnSecretContext(value: PgColumn, rowId: string): string {
  return secretContext(getTableName(value.table), value.name, rowId);
}

export type RotationReport = { checked: number; rotated: number; failed: { where: string; reason: string }[] };

/**
 * Re-encrypts every stored secret that uses an older key or format under the newest key,
 * bound to its row. A row changed meanwhile keeps its new value (the update matches the old one).
 */
export async function rotateSecrets(db: Db, ring: Keyring, columns: SecretColumn[] = SECRET_COLUMNS): Promise<RotationReport> {
  const report: RotationReport = { checked: 0, rotated: 0, failed: [] };
  for (const c of columns) {
    const rows = (await db.select({ id: c.id, value: c.value }).from(c.table).where(isNotNull(c.value))) as { id: string; value: string }[];
    for (const row of rows) {
      report.checked++;
      if (!needsRotation(ring, row.value)) continue;
      const context = columnSecretContext(c.value, row.id);
      let plaintext: string;
      try {
        plaintext = decryptSecret(ring, row.value, context);
      } catch (err) {
        report.failed.push({ where: `${getTableName(c.table)}.${c.value.name} ${row.id}`, reason: (err as Error).message });
        continue;
      }
      const updated = await db
        .update(c.table)
        .set({ [c.field]: encryptSecret(ring, plaintext, context) })
        .where(and(eq(c.id, row.id), eq(c.value, row.value)))
        .returning({ id: c.id });
      if (updated.length) report.rotated++;
    }
  }
  return report;
}

