DROP INDEX "audit_events_failures_ip_idx";--> statement-breakpoint
DROP INDEX "audit_events_failures_actor_idx";