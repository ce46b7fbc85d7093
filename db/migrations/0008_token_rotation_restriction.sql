CREATE TABLE "retired_token_secrets" (
	"hashed_token" varchar(64) PRIMARY KEY NOT NULL,
	"token_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"hint" varchar(16) NOT NULL,
	"retired_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "repositories" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "secret_generation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "rotating_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "web_sessions" ADD COLUMN "token_generation" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "retired_token_secrets" ADD CONSTRAINT "retired_token_secrets_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "retired_token_secrets_token_idx" ON "retired_token_secrets" USING btree ("token_id");