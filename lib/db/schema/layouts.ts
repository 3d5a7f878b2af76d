import { index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { Layout } from "../../extract/learned/types";
import { companies } from "./companies";
import { documents } from "./documents";

/**
 * How to find one field on one vendor's documents, learned from a person's correction. A vendor is
 * known by a key ("reg:DE123456789", "domain:acme.com", "name:acme"); one correction is stored under
 * each key the document had, so a later document found by any of them uses it.
 */
export const vendorLayouts = pgTable(
  "vendor_layouts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    companyId: uuid("company_id").notNull().references(() => companies.id, { onDelete: "cascade" }),
    vendorKey: text("vendor_key").notNull(),
    field: text("field").notNull(),
    layout: jsonb("layout").$type<Layout>().notNull(),
    // The correction it came from, to explain it later.
    documentId: uuid("document_id").references(() => documents.id, { onDelete: "set null" }),
    learnedBy: text("learned_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("vendor_layouts_company_vendor_field_key").on(t.companyId, t.vendorKey, t.field), index("vendor_layouts_document_idx").on(t.documentId)],
);
