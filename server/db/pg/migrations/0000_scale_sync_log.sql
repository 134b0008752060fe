CREATE TABLE "document_heads" (
	"document_id" text PRIMARY KEY NOT NULL,
	"last_seq" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_states" (
	"document_id" text PRIMARY KEY NOT NULL,
	"state" "bytea" NOT NULL,
	"through_seq" bigint NOT NULL,
	"compacted_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_updates" (
	"document_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"update" "bytea" NOT NULL,
	CONSTRAINT "document_updates_document_id_seq_pk" PRIMARY KEY("document_id","seq")
);
