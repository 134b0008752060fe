import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { yXmlFragmentToProsemirrorJSON } from '@tiptap/y-tiptap';
import { and, desc, eq, sql } from 'drizzle-orm';
import * as Y from 'yjs';
import { BLOCKS_VERSION, BLOCKS_VERSION_KEY, CONTENT_FIELD, META_FIELD } from '../../shared/blocks/names';
import { hasBlocks } from '../../shared/blocks/read';
import type { Version, VersionComparison } from '../../shared/schemas/versions';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { documentVersions, documents, users } from '../db/schema';
import { AppError, notFound } from '../errors';
import { newId } from '../ids';
import type { SyncServer } from '../sync/sync-server';
import { migrateToBlocks } from '../documents/migrate-blocks';
import { compareDocuments, type PMNode } from './compare';


/** A document holding only the content of `source`: no history, no deleted text. */
export function contentOnly(source: Y.Doc): Y.Doc {
  const fresh = new Y.Doc();
  fresh.getXmlFragment(CONTENT_FIELD).insert(
    0,
    source
      .getXmlFragment(CONTENT_FIELD)
      .toArray()
      .map((node) => node.clone() as Y.XmlElement | Y.XmlText),
  );
  if (hasBlocks(source)) fresh.getMap(META_FIELD).set(BLOCKS_VERSION_KEY, BLOCKS_VERSION);
  return fresh;
}

const docFrom = (update: Uint8Array) => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
};
const toJson = (doc: Y.Doc) => yXmlFragmentToProsemirrorJSON(doc.getXmlFragment(CONTENT_FIELD)) as PMNode;

/** A version's content as stored: deflated, with the hash that spots unchanged automatic versions. */
export function storedVersion(content: Y.Doc): { content: Buffer; contentHash: string } {
  const json = JSON.stringify(toJson(content));
  return { content: deflateRawSync(Y.encodeStateAsUpdate(content)), contentHash: createHash('sha256').update(json).digest('base64url') };
}

/**
 * Names the document's current content. Stored as the content alone, deflated: its size follows
 * the text, not the editing history. An automatic version identical to the last one is skipped.
 */
export async function createVersion(
  db: Db,
  sync: SyncServer,
  documentId: string,
  name: string,
  userId: string | null,
  auto = false,
): Promise<Version | null> {
  const live = docFrom(await sync.readState(documentId));
  const fresh = contentOnly(live);
  const { content, contentHash } = storedVersion(fresh);
  live.destroy();
  fresh.destroy();
  if (auto) {
    const last = db
      .select({ hash: documentVersions.contentHash })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.createdAt))
      .get();
    if (last?.hash === contentHash) return null;
  }
  const row = { id: newId(), documentId, name, content, contentHash, auto, createdBy: userId, createdAt: new Date() };
  db.insert(documentVersions).values(row).run();
  const doc = db.select({ teamId: documents.teamId, title: documents.title }).from(documents).where(eq(documents.id, documentId)).get()!;
  if (!auto) recordActivity(db, { teamId: doc.teamId, actorId: userId, verb: 'version.created', documentId, summary: { name, title: doc.title } });
  const createdByName = userId ? (db.select({ name: users.name }).from(users).where(eq(users.id, userId)).get()?.name ?? null) : null;
  return { id: row.id, name, auto, createdByName, createdAt: row.createdAt.toISOString(), bytes: content.length };
}

export function listVersions(db: Db, documentId: string): Version[] {
  return db
    .select({
      id: documentVersions.id,
      name: documentVersions.name,
      auto: documentVersions.auto,
      createdByName: users.name,
      createdAt: documentVersions.createdAt,
      bytes: sql<number>`length(${documentVersions.content})`,
    })
    .from(documentVersions)
    .leftJoin(users, eq(users.id, documentVersions.createdBy))
    .where(eq(documentVersions.documentId, documentId))
    .orderBy(desc(documentVersions.createdAt))
    .all()
    .map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }));
}

/**
 * A version's content as a Yjs update. A version kept before the structured blocks is given them
 * here, in memory (the stored version stays as it was), so it compares with and restores into
 * the document as it is now.
 */
export function versionContent(db: Db, documentId: string, versionId: string): { name: string; update: Uint8Array } {
  const row = db
    .select({ name: documentVersions.name, content: documentVersions.content, kind: documents.kind })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)))
    .get();
  if (!row) throw notFound('Version not found');
  const update = new Uint8Array(inflateRawSync(row.content));
  const doc = docFrom(update);
  try {
    if (hasBlocks(doc)) return { name: row.name, update };
    doc.transact(() => migrateToBlocks(doc, row.kind));
    return { name: row.name, update: Y.encodeStateAsUpdate(doc) };
  } finally {
    doc.destroy();
  }
}

/** `current` stands for the live document. */
export async function compareVersions(db: Db, sync: SyncServer, documentId: string, from: string, to: string): Promise<VersionComparison> {
  const load = async (id: string) =>
    id === 'current' ? { id: null, name: 'current', doc: docFrom(await sync.readState(documentId)) } : (() => {
      const v = versionContent(db, documentId, id);
      return { id, name: v.name, doc: docFrom(v.update) };
    })();
  const a = await load(from);
  const b = await load(to);
  const result = compareDocuments(toJson(a.doc), toJson(b.doc));
  a.doc.destroy();
  b.doc.destroy();
  return { from: { id: a.id, name: a.name }, to: { id: b.id, name: b.name }, ...result };
}

/**
 * Makes the document's content that of the version again, as a new change everyone sees live.
 * Nothing is rewritten: the current content is kept as an automatic version first.
 */
export async function restoreVersion(db: Db, sync: SyncServer, documentId: string, versionId: string, userId: string): Promise<void> {
  const version = versionContent(db, documentId, versionId);
  await createVersion(db, sync, documentId, 'restore:before', userId, true);
  const source = docFrom(version.update);
  try {
    await sync.change(documentId, (doc) => {
      const fragment = doc.getXmlFragment(CONTENT_FIELD);
      fragment.delete(0, fragment.length);
      fragment.insert(
        0,
        source
          .getXmlFragment(CONTENT_FIELD)
          .toArray()
          .map((node) => node.clone() as Y.XmlElement | Y.XmlText),
      );
    });
  } catch (error) {
    throw new AppError(500, 'internal', `Restoring failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    source.destroy();
  }
  const doc = db.select({ teamId: documents.teamId, title: documents.title }).from(documents).where(eq(documents.id, documentId)).get()!;
  recordActivity(db, { teamId: doc.teamId, actorId: userId, verb: 'version.restored', documentId, summary: { name: version.name, title: doc.title } });
}
