CREATE INDEX "access_tokens_owner_last_used_idx" ON "access_tokens" USING btree ("owner_id",coalesce("last_used", '-infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "access_tokens_owner_expires_idx" ON "access_tokens" USING btree ("owner_id",coalesce("expires_at", 'infinity'::timestamptz),"id");--> statement-breakpoint
CREATE INDEX "accounts_kind_name_idx" ON "accounts" USING btree ("is_org","name");--> statement-breakpoint
CREATE INDEX "accounts_kind_created_idx" ON "accounts" USING btree ("is_org","created_at","id");--> statement-breakpoint
CREATE INDEX "accounts_name_prefix_idx" ON "accounts" USING btree ("is_org",("name" collate "C"));--> statement-breakpoint
CREATE INDEX "accounts_full_name_prefix_idx" ON "accounts" USING btree ("is_org",(lower("full_name") collate "C"));