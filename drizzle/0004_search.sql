ALTER TABLE "documents" ADD COLUMN "email_search" text;--> statement-breakpoint
CREATE INDEX "documents_email_idx" ON "documents" USING btree ("email_id");--> statement-breakpoint
UPDATE "documents" d SET "email_search" = coalesce(e.subject, '') || E'\n' || coalesce(e.from_address, '') FROM "emails" e WHERE e.id = d.email_id;--> statement-breakpoint
-- A trigram index for search (lib/documents/search.ts spells the same expression). pg_trgm ships
-- with PostgreSQL, but creating an extension may need rights a hosted server does not give: then
-- search works without the index, reading documents until it has a page, and this says so.
DO $$
BEGIN
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
EXCEPTION WHEN OTHERS THEN
  RAISE NOTICE 'pg_trgm is not available (%): document search will work without its index', SQLERRM;
END $$;--> statement-breakpoint
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
    CREATE INDEX IF NOT EXISTS "documents_search_trgm_idx" ON "documents" USING gin ((coalesce(filename, '') || E'\n' || coalesce(text, '') || E'\n' || coalesce(corrections #>> '{fields,vendor,value}', fields #>> '{vendor,value}', '') || E'\n' || coalesce(email_search, '')) gin_trgm_ops);
  END IF;
END $$;
