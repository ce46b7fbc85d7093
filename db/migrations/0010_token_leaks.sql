ALTER TABLE "access_tokens" ADD COLUMN "leaked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "leak_url" varchar(2048);