CREATE TABLE "auth_limits" (
	"key" varchar(160) PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone DEFAULT now() NOT NULL,
	"window_failures" integer DEFAULT 0 NOT NULL,
	"consecutive_failures" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"in_flight" integer DEFAULT 0 NOT NULL,
	"in_flight_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "auth_limits_updated_idx" ON "auth_limits" USING btree ("updated_at");--> statement-breakpoint
ALTER TABLE "accounts" DROP COLUMN "failed_password_attempts";--> statement-breakpoint
ALTER TABLE "accounts" DROP COLUMN "locked_until";