import { and, desc, eq, gt, inArray, isNull, ne } from 'drizzle-orm';
import type { TeamActivity, TeamHome } from '../../shared/schemas/teams';
import { listCycles } from '../cycles/cycles';
import type { Db } from '../db/open';
import { unreadCounts } from '../comments/comments';
import { cycles, documents, documentVisits, memberships, teamVisits, users } from '../db/schema';
import { toDocumentSummary } from '../documents/find-documents';
import { type Viewer, visibleTo } from '../policies';
import type { TeamPresence } from './team-presence';
import { findTeamForUser } from './find-teams';
import { publishedByTeams } from '../library/find-published';
import { openItems } from '../tasks/tasks';

/** When `userId` last opened the team's home (null: never). */
export async function lastVisit(db: Db, teamId: string, userId: string): Promise<Date | null> {
  return (
    (await db
      .select({ at: teamVisits.visitedAt })
      .from(teamVisits)
      .where(and(eq(teamVisits.teamId, teamId), eq(teamVisits.userId, userId))))[0]?.at ?? null
  );
}

export async function recordVisit(db: Db, teamId: string, userId: string): Promise<void> {
  const now = new Date();
  await db.insert(teamVisits)
    .values({ teamId, userId, visitedAt: now })
    .onConflictDoUpdate({ target: [teamVisits.teamId, teamVisits.userId], set: { visitedAt: now } });
}

/** What others did in the team since `since`: documents (that `viewer` may see) changed or created, cycles, new members. */
export async function activitySince(db: Db, viewer: Viewer, teamId: string, since: Date): Promise<TeamActivity> {
  const userId = viewer.userId;
  const changed = (await db
    .select({ doc: documents, editor: users.name })
    .from(documents)
    .leftJoin(users, eq(users.id, documents.lastEditedBy))
    .where(
      and(
        eq(documents.teamId, teamId),
        gt(documents.updatedAt, since),
        ne(documents.lastEditedBy, userId),
        isNull(documents.archivedAt),
        visibleTo(viewer),
      ),
    )
    .orderBy(desc(documents.updatedAt))
    .limit(20))
    .map((r) => ({ ...toDocumentSummary(r.doc), editorName: r.editor, isNew: r.doc.createdAt > since }));
  const newCycles = (await db
    .select({ id: cycles.id, title: cycles.title })
    .from(cycles)
    .where(and(eq(cycles.teamId, teamId), gt(cycles.createdAt, since), ne(cycles.createdBy, userId))));
  const newMembers = (await db
    .select({ userId: users.id, name: users.name, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.teamId, teamId), gt(memberships.createdAt, since), ne(memberships.userId, userId))))
    .map((m) => ({ ...m, role: m.role as TeamActivity['newMembers'][number]['role'] }));
  return { since: since.toISOString(), documents: changed, cycles: newCycles, newMembers };
}

/** Everything the team home shows, as `viewer` sees it. */
export async function loadTeamHome(db: Db, presence: TeamPresence, viewer: Viewer, teamId: string, today: string): Promise<TeamHome> {
  const userId = viewer.userId;
  const team = (await findTeamForUser(db, teamId, userId))!;
  const visited = await lastVisit(db, teamId, userId);
  const recent = (await db
    .select()
    .from(documents)
    .where(and(eq(documents.teamId, teamId), isNull(documents.archivedAt), visibleTo(viewer)))
    .orderBy(desc(documents.updatedAt))
    .limit(12))
    .map(toDocumentSummary);
  const present = await presence.inTeam(teamId);
  const onlineDocs = present.length
    ? (await db
        .select({ id: documents.id, title: documents.title })
        .from(documents)
        .where(and(inArray(documents.id, [...new Set(present.map((o) => o.documentId))]), visibleTo(viewer))))
    : [];
  const online = present.filter((o) => onlineDocs.some((d) => d.id === o.documentId));
  return {
    team,
    cycles: await listCycles(db, teamId),
    recentDocuments: recent,
    documentStatus: await documentStatus(db, viewer, recent),
    online: online.map((o) => ({ ...o, documentTitle: onlineDocs.find((d) => d.id === o.documentId)?.title ?? '' })),
    changes: visited ? await activitySince(db, viewer, teamId, visited) : null,
    openItems: await openItems(db, viewer, teamId, today),
    published: await publishedByTeams(db, [teamId]),
  };
}

/** Per document: unread comment threads, and whether others changed it since I last opened it. */
export async function documentStatus(db: Db, viewer: Viewer, docs: Array<{ id: string; updatedAt: string; lastEditedBy: string | null }>) {
  const userId = viewer.userId;
  const ids = docs.map((d) => d.id);
  const unread = await unreadCounts(db, viewer, ids);
  const visits = ids.length
    ? (await db
        .select({ id: documentVisits.documentId, at: documentVisits.visitedAt })
        .from(documentVisits)
        .where(and(eq(documentVisits.userId, userId), inArray(documentVisits.documentId, ids))))
    : [];
  return Object.fromEntries(
    docs.map((d) => {
      const visit = visits.find((v) => v.id === d.id);
      const changed = d.lastEditedBy !== userId && (!visit || Date.parse(d.updatedAt) > visit.at.getTime());
      return [d.id, { unreadThreads: unread.get(d.id) ?? 0, changedSinceVisit: changed }];
    }),
  );
}
