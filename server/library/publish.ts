import { eq } from 'drizzle-orm';
import type { PublishBody, PublishCheck, PublishedSummary } from '../../shared/schemas/library';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { cycles, documents, networkSchools, publishedDocuments, teams } from '../db/schema';
import { AppError } from '../errors';
import { newId } from '../ids';
import type { SyncServer } from '../sync/sync-server';
import { findPublished, publishedFrom } from './find-published';
import { countWords, freeze, pupilReferences } from './freeze';

/** What publishing the document now would carry: places that may name a pupil, for the publisher to judge. */
export async function publishCheck(db: Db, sync: SyncServer, documentId: string): Promise<PublishCheck> {
  const { text } = freeze(await sync.readState(documentId));
  return { references: pupilReferences(text), words: countWords(text), published: await publishedFrom(db, documentId) };
}

/**
 * Publishes a frozen copy of the document to the team's school or to the school's networks. The
 * pupil-reference check runs on the copy itself; the publisher must have confirmed that no pupil
 * can be recognised in it (they saw the check first), or nothing is published (422 with what the
 * check found). Ask policies.authorizePublish first.
 */
export async function publishDocument(db: Db, sync: SyncServer, documentId: string, userId: string, body: PublishBody): Promise<PublishedSummary> {
  const doc = (await db
    .select({ doc: documents, schoolId: teams.schoolId })
    .from(documents)
    .innerJoin(teams, eq(teams.id, documents.teamId))
    .where(eq(documents.id, documentId)))[0]!;
  const frozen = freeze(await sync.readState(documentId));
  const references = pupilReferences(frozen.text);
  if (body.confirmed !== true) {
    throw new AppError(422, 'confirmation_required', 'Confirm that no pupil can be recognised in what you publish', { references });
  }
  if (body.scope === 'network' && !(await db.select({ id: networkSchools.networkId }).from(networkSchools).where(eq(networkSchools.schoolId, doc.schoolId)))[0]) {
    throw new AppError(409, 'conflict', 'Your school is in no network yet; publish to the school, or ask a school leader to join a network');
  }
  const cycle = doc.doc.cycleId ? (await db.select().from(cycles).where(eq(cycles.id, doc.doc.cycleId)))[0] : undefined;
  const id = newId();
  await db.insert(publishedDocuments)
    .values({
      id,
      teamId: doc.doc.teamId,
      schoolId: doc.schoolId,
      sourceDocumentId: documentId,
      scope: body.scope,
      kind: doc.doc.kind,
      title: doc.doc.title,
      tags: [...new Set([...doc.doc.tags, ...(cycle?.tags ?? [])])],
      subject: body.subject ?? '',
      grade: body.grade ?? '',
      researchQuestion: cycle?.researchQuestion ?? '',
      content: frozen.content,
      text: frozen.text,
      referencesFound: references.length,
      publishedBy: userId,
      publishedAt: new Date(),
    });
  await recordActivity(db, { teamId: doc.doc.teamId, actorId: userId, verb: 'document.published', documentId, summary: { title: doc.doc.title, scope: body.scope } });
  return (await findPublished(db, id))!;
}

/**
 * Withdraws a published copy: it leaves the library and its content and text are wiped. The row
 * stays (title only) so cycles started from it still say where they came from. Ask
 * policies.authorizeWithdraw first.
 */
export async function withdrawPublished(db: Db, publishedId: string, userId: string): Promise<void> {
  const row = (await db.select().from(publishedDocuments).where(eq(publishedDocuments.id, publishedId)))[0]!;
  if (row.withdrawnAt) return;
  await db.update(publishedDocuments)
    .set({ withdrawnAt: new Date(), withdrawnBy: userId, content: null, text: '' })
    .where(eq(publishedDocuments.id, publishedId));
  await recordActivity(db, { teamId: row.teamId, actorId: userId, verb: 'document.withdrawn', documentId: row.sourceDocumentId, summary: { title: row.title } });
}
