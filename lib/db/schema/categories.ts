import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { companies } from "./companies";
import { CATEGORY_RULE_KINDS } from "../../categories/schemas";

export const categories = pgTable(
  "categories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    color: text("color").notNull().default("#64748b"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("categories_company_name_key").on(t.companyId, sql`lower(${t.name})`)],
);

/** Ordered rules: the first that matches decides, before the learned classifier is asked. */
export const categoryRules = pgTable(
  "category_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    categoryId: uuid("category_id").notNull().references(() => categories.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: CATEGORY_RULE_KINDS }).notNull(),
    pattern: text("pattern").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("category_rules_company_idx").on(t.companyId, t.position)],
);

/** The classifier learned from people's choices, one per company, retrained as they categorize. */
export const categoryModels = pgTable("category_models", {
  companyId: uuid("company_id")
    .primaryKey()
    .references(() => companies.id, { onDelete: "cascade" }),
  model: jsonb("model").$type<Record<string, unknown>>().notNull(),
  samples: integer("samples").notNull(),
  trainedAt: timestamp("trained_at", { withTimezone: true }).notNull().defaultNow(),
});
