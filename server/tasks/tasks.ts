import { and, eq, inArray, isNull } from 'drizzle-orm';
import type * as Y from 'yjs';
import type { DocumentKind } from '../../shared/document-kinds';
import type { Standing } from '../../shared/roles';
import type { Task } from '../../shared/schemas/tasks';
import { recordActivity } from '../activity/activity';
import type { Db } from '../db/open';
import { actionItems, documents, memberships, schoolAdmins, teams, users } from '../db/schema';
import { indexActionItems, setActionItemDone } from '../documents/action-items';
import { AppError } from '../errors';
import { authorizeTaskToggle, type Viewer, visibleTo } from '../policies';
import type { SyncServer } from '../sync/sync-server';
import { ownerOf } from './owners';

type Person = { id: string; name: string; email: string };

/** The people an owner field can name in each team: its members and the leaders of its school. */
async function peopleOf(db: Db, teamIds: string[]): Promise<Map<string, Person[]>> {
  const byTeam = new Map<string, Person[]>(teamIds.map((id) => [id, []]));
  if (teamIds.length === 0) return byTeam;
  const members = (await db
    .select({ teamId: memberships.teamId, id: users.id, name: users.name, email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.teamId, teamIds)));
  const leaders = (await db
    .select({ teamId: teams.id, id: users.id, name: users.name, email: users.email })
    .from(teams)
    .innerJoin(schoolAdmins, eq(schoolAdmins.schoolId, teams.schoolId))
    .innerJoin(users, eq(users.id, schoolAdmins.userId))
    .where(inArray(teams.id, teamIds)));
  for (const p of [...members, ...leaders]) {
    const list = byTeam.get(p.teamId)!;
    if (!list.some((q) => q.id === p.id)) list.push({ id: p.id, name: p.name, email: p.email });
  }
  return byTeam;
}

/** Open overdue items first (oldest first), then open ones by due date, then done ones (latest first). */
function byUrgency(a: Task, b: Task): number {
  if (a.done !== b.done) return a.done ? 1 : -1;
  if (a.done) return b.due.localeCompare(a.due);
  return a.due.localeCompare(b.due) || a.documentTitle.localeCompare(b.documentTitle) || a.position - b.position;
}

async function itemsIn(db: Db, viewer: Viewer, where: { teamId?: string; openOnly?: boolean }) {
  return await db
    .select({
      item: actionItems,
      title: documents.title,
      kind: documents.kind,
      teamId: documents.teamId,
      teamName: teams.name,
      role: memberships.role,
    })
    .from(actionItems)
    .innerJoin(documents, eq(documents.id, actionItems.documentId))
    .innerJoin(teams, eq(teams.id, documents.teamId))
    .leftJoin(memberships, and(eq(memberships.teamId, documents.teamId), eq(memberships.userId, viewer.userId)))
    .where(
      and(
        isNull(documents.archivedAt),
        where.teamId ? eq(documents.teamId, where.teamId) : undefined,
        where.openOnly ? eq(actionItems.done, false) : undefined,
        visibleTo(viewer),
      ),
    );
}

type ItemRow = Awaited<ReturnType<typeof itemsIn>>[number];

const toTask = (r: ItemRow, today: string, canToggle: boolean): Task => ({
  documentId: r.item.documentId,
  documentTitle: r.title,
  documentKind: r.kind as DocumentKind,
  teamId: r.teamId,
  teamName: r.teamName,
  position: r.item.position,
  text: r.item.text,
  owner: r.item.owner,
  due: r.item.due,
  done: r.item.done,
  overdue: !r.item.done && r.item.due < today,
  canToggle,
});

const standingOf = (r: ItemRow): Standing => (r.role as Standing | null) ?? 'school_leader';

/** Every action item assigned to `viewer`, across their teams and the documents they may see. */
export async function myTasks(db: Db, viewer: Viewer, today: string): Promise<Task[]> {
  const rows = await itemsIn(db, viewer, {});
  const people = await peopleOf(db, [...new Set(rows.map((r) => r.teamId))]);
  return rows
    .filter((r) => ownerOf(people.get(r.teamId)!, r.item.owner) === viewer.userId)
    .map((r) => toTask(r, today, authorizeTaskToggle(standingOf(r))))
    .toSorted(byUrgency)
    .slice(0, 300);
}

/** The team's open action items in the documents `viewer` may see, for the team home. */
export async function openItems(db: Db, viewer: Viewer, teamId: string, today: string): Promise<Task[]> {
  const rows = await itemsIn(db, viewer, { teamId, openOnly: true });
  const people = await peopleOf(db, [teamId]);
  return rows
    .map((r) => toTask(r, today, authorizeTaskToggle(standingOf(r)) && ownerOf(people.get(teamId)!, r.item.owner) === viewer.userId))
    .toSorted(byUrgency)
    .slice(0, 50);
}

/**
 * Marks one of `viewer`'s action items done or not done, in the document itself: a change made
 * through the sync server (applied to the live document, stored before any editor sees it), then
 * the item index is brought up to date so lists read it at once. Only the item's owner does this
 * from a list; in the document, anyone who edits it can tick any box.
 */
export async function setTaskDone(
  db: Db,
  sync: SyncServer,
  viewer: Viewer,
  standing: Standing,
  ref: { documentId: string; position: number },
  expected: { owner: string; text: string; done: boolean },
  today: string,
): Promise<Task> {
  if (!authorizeTaskToggle(standing)) throw new AppError(403, 'forbidden', 'You may not change action items in this document');
  const row = (await itemsIn(db, viewer, {})).find((r) => r.item.documentId === ref.documentId && r.item.position === ref.position);
  const people = row ? (await peopleOf(db, [row.teamId])).get(row.teamId)! : [];
  if (!row || row.item.owner !== expected.owner || ownerOf(people, row.item.owner) !== viewer.userId) {
    throw new AppError(409, 'task_changed', 'This action item has changed or is no longer yours; read the list again');
  }
  let changed: ReturnType<typeof setActionItemDone> = null;
  let changedDoc: Y.Doc | null = null;
  await sync.change(ref.documentId, (doc) => {
    changed = setActionItemDone(doc, ref.position, expected, expected.done);
    changedDoc = doc;
  });
  if (changed && changedDoc) await indexActionItems(db, ref.documentId, changedDoc);
  if (!changed) throw new AppError(409, 'task_changed', 'This action item has changed in the document; read the list again');
  await recordActivity(db, {
    teamId: row.teamId,
    actorId: viewer.userId,
    verb: expected.done ? 'task.done' : 'task.reopened',
    documentId: ref.documentId,
    summary: { title: row.title },
  });
  return toTask({ ...row, item: { ...row.item, done: expected.done } }, today, true);
}
