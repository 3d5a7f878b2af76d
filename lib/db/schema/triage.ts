import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { companies } from "./companies";
import { TRIAGE_OUTCOMES, type TriageConditions } from "../../triage/schemas";

/** Ordered per company: the first rule whose conditions all hold decides what happens to an email. */
export const triageRules = pgTable(
  "triage_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    conditions: jsonb("conditions").$type<TriageConditions>().notNull().default({}),
    outcome: text("outcome", { enum: TRIAGE_OUTCOMES }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("triage_rules_company_idx").on(t.companyId, t.position)],
);
