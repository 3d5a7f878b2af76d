ALTER TABLE "skipped_messages" ALTER COLUMN "uid_validity" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "skipped_messages" ALTER COLUMN "uid" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "skipped_messages" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "skipped_messages_account_provider_message_key" ON "skipped_messages" USING btree ("account_id","provider_message_id");--> statement-breakpoint
ALTER TABLE "skipped_messages" ADD CONSTRAINT "skipped_messages_source_check" CHECK ("skipped_messages"."provider_message_id" is not null or ("skipped_messages"."uid" is not null and "skipped_messages"."uid_validity" is not null));