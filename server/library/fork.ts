import type { ForkResult } from '../../shared/schemas/library';
import type { DocumentKind } from '../../shared/document-kinds';
import { recordActivity } from '../activity/activity';
import { createCycle } from '../cycles/cycles';
import type { Db } from '../db/open';
import type { publishedDocuments } from '../db/schema';
import { createDocument } from '../documents/create-document';
import { AppError } from '../errors';
import { frozenState } from './freeze';

type Published = typeof publishedDocuments.$inferSelect;

/**
 * Starts a cycle in `teamId` from a published copy, with one click: the cycle takes its title,
 * research question and tags, its first round holds a copy of the published document (a plan
 * becomes the round's plan), and it keeps a link to where it came from, so the publishing team
 * sees how often its work was reused. Authorize the copy (readable) and the team (document.create) first.
 */
export async function forkPublished(db: Db, published: Published, teamId: string, userId: string): Promise<ForkResult> {
  if (!published.content) throw new AppError(404, 'not_found', 'Not found in the library');
  const state = frozenState(published.content);
  return await db.transaction(async (tx) => {
    const cycle = await createCycle(
      tx,
      teamId,
      userId,
      { title: published.title, researchQuestion: published.researchQuestion, tags: published.tags, plannedRounds: 3 },
      published.id,
    );
    const document = await createDocument(tx, {
      teamId,
      createdBy: userId,
      kind: published.kind as DocumentKind,
      title: published.title,
      cycleId: cycle.id,
      round: 1,
      tags: published.tags,
      state,
      searchText: published.text,
    });
    await recordActivity(tx, { teamId, actorId: userId, verb: 'cycle.forked', cycleId: cycle.id, documentId: document.id, summary: { title: published.title } });
    return { cycle, document };
  });
}
