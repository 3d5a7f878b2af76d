CREATE TABLE "oauth_states" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"state_hash" text NOT NULL,
	"provider" text NOT NULL,
	"company_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "uid_validity" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "emails" ALTER COLUMN "uid" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "mail_accounts" ADD COLUMN "gmail_history_id" text;--> statement-breakpoint
ALTER TABLE "mail_accounts" ADD COLUMN "gmail_sync_page_token" text;--> statement-breakpoint
ALTER TABLE "mail_accounts" ADD COLUMN "connected_by" uuid;--> statement-breakpoint
ALTER TABLE "emails" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_company_id_companies_id_fk" FOREIGN KEY ("company_id") REFERENCES "public"."companies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "oauth_states" ADD CONSTRAINT "oauth_states_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "oauth_states_hash_key" ON "oauth_states" USING btree ("state_hash");--> statement-breakpoint
CREATE INDEX "oauth_states_expires_idx" ON "oauth_states" USING btree ("expires_at");--> statement-breakpoint
ALTER TABLE "mail_accounts" ADD CONSTRAINT "mail_accounts_connected_by_users_id_fk" FOREIGN KEY ("connected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "mail_accounts_company_gmail_key" ON "mail_accounts" USING btree ("company_id",lower("email")) WHERE "mail_accounts"."provider" = 'gmail';--> statement-breakpoint
CREATE UNIQUE INDEX "emails_account_provider_message_key" ON "emails" USING btree ("account_id","provider_message_id");--> statement-breakpoint
ALTER TABLE "emails" ADD CONSTRAINT "emails_source_check" CHECK ("emails"."provider_message_id" is not null or ("emails"."uid" is not null and "emails"."uid_validity" is not null));