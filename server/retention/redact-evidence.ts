import { inflateRawSync } from 'node:zlib';
import { and, eq, inArray, ne } from 'drizzle-orm';
import * as Y from 'yjs';
import { redactPupilNames } from '../../shared/pupil-references';
import type { Db } from '../db/open';
import { documentVersions, documents } from '../db/schema';
import { documentText } from '../documents/document-text';
import { elements } from '../export/content-walk';
import type { SyncServer } from '../sync/sync-server';
import { contentOnly, storedVersion } from '../versions/versions';

/**
 * Evidence cards quoting notes from deleted observation documents: the quote stays, with pupil
 * codes only (any name is replaced), and the link to the deleted note goes. Returns how many.
 */
export function redactCards(fragment: Y.XmlFragment, deletedIds: ReadonlySet<string>): number {
  let changed = 0;
  for (const el of elements(fragment)) {
    if (el.nodeName !== 'evidenceCard') continue;
    const source = el.getAttribute('sourceDocumentId') as unknown;
    if (typeof source !== 'string' || !deletedIds.has(source)) continue;
    const text = el.getAttribute('text') as unknown;
    if (typeof text === 'string') {
      const redacted = redactPupilNames(text);
      if (redacted !== text) el.setAttribute('text', redacted);
    }
    el.removeAttribute('sourceDocumentId');
    el.removeAttribute('noteId');
    changed++;
  }
  return changed;
}

/** Whether a Yjs update may mention one of the ids (a cheap byte search before decoding it). */
const mentionsAny = (bytes: Uint8Array, ids: string[]) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return ids.some((id) => buffer.includes(id));
};

/**
 * Redacts, across the team's other documents and their versions, the evidence cards that quote
 * the observation documents about to be deleted. The live documents are changed like any edit
 * (open editors see it) and folded at once, so no stored update keeps the old quote.
 */
export async function redactEvidenceOf(deps: { db: Db; sync: SyncServer }, teamId: string, deletedIds: string[]): Promise<number> {
  const { db, sync } = deps;
  const gone = new Set(deletedIds);
  const others = db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.teamId, teamId), ne(documents.kind, 'observation')))
    .all()
    .filter((d) => !gone.has(d.id));
  let redacted = 0;
  for (const { id } of others) {
    if (!mentionsAny(await sync.readState(id), deletedIds)) continue;
    let count = 0;
    let text = '';
    await sync.change(
      id,
      (doc) => {
        count = redactCards(doc.getXmlFragment('default'), gone);
        text = documentText(doc);
      },
      { compact: true },
    );
    if (count > 0) db.update(documents).set({ searchText: text }).where(eq(documents.id, id)).run();
    redacted += count;
  }
  const versions = others.length
    ? db
        .select({ id: documentVersions.id, content: documentVersions.content })
        .from(documentVersions)
        .where(inArray(documentVersions.documentId, others.map((d) => d.id)))
        .all()
    : [];
  for (const version of versions) {
    const update = new Uint8Array(inflateRawSync(version.content));
    if (!mentionsAny(update, deletedIds)) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    if (redactCards(doc.getXmlFragment('default'), gone) > 0) {
      // A version is content only: re-encoding it keeps nothing of what was replaced.
      const fresh = contentOnly(doc);
      db.update(documentVersions).set(storedVersion(fresh)).where(eq(documentVersions.id, version.id)).run();
      fresh.destroy();
    }
    doc.destroy();
  }
  return redacted;
}
