-- Activities by document (issue 18): while people type, each edit report looks, per editor, for
-- the document's recent "edited" entry every few seconds, and a document's deletion cascades into
-- its activities; both read every row of the table without this.
CREATE INDEX "activities_document_idx" ON "activities" USING btree ("document_id","actor_id","created_at");
