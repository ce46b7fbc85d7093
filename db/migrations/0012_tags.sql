CREATE TABLE "manifest_details" (
	"digest" varchar(160) PRIMARY KEY NOT NULL,
	"media_type" varchar(128) NOT NULL,
	"size" bigint NOT NULL,
	"os" varchar(32) DEFAULT '' NOT NULL,
	"architecture" varchar(32) DEFAULT '' NOT NULL,
	"platforms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"image_created_at" timestamp with time zone,
	"cached_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "pushed_digests" (
	"repository_id" uuid NOT NULL,
	"digest" varchar(160) NOT NULL,
	"kind" varchar(8) NOT NULL,
	"pushed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "pushed_digests_repository_id_digest_pk" PRIMARY KEY("repository_id","digest")
);
--> statement-breakpoint
CREATE TABLE "tag_pushes" (
	"repository_id" uuid NOT NULL,
	"tag" varchar(128) NOT NULL,
	"digest" varchar(160) NOT NULL,
	"pusher_name" varchar(64) NOT NULL,
	"pusher_kind" varchar(16) NOT NULL,
	"first_pushed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"pushed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tag_pushes_repository_id_tag_pk" PRIMARY KEY("repository_id","tag")
);
--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "immutable_tags" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "repositories" ADD COLUMN "tag_limit" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pushed_digests" ADD CONSTRAINT "pushed_digests_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tag_pushes" ADD CONSTRAINT "tag_pushes_repository_id_repositories_id_fk" FOREIGN KEY ("repository_id") REFERENCES "public"."repositories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "tag_pushes_pushed_idx" ON "tag_pushes" USING btree ("repository_id","pushed_at");