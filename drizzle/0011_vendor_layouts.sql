CREATE TABLE "vendor_layouts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"vendor_key" text NOT NULL,
	"field" text NOT NULL,
	"layout" jsonb NOT NULL,
	"document_id" uuid,
	"learned_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "default_currency" text;--> statement-breakpoint
ALTER TABLE "vendor_layouts" ADD CONSTRAINT "vendor_layouts_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vendor_layouts" ADD CONSTRAINT "vendor_layouts_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "vendor_layouts_company_vendor_field_key" ON "vendor_layouts" USING btree ("company_id","vendor_key","field");--> statement-breakpoint
CREATE INDEX "vendor_layouts_document_idx" ON "vendor_layouts" USING btree ("document_id");