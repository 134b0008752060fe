import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
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
import { UpdateRefused } from '../sync/document-engine';
import type { SyncServer } from '../sync/sync-server';
import { type ContentNode, readContentTree, toYjs, withDocument } from '../documents/content-tree';
import { indexActionItems } from '../documents/action-items';
import { migrateToBlocks } from '../documents/migrate-blocks';
import { compareDocuments } from './compare';

/** The document's content, read safely (bounded depth, clamped attributes). */
const contentOf = (doc: Y.Doc) => readContentTree(doc.getXmlFragment(CONTENT_FIELD));

/** A document holding only `content`: no history, no deleted text; marked as having blocks if it has. */
function documentOf(content: ContentNode, blocks: boolean): Y.Doc {
  const fresh = new Y.Doc();
  fresh.getXmlFragment(CONTENT_FIELD).insert(0, toYjs(content.content ?? []));
  if (blocks) fresh.getMap(META_FIELD).set(BLOCKS_VERSION_KEY, BLOCKS_VERSION);
  return fresh;
}

/** A document holding only the content of `source`, read safely: no history, no deleted text. */
export const contentOnly = (source: Y.Doc): Y.Doc => documentOf(contentOf(source), hasBlocks(source));

const hashOf = (content: ContentNode) => createHash('sha256').update(JSON.stringify(content)).digest('base64url');

/** A version's content as stored: deflated, with the hash that spots unchanged automatic versions. */
export function storedVersion(content: Y.Doc): { content: Buffer; contentHash: string } {
  return { content: deflateRawSync(Y.encodeStateAsUpdate(content)), contentHash: hashOf(contentOf(content)) };
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
  // The live document is at the current block structure (readState upgrades it first).
  const tree = withDocument(await sync.readState(documentId), contentOf);
  const contentHash = hashOf(tree);
  const fresh = documentOf(tree, true);
  const content = deflateRawSync(Y.encodeStateAsUpdate(fresh));
  fresh.destroy();
  if (auto) {
    const last = (await db
      .select({ hash: documentVersions.contentHash })
      .from(documentVersions)
      .where(eq(documentVersions.documentId, documentId))
      .orderBy(desc(documentVersions.createdAt)))[0];
    if (last?.hash === contentHash) return null;
  }
  const row = { id: newId(), documentId, name, content, contentHash, auto, createdBy: userId, createdAt: new Date() };
  await db.insert(documentVersions).values(row);
  const doc = (await db.select({ teamId: documents.teamId, title: documents.title }).from(documents).where(eq(documents.id, documentId)))[0]!;
  if (!auto) await recordActivity(db, { teamId: doc.teamId, actorId: userId, verb: 'version.created', documentId, summary: { name, title: doc.title } });
  const createdByName = userId ? ((await db.select({ name: users.name }).from(users).where(eq(users.id, userId)))[0]?.name ?? null) : null;
  return { id: row.id, name, auto, createdByName, createdAt: row.createdAt.toISOString(), bytes: content.length };
}

export async function listVersions(db: Db, documentId: string): Promise<Version[]> {
  return (await db
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
    .orderBy(desc(documentVersions.createdAt)))
    .map((v) => ({ ...v, createdAt: v.createdAt.toISOString() }));
}

/**
 * A version's content as a Yjs update. A version kept before the structured blocks is given them
 * here, in memory (the stored version stays as it was), so it compares with and restores into
 * the document as it is now.
 */
export async function versionContent(db: Db, documentId: string, versionId: string): Promise<{ name: string; update: Uint8Array }> {
  const [row] = await db
    .select({ name: documentVersions.name, content: documentVersions.content, kind: documents.kind })
    .from(documentVersions)
    .innerJoin(documents, eq(documents.id, documentVersions.documentId))
    .where(and(eq(documentVersions.id, versionId), eq(documentVersions.documentId, documentId)));
  if (!row) throw notFound('Version not found');
  const update = new Uint8Array(inflateRawSync(row.content));
  const upgraded = withDocument(update, (doc) => {
    if (hasBlocks(doc)) return null;
    doc.transact(() => migrateToBlocks(doc, row.kind));
    return Y.encodeStateAsUpdate(doc);
  });
  return { name: row.name, update: upgraded ?? update };
}

/** `current` stands for the live document. */
export async function compareVersions(db: Db, sync: SyncServer, documentId: string, from: string, to: string): Promise<VersionComparison> {
  const load = async (id: string) => {
    if (id === 'current') return { id: null, name: 'current', content: withDocument(await sync.readState(documentId), contentOf) };
    const v = await versionContent(db, documentId, id);
    return { id, name: v.name, content: withDocument(v.update, contentOf) };
  };
  const a = await load(from);
  const b = await load(to);
  const result = compareDocuments(a.content, b.content);
  return { from: { id: a.id, name: a.name }, to: { id: b.id, name: b.name }, ...result };
}

/**
 * Makes the document's content that of the version again, as a new change everyone sees live.
 * Nothing is rewritten: the current content is kept as an automatic version first.
 */
export async function restoreVersion(db: Db, sync: SyncServer, documentId: string, versionId: string, userId: string): Promise<void> {
  const version = await versionContent(db, documentId, versionId);
  await createVersion(db, sync, documentId, 'restore:before', userId, true);
  const content = withDocument(version.update, contentOf);
  let restored: Y.Doc | null = null;
  try {
    await sync.change(documentId, (doc) => {
      const fragment = doc.getXmlFragment(CONTENT_FIELD);
      fragment.delete(0, fragment.length);
      fragment.insert(0, toYjs(content.content ?? []));
      restored = doc;
    });
  } catch (error) {
    // Refused as a whole (nothing of it kept): the live document is past the limits it can be changed within.
    if (error instanceof UpdateRefused) throw new AppError(422, 'document_limit', 'This document is past its limits; the version could not be restored');
    throw new AppError(500, 'internal', `Restoring failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  // Lists of action items read the index: it follows the restored content now, not at the next edit report.
  if (restored) await indexActionItems(db, documentId, restored);
  const doc = (await db.select({ teamId: documents.teamId, title: documents.title }).from(documents).where(eq(documents.id, documentId)))[0]!;
  await recordActivity(db, { teamId: doc.teamId, actorId: userId, verb: 'version.restored', documentId, summary: { name: version.name, title: doc.title } });
}
