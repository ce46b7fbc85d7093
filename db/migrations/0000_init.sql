CREATE TABLE "access_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"hashed_token" varchar(64) NOT NULL,
	"owner_id" uuid NOT NULL,
	"token_label" varchar(100) DEFAULT '' NOT NULL,
	"hint" varchar(16) NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"scope" varchar(16) DEFAULT 'admin' NOT NULL,
	"expires_at" timestamp with time zone,
	"generated_by" varchar(64) NOT NULL,
	"creator_ua" varchar(512) DEFAULT '' NOT NULL,
	"last_used" timestamp with time zone,
	"last_used_ip" varchar(64),
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "access_tokens_scope_check" CHECK ("access_tokens"."scope" in ('admin', 'read-write', 'read-only'))
);
--> statement-breakpoint
CREATE TABLE "accounts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(64) NOT NULL,
	"full_name" varchar(200) DEFAULT '' NOT NULL,
	"is_org" boolean DEFAULT false NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"password_hash" text,
	"credentials_version" integer DEFAULT 1 NOT NULL,
	"failed_password_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "repositories" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"namespace_id" uuid NOT NULL,
	"namespace" varchar(64) NOT NULL,
	"name" varchar(255) NOT NULL,
	"short_description" varchar(140) DEFAULT '' NOT NULL,
	"long_description" text DEFAULT '' NOT NULL,
	"visibility" varchar(8) DEFAULT 'private' NOT NULL,
	"pulls" integer DEFAULT 0 NOT NULL,
	"pushes" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "repositories_visibility_check" CHECK ("repositories"."visibility" in ('public', 'private'))
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" varchar(64) PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_owner_id_accounts_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_namespace_id_accounts_id_fk" FOREIGN KEY ("namespace_id") REFERENCES "public"."accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_hashed_token_key" ON "access_tokens" USING btree ("hashed_token");--> statement-breakpoint
CREATE INDEX "access_tokens_owner_created_idx" ON "access_tokens" USING btree ("owner_id","created_at","id");--> statement-breakpoint
CREATE INDEX "access_tokens_created_idx" ON "access_tokens" USING btree ("created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "accounts_name_key" ON "accounts" USING btree ("name");--> statement-breakpoint
CREATE UNIQUE INDEX "repositories_namespace_name_key" ON "repositories" USING btree ("namespace","name");--> statement-breakpoint
CREATE INDEX "repositories_namespace_id_idx" ON "repositories" USING btree ("namespace_id");--> statement-breakpoint
CREATE INDEX "repositories_visibility_idx" ON "repositories" USING btree ("visibility","namespace","name");