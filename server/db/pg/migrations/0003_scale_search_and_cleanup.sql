-- Full-text search on PostgreSQL: what SQLite's FTS5 index (migration 0010 there) does, with the
-- same tables and the same triggers keeping it current. The 'simple' configuration lowercases every
-- letter (Ø→ø, Æ→æ, Å→å) and stems nothing, so å, æ and ø stay letters of their own ("gå" is not
-- "ga"); a word typed matches words that start with it (to_tsquery's ':*').
CREATE TABLE "search_refs" (
	"rowid" bigserial PRIMARY KEY,
	"kind" text NOT NULL,
	"ref_id" text NOT NULL,
	"team_id" text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "search_refs_ref_idx" ON "search_refs" ("kind", "ref_id");
--> statement-breakpoint
CREATE INDEX "search_refs_team_idx" ON "search_refs" ("team_id");
--> statement-breakpoint
CREATE TABLE "search_index" (
	"rowid" bigint PRIMARY KEY REFERENCES "search_refs" ("rowid") ON DELETE CASCADE,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"tags" text NOT NULL,
	"words" tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector('simple', "title"), 'A') || setweight(to_tsvector('simple', "tags"), 'B') || to_tsvector('simple', "body")
	) STORED
);
--> statement-breakpoint
CREATE INDEX "search_index_words_idx" ON "search_index" USING gin ("words");
--> statement-breakpoint
CREATE FUNCTION "search_index_put"(p_kind text, p_ref_id text, p_team_id text, p_title text, p_body text, p_tags text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE ref bigint;
BEGIN
	INSERT INTO "search_refs" ("kind", "ref_id", "team_id") VALUES (p_kind, p_ref_id, p_team_id)
		ON CONFLICT ("kind", "ref_id") DO UPDATE SET "team_id" = EXCLUDED."team_id"
		RETURNING "rowid" INTO ref;
	INSERT INTO "search_index" ("rowid", "title", "body", "tags") VALUES (ref, coalesce(p_title, ''), coalesce(p_body, ''), coalesce(p_tags, ''))
		ON CONFLICT ("rowid") DO UPDATE SET "title" = EXCLUDED."title", "body" = EXCLUDED."body", "tags" = EXCLUDED."tags";
END $$;
--> statement-breakpoint
CREATE FUNCTION "search_index_drop"(p_kind text, p_ref_id text) RETURNS void LANGUAGE sql AS $$
	DELETE FROM "search_refs" WHERE "kind" = $1 AND "ref_id" = $2;
$$;
--> statement-breakpoint
CREATE FUNCTION "documents_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM "search_index_drop"('document', OLD."id");
		-- The sync log has no foreign key (the sync layer stands alone): a deleted document's log goes here.
		DELETE FROM "document_updates" WHERE "document_id" = OLD."id";
		DELETE FROM "document_states" WHERE "document_id" = OLD."id";
		DELETE FROM "document_heads" WHERE "document_id" = OLD."id";
		RETURN OLD;
	END IF;
	PERFORM "search_index_put"('document', NEW."id", NEW."team_id", NEW."title", NEW."search_text", NEW."tags"::text);
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "documents_search_insert" AFTER INSERT ON "documents" FOR EACH ROW EXECUTE FUNCTION "documents_search"();
--> statement-breakpoint
CREATE TRIGGER "documents_search_update" AFTER UPDATE OF "title", "search_text", "tags" ON "documents" FOR EACH ROW EXECUTE FUNCTION "documents_search"();
--> statement-breakpoint
CREATE TRIGGER "documents_search_delete" AFTER DELETE ON "documents" FOR EACH ROW EXECUTE FUNCTION "documents_search"();
--> statement-breakpoint
CREATE FUNCTION "cycles_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM "search_index_drop"('cycle', OLD."id");
		RETURN OLD;
	END IF;
	PERFORM "search_index_put"('cycle', NEW."id", NEW."team_id", NEW."title", NEW."research_question", NEW."tags"::text);
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "cycles_search_insert" AFTER INSERT ON "cycles" FOR EACH ROW EXECUTE FUNCTION "cycles_search"();
--> statement-breakpoint
CREATE TRIGGER "cycles_search_update" AFTER UPDATE OF "title", "research_question", "tags" ON "cycles" FOR EACH ROW EXECUTE FUNCTION "cycles_search"();
--> statement-breakpoint
CREATE TRIGGER "cycles_search_delete" AFTER DELETE ON "cycles" FOR EACH ROW EXECUTE FUNCTION "cycles_search"();
--> statement-breakpoint
-- A published copy is in the index while it is published; withdrawing it takes it out.
CREATE FUNCTION "published_search"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'DELETE' THEN
		PERFORM "search_index_drop"('published', OLD."id");
		RETURN OLD;
	END IF;
	IF NEW."withdrawn_at" IS NOT NULL THEN
		PERFORM "search_index_drop"('published', NEW."id");
	ELSIF TG_OP = 'INSERT' THEN
		PERFORM "search_index_put"('published', NEW."id", NEW."team_id", NEW."title", NEW."text", NEW."tags"::text);
	END IF;
	RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER "published_search_insert" AFTER INSERT ON "published_documents" FOR EACH ROW EXECUTE FUNCTION "published_search"();
--> statement-breakpoint
CREATE TRIGGER "published_search_withdraw" AFTER UPDATE OF "withdrawn_at" ON "published_documents" FOR EACH ROW EXECUTE FUNCTION "published_search"();
--> statement-breakpoint
CREATE TRIGGER "published_search_delete" AFTER DELETE ON "published_documents" FOR EACH ROW EXECUTE FUNCTION "published_search"();
