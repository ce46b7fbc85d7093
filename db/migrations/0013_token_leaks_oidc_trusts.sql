CREATE TABLE "oidc_trusts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"issuer" varchar(512) NOT NULL,
	"audience" varchar(256) NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"repositories" jsonb NOT NULL,
	"scope" varchar(16) NOT NULL,
	"account_id" uuid NOT NULL,
	"created_by" varchar(64) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "oidc_trusts_scope_check" CHECK ("oidc_trusts"."scope" in ('admin', 'read-write', 'read-only'))
);
--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "leaked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD COLUMN "leak_url" varchar(2048);--> statement-breakpoint
ALTER TABLE "oidc_trusts" ADD CONSTRAINT "oidc_trusts_account_id_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "oidc_trusts_issuer_idx" ON "oidc_trusts" USING btree ("issuer");--> statement-breakpoint
CREATE INDEX "oidc_trusts_account_idx" ON "oidc_trusts" USING btree ("account_id");