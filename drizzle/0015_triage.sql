CREATE TABLE "triage_rules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"company_id" uuid NOT NULL,
	"name" text NOT NULL,
	"position" integer NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"outcome" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "body_text" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "triage_outcome" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "triage_rule_id" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "triage_reason" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "triaged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "review_status" text;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "reviewed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "reviewed_by" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "acknowledgement_status" text;--> statement-breakpoint
ALTER TABLE "triage_rules" ADD CONSTRAINT "triage_rules_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "triage_rules_company_idx" ON "triage_rules" USING btree ("company_id","position");--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_triage_rule_id_triage_rules_id_fk" FOREIGN KEY ("triage_rule_id") REFERENCES "public"."triage_rules"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "emails_company_review_idx" ON "emails" USING btree ("company_id","review_status","created_at");