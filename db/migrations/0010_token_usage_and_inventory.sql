CREATE TABLE "token_usage_days" (
	"token_id" uuid NOT NULL,
	"day" date NOT NULL,
	"pulls" integer DEFAULT 0 NOT NULL,
	"pushes" integer DEFAULT 0 NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	"sign_ins" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "token_usage_days_token_id_day_pk" PRIMARY KEY("token_id","day")
);
--> statement-breakpoint
CREATE TABLE "token_usage_ips" (
	"token_id" uuid NOT NULL,
	"day" date NOT NULL,
	"ip" varchar(64) NOT NULL,
	"last_seen" timestamp with time zone NOT NULL,
	CONSTRAINT "token_usage_ips_token_id_day_ip_pk" PRIMARY KEY("token_id","day","ip")
);
--> statement-breakpoint
ALTER TABLE "token_usage_days" ADD CONSTRAINT "token_usage_days_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "token_usage_ips" ADD CONSTRAINT "token_usage_ips_token_id_access_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."access_tokens"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "token_usage_days_day_idx" ON "token_usage_days" USING btree ("day");--> statement-breakpoint
CREATE INDEX "token_usage_ips_day_idx" ON "token_usage_ips" USING btree ("day");--> statement-breakpoint
CREATE INDEX "token_usage_ips_last_seen_idx" ON "token_usage_ips" USING btree ("token_id","last_seen");--> statement-breakpoint
CREATE INDEX "access_tokens_unused_since_idx" ON "access_tokens" USING btree (coalesce("last_used", "created_at"));--> statement-breakpoint
CREATE INDEX "access_tokens_never_used_idx" ON "access_tokens" USING btree ("created_at","id") WHERE "access_tokens"."last_used" is null;--> statement-breakpoint
CREATE INDEX "access_tokens_expires_idx" ON "access_tokens" USING btree ("expires_at") WHERE "access_tokens"."expires_at" is not null;--> statement-breakpoint
CREATE INDEX "access_tokens_generated_by_idx" ON "access_tokens" USING btree ("generated_by","created_at","id");--> statement-breakpoint
CREATE INDEX "access_tokens_scope_idx" ON "access_tokens" USING btree ("scope","created_at","id");--> statement-breakpoint
CREATE INDEX "access_tokens_temporary_idx" ON "access_tokens" USING btree ("created_at","id") WHERE "access_tokens"."temporary";