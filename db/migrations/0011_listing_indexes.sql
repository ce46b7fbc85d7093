DROP INDEX "repositories_namespace_id_idx";--> statement-breakpoint
CREATE INDEX "repositories_namespace_id_name_idx" ON "repositories" USING btree ("namespace_id","namespace","name");--> statement-breakpoint
CREATE INDEX "repositories_full_name_idx" ON "repositories" USING btree ((("namespace" || '/' || "name") collate "C"));--> statement-breakpoint
CREATE INDEX "repositories_namespace_id_full_name_idx" ON "repositories" USING btree ("namespace_id",(("namespace" || '/' || "name") collate "C"));--> statement-breakpoint
CREATE INDEX "repositories_public_full_name_idx" ON "repositories" USING btree ((("namespace" || '/' || "name") collate "C")) WHERE visibility = 'public';