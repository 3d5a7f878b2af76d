CREATE TABLE "stage_timings" (
	"stage" text NOT NULL,
	"le" double precision NOT NULL,
	"count" bigint DEFAULT 0 NOT NULL,
	"sum" double precision DEFAULT 0 NOT NULL,
	CONSTRAINT "stage_timings_stage_le_pk" PRIMARY KEY("stage","le")
);
--> statement-breakpoint
ALTER TABLE "fetch_runs" ADD COLUMN "error_code" text;--> statement-breakpoint
ALTER TABLE "mail_accounts" ADD COLUMN "fetching_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "companies" ADD COLUMN "fetching_paused_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "version" text;--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "jobs_in_flight" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "rss_bytes" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "worker_heartbeats" ADD COLUMN "stopped_at" timestamp with time zone;