import { inflateRawSync } from 'node:zlib';
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import * as Y from 'yjs';
import { DELETED_USER_NAME } from '../../shared/privacy';
import { redactPupilNames } from '../../shared/pupil-references';
import type { Db } from '../db/open';
import { documentVersions, documents } from '../db/schema';
import { documentSearchText } from '../documents/document-text';
import { storeSearchText } from '../search/full-text';
import { contentOf } from '../../shared/blocks/read';
import { elements } from '../../shared/blocks/walk';
import type { SyncServer } from '../sync/sync-server';
import { contentOnly, storedVersion } from '../versions/versions';

const cardsOf = (fragment: Y.XmlFragment) => [...elements(fragment)].filter((el) => el.nodeName === 'evidenceCard');

/**
 * Evidence cards quoting notes from deleted observation documents: the quote stays, with pupil
 * codes only (any name is replaced), and the link to the deleted note goes. Returns how many.
 */
export function redactCards(fragment: Y.XmlFragment, deletedIds: ReadonlySet<string>): number {
  let changed = 0;
  for (const card of cardsOf(fragment)) {
    const source = card.getAttribute('sourceDocumentId') as unknown;
    if (typeof source !== 'string' || !deletedIds.has(source)) continue;
    const text = card.getAttribute('text') as unknown;
    if (typeof text === 'string') {
      const redacted = redactPupilNames(text);
      if (redacted !== text) card.setAttribute('text', redacted);
    }
    card.removeAttribute('sourceDocumentId');
    card.removeAttribute('noteId');
    changed++;
  }
  return changed;
}

/** Evidence cards naming `name` as their observer name "slettet bruker" instead (account deletion). */
export function renameObserver(fragment: Y.XmlFragment, name: string): number {
  let changed = 0;
  for (const card of cardsOf(fragment)) {
    if (card.getAttribute('observer') !== name) continue;
    card.setAttribute('observer', DELETED_USER_NAME);
    changed++;
  }
  return changed;
}

/** Whether a Yjs update may hold one of the strings (a cheap byte search before decoding it). */
const mentionsAny = (bytes: Uint8Array, needles: string[]) => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return needles.some((needle) => buffer.includes(needle));
};

/**
 * Rewrites evidence cards across a team's documents and their named versions, where the content
 * holds one of `needles`. Live documents are changed like any edit (open editors see it) and
 * folded at once, so no stored update keeps what was replaced; a version is re-encoded from its
 * content alone. Returns how many cards changed.
 */
export async function rewriteEvidence(
  deps: { db: Db; sync: SyncServer },
  teamId: string,
  needles: string[],
  rewrite: (fragment: Y.XmlFragment) => number,
  exclude: string[] = [],
): Promise<number> {
  const { db, sync } = deps;
  const ids = (await db
    .select({ id: documents.id })
    .from(documents)
    .where(and(eq(documents.teamId, teamId), exclude.length ? notInArray(documents.id, exclude) : undefined)))
    .map((d) => d.id);
  let changed = 0;
  for (const id of ids) {
    if (!mentionsAny(await sync.readState(id), needles)) continue;
    let count = 0;
    let text = '';
    await sync.change(
      id,
      (doc) => {
        count = rewrite(contentOf(doc));
        text = documentSearchText(doc);
      },
      { compact: true },
    );
    if (count > 0) await storeSearchText(db, id, text);
    changed += count;
  }
  const versions = ids.length
    ? (await db.select({ id: documentVersions.id, content: documentVersions.content }).from(documentVersions).where(inArray(documentVersions.documentId, ids)))
    : [];
  for (const version of versions) {
    const update = new Uint8Array(inflateRawSync(version.content));
    if (!mentionsAny(update, needles)) continue;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    if (rewrite(contentOf(doc)) > 0) {
      const fresh = contentOnly(doc);
      await db.update(documentVersions).set(storedVersion(fresh)).where(eq(documentVersions.id, version.id));
      fresh.destroy();
    }
    doc.destroy();
  }
  return changed;
}

/** Retention: the team's other documents stop naming pupils from the observation documents about to go. */
export const redactEvidenceOf = (deps: { db: Db; sync: SyncServer }, teamId: string, deletedIds: string[]) =>
  rewriteEvidence(deps, teamId, deletedIds, (fragment) => redactCards(fragment, new Set(deletedIds)), deletedIds);
