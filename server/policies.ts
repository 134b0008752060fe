/**
 * Every permission decision, in one place. Routes, domain functions and the websocket upgrade ask
 * here; nothing else decides who may do or see what.
 *
 * Rule for existence: someone who may not see a team or a document learns nothing about it, so it
 * answers exactly like one that does not exist (404). A member who lacks a capability gets 403:
 * they already know the thing exists.
 */
import { and, type Column, eq, exists, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { alias, QueryBuilder } from 'drizzle-orm/sqlite-core';
import type { CollabPermission } from '../shared/protocol';
import type { DocumentKind } from '../shared/document-kinds';
import type { Visibility } from '../shared/privacy';
import type { Meeting } from '../shared/meeting';
import { type Action, collabPermission, kindReadAction, type Role, Roles, roleCan, type Standing } from '../shared/roles';
import type { DocumentCan } from '../shared/schemas/documents';
import type { TeamCan } from '../shared/schemas/teams';
import type { AuthContext } from './auth/sessions';
import type { DbOrTx } from './db/open';
import { commentThreads, cycles, documents, memberships, networkSchools, publishedDocuments, schoolAdmins, teams, users } from './db/schema';
import { AppError, notFound } from './errors';

export function requireUser(auth: AuthContext | null): AuthContext {
  if (!auth) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return auth;
}

export async function roleInTeam(db: DbOrTx, userId: string, teamId: string): Promise<Role | null> {
  const row = (await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId))))[0];
  return (row?.role as Role | undefined) ?? null;
}

function allow<S extends Standing>(role: S | null, action: Action, what: string): S {
  if (!role) throw notFound(`${what} not found`);
  if (!roleCan(role, action)) throw new AppError(403, 'forbidden', `Your role (${role}) may not ${action.replace('.', ' ')}`);
  return role;
}

// ---------------------------------------------------------------------------------------------
// The visibility rule
// ---------------------------------------------------------------------------------------------

/**
 * Who is looking. Every query of documents, and of everything that hangs off a document (threads,
 * comments, inbox items, activity, search hits, timeline notes, evidence, findings, versions,
 * exports), is built for one viewer. There is no viewer that means "everyone", and no default.
 */
export interface Viewer {
  readonly userId: string;
}

/** The `documents` table, or an alias of it (a plan joined to its observations, say). */
type DocumentsTable = typeof documents;

const viewerMembership = alias(memberships, 'viewer_membership');
const viewerLeadership = alias(schoolAdmins, 'viewer_school_leader');
const viewerSchoolTeam = alias(teams, 'viewer_school_team');
const subquery = new QueryBuilder();

/**
 * The roles that may read each kind that needs more than `document.read` (shared/roles.ts).
 * Raw observation notes are about pupils: they stay with the team's teachers (DESIGN §5).
 */
const kindReaders = Object.entries(kindReadAction).map(([kind, action]) => ({
  kind,
  roles: Roles.filter((role) => roleCan(role, action)),
}));

/**
 * The clauses a document must pass, all of them, to be visible to a person whose membership in the
 * document's team is `m`. Deny by default: a person who is not in the team has no membership row,
 * so nothing passes. A new restriction is one more clause here and holds everywhere at once.
 */
const visibilityClauses: Array<(m: typeof viewerMembership, d: DocumentsTable, userId: string | Column) => SQL | undefined> = [
  // The document's kind is one the person's role may read.
  (m, d) => and(...kindReaders.map(({ kind, roles }) => or(ne(d.kind, kind), inArray(m.role, roles)))),
  // A private draft is its author's alone: to everyone else it does not exist (DESIGN §5).
  (_m, d, userId) => or(eq(d.visibility, 'team'), eq(d.createdBy, userId)),
];

/**
 * What a school leader sees of a team they are not in: the post-lesson discussions, which they
 * join as remote participants and comment on. Never raw observation notes, never private drafts,
 * nothing else the team keeps to itself; what a team wants to show beyond that, it publishes.
 */
export const SCHOOL_LEADER_KINDS: readonly DocumentKind[] = ['reflection'];

/** The clauses a document must pass, all of them, to be visible to a leader of its team's school who is not in the team. */
const schoolLeaderClauses: Array<(d: DocumentsTable) => SQL | undefined> = [
  (d) => inArray(d.kind, [...SCHOOL_LEADER_KINDS]),
  // A private draft is its author's alone, whoever else looks.
  (d) => eq(d.visibility, 'team'),
];

/**
 * THE visibility rule, as a condition on a `documents` row: the document is visible to `viewer`.
 * Pass a Viewer, or a user-id column to ask "who among these people may see it" (mentions).
 * Two ways in: membership of the document's team (with its clauses), or leadership of the team's
 * school (with the school leader's clauses).
 */
export function visibleTo(viewer: Viewer | Column, d: DocumentsTable = documents): SQL {
  const userId = 'userId' in viewer && typeof viewer.userId === 'string' ? viewer.userId : (viewer as Column);
  return or(
    exists(
      subquery
        .select({ one: sql`1` })
        .from(viewerMembership)
        .where(
          and(
            eq(viewerMembership.teamId, d.teamId),
            eq(viewerMembership.userId, userId),
            ...visibilityClauses.map((clause) => clause(viewerMembership, d, userId)),
          ),
        ),
    ),
    exists(
      subquery
        .select({ one: sql`1` })
        .from(viewerLeadership)
        .innerJoin(viewerSchoolTeam, eq(viewerSchoolTeam.schoolId, viewerLeadership.schoolId))
        .where(and(eq(viewerSchoolTeam.id, d.teamId), eq(viewerLeadership.userId, userId), ...schoolLeaderClauses.map((clause) => clause(d)))),
    ),
  )!;
}

/**
 * Documents of a team that count in aggregates showing no title and no content (a cycle's gaps:
 * "observed 3 days ago, no reflection yet"): the team's shared work, whoever looks. Private drafts
 * are not shared work.
 */
export function sharedWorkOf(teamId: string, d: DocumentsTable = documents): SQL {
  return and(eq(d.teamId, teamId), eq(d.visibility, 'team'))!;
}

/**
 * Raw observation notes are never private: the live timeline merges every observer's notes for
 * the team's teachers. Any other document may start as its author's private draft.
 */
export function authorizeVisibility(kind: DocumentKind, visibility: Visibility): void {
  if (kind === 'observation' && visibility === 'private') {
    throw new AppError(400, 'validation_failed', 'Observation documents are shared with the team’s teachers; they cannot be private', {
      issues: [{ path: 'visibility', message: 'observation documents cannot be private' }],
    });
  }
}

/** Whether `userId` may see the document (the same rule, for one row). */
export async function canSeeDocument(db: DbOrTx, userId: string, documentId: string): Promise<boolean> {
  return Boolean(
    (await db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.id, documentId), visibleTo({ userId }))))[0],
  );
}

/** The people who may see a document, e.g. to be mentioned in a comment on it. */
export async function peopleWhoCanSee(db: DbOrTx, documentId: string): Promise<Array<{ id: string; name: string }>> {
  return await db
    .select({ id: users.id, name: users.name })
    .from(documents)
    .innerJoin(memberships, eq(memberships.teamId, documents.teamId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(documents.id, documentId), visibleTo(memberships.userId)))
    .orderBy(users.name);
}

/**
 * A mention tells someone about a comment and the document it is on; so only people who can see
 * the document may be mentioned. Anyone else is refused, never silently dropped.
 */
export async function authorizeMentions(db: DbOrTx, documentId: string, mentions: string[]): Promise<string[]> {
  const unique = [...new Set(mentions)];
  if (unique.length === 0) return [];
  const allowed = new Set((await peopleWhoCanSee(db, documentId)).map((p) => p.id));
  const refused = unique.filter((id) => !allowed.has(id));
  if (refused.length > 0) {
    throw new AppError(422, 'mention_not_allowed', 'Only people who can see this document can be mentioned', { userIds: refused });
  }
  return unique;
}

// ---------------------------------------------------------------------------------------------
// Teams, documents, cycles, threads
// ---------------------------------------------------------------------------------------------

/** The caller's role in the team, if it allows `action`. */
export async function authorizeTeam(db: DbOrTx, auth: AuthContext | null, teamId: string, action: Action): Promise<{ user: AuthContext; role: Role; viewer: Viewer }> {
  const user = requireUser(auth);
  return { user, role: allow(await roleInTeam(db, user.user.id, teamId), action, 'Team'), viewer: { userId: user.user.id } };
}

/**
 * The document and the caller's standing in its team, if the document is visible to them and the
 * standing allows `action`. A member's standing is their team role; someone who sees it only as a
 * leader of the team's school stands as `school_leader` (the team's role wins for a member).
 */
export async function authorizeDocument(db: DbOrTx, auth: AuthContext | null, documentId: string, action: Action) {
  const user = requireUser(auth);
  const viewer: Viewer = { userId: user.user.id };
  const row = (await db
    .select({ teamId: documents.teamId, kind: documents.kind, role: memberships.role })
    .from(documents)
    .leftJoin(memberships, and(eq(memberships.teamId, documents.teamId), eq(memberships.userId, user.user.id)))
    .where(and(eq(documents.id, documentId), visibleTo(viewer))))[0];
  const standing: Standing | null = row ? ((row.role as Role | null) ?? 'school_leader') : null;
  const role = allow(standing, action, 'Document');
  return { user, role, viewer, teamId: row!.teamId, kind: row!.kind as DocumentKind };
}

/** The cycle and the caller's role in its team, if it allows `action`. */
export async function authorizeCycle(db: DbOrTx, auth: AuthContext | null, cycleId: string, action: Action) {
  const user = requireUser(auth);
  const row = (await db
    .select({ teamId: cycles.teamId, role: memberships.role })
    .from(cycles)
    .innerJoin(memberships, and(eq(memberships.teamId, cycles.teamId), eq(memberships.userId, user.user.id)))
    .where(eq(cycles.id, cycleId)))[0];
  const role = allow((row?.role as Role | undefined) ?? null, action, 'Cycle');
  return { user, role, viewer: { userId: user.user.id } as Viewer, teamId: row!.teamId };
}

/** The thread and the caller's standing in its team (see authorizeDocument), if its document is visible to them and the standing allows `action`. */
export async function authorizeThread(db: DbOrTx, auth: AuthContext | null, threadId: string, action: Action) {
  const user = requireUser(auth);
  const viewer: Viewer = { userId: user.user.id };
  const row = (await db
    .select({ thread: commentThreads, role: memberships.role })
    .from(commentThreads)
    .innerJoin(documents, eq(documents.id, commentThreads.documentId))
    .leftJoin(memberships, and(eq(memberships.teamId, documents.teamId), eq(memberships.userId, user.user.id)))
    .where(and(eq(commentThreads.id, threadId), visibleTo(viewer))))[0];
  const standing: Standing | null = row ? ((row.role as Role | null) ?? 'school_leader') : null;
  const role = allow(standing, action, 'Thread');
  return { user, role, viewer, thread: row!.thread };
}

/** A comment is edited only by its author; deleted by its author or a team leader. */
export function authorizeCommentChange(role: Standing, userId: string, authorId: string, change: 'edit' | 'delete'): void {
  if (authorId === userId) return;
  if (change === 'delete' && roleCan(role, 'members.manage')) return;
  throw new AppError(403, 'forbidden', `Only the author may ${change} this comment`);
}

/** Whoever started a thread may resolve or reopen it, as may anyone who edits the document. */
export function authorizeResolve(role: Standing, userId: string, threadAuthorId: string): void {
  if (threadAuthorId === userId || roleCan(role, 'document.edit')) return;
  throw new AppError(403, 'forbidden', 'You may not resolve this thread');
}

/** What a socket on this document may do, or null if the caller may not see it at all. */
export async function documentSocketAccess(
  db: DbOrTx,
  auth: AuthContext,
  documentId: string,
): Promise<{ permission: CollabPermission; teamId: string; kind: DocumentKind; standing: Standing } | null> {
  try {
    const { role, teamId, kind } = await authorizeDocument(db, auth, documentId, 'document.read');
    return { permission: collabPermission(role), teamId, kind, standing: role };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

/** A member may leave a team themselves; changing anyone else's membership is for leaders. */
export async function authorizeMembershipChange(db: DbOrTx, auth: AuthContext | null, teamId: string, targetUserId: string) {
  const user = requireUser(auth);
  const role = await roleInTeam(db, user.user.id, teamId);
  if (role && targetUserId === user.user.id) return { user, role };
  return { user, role: allow(role, 'members.manage', 'Team') };
}

/**
 * Members' e-mail addresses: the team's teachers see them; guests and viewers (people from outside
 * the school) only if the team chose to show them.
 */
export function canSeeMemberEmails(role: Role, team: { memberEmailsVisibleToGuests: boolean }): boolean {
  return roleCan(role, 'document.edit') || team.memberEmailsVisibleToGuests;
}

/**
 * A lesson is observed from a plan the team can see: observers' notes are the team's, and their
 * documents are named after the plan. A private plan is shared first.
 */
export function authorizeObservationOf(plan: { visibility: Visibility }): void {
  if (plan.visibility === 'private') throw new AppError(409, 'conflict', 'Share the plan with the team before observing its lesson');
}

// ---------------------------------------------------------------------------------------------
// The post-lesson discussion
// ---------------------------------------------------------------------------------------------

const isRunning = (meeting: Meeting | null): meeting is Meeting => meeting !== null && meeting.endedAt === null;
const leads = (role: Standing, userId: string, meeting: Meeting) => meeting.facilitatorId === userId || roleCan(role, 'meeting.facilitate');

/**
 * Anyone who edits the document may start a discussion that is not running. A running one is
 * restarted only by whoever may move it on (its facilitator or a team leader): starting it again
 * is not a way to take it over.
 */
export function authorizeMeetingStart(role: Standing, userId: string, current: Meeting | null): void {
  if (!roleCan(role, 'document.edit')) throw new AppError(403, 'forbidden', `Your role (${role}) may not start a meeting`);
  if (isRunning(current) && !leads(role, userId, current)) {
    throw new AppError(409, 'meeting_running', 'A meeting is already running here; only its facilitator or a team leader can restart it');
  }
}

/** Only the facilitator, or a team leader, moves a meeting on, hands it over or ends it. */
export function authorizeMeetingChange(role: Standing, userId: string, current: Meeting | null): Meeting {
  if (!current) throw notFound('No meeting is running on this document');
  if (!leads(role, userId, current)) {
    throw new AppError(403, 'forbidden', 'Only the facilitator or a team leader can move the meeting on');
  }
  return current;
}

/** A new facilitator must be someone who can see the document the meeting runs on. */
export async function authorizeFacilitator(db: DbOrTx, documentId: string, facilitatorId: string): Promise<void> {
  if (!await canSeeDocument(db, facilitatorId, documentId)) {
    throw new AppError(400, 'validation_failed', 'The new facilitator is not someone who can see this document');
  }
}

// ---------------------------------------------------------------------------------------------
// What a person may do, sent to the client
// ---------------------------------------------------------------------------------------------

/**
 * What the caller may do with a document, sent with it so the client shows exactly the actions
 * the server will allow (and never re-derives them from role names).
 */
export function documentCapabilities(role: Standing, userId: string, doc: { createdBy: string | null; kind: DocumentKind; visibility: Visibility }): DocumentCan {
  const edit = roleCan(role, 'document.edit');
  return {
    edit,
    comment: roleCan(role, 'document.comment'),
    suggest: roleCan(role, 'document.suggest'),
    /** Accepting or rejecting suggestions is an ordinary edit. */
    reviewSuggestions: edit,
    resolveThreads: edit,
    moderateComments: roleCan(role, 'members.manage'),
    archive: edit,
    delete: roleCan(role, 'document.delete') || (edit && doc.createdBy === userId),
    seeNotes: roleCan(role, 'observation.read'),
    observe: roleCan(role, 'observation.read') && roleCan(role, 'document.create'),
    runMeeting: edit,
    steerAnyMeeting: roleCan(role, 'meeting.facilitate'),
    // (See authorizePublish: raw notes never leave the team; a private draft is shared with it first.)
    publish: roleCan(role, 'document.publish') && doc.kind !== 'observation' && doc.visibility === 'team',
  };
}

/** What the caller may do in a team (see documentCapabilities). */
export function teamCapabilities(role: Role): TeamCan {
  return {
    manage: roleCan(role, 'team.manage'),
    manageMembers: roleCan(role, 'members.manage'),
    invite: roleCan(role, 'invites.manage'),
    createDocuments: roleCan(role, 'document.create'),
    editCycles: roleCan(role, 'document.edit'),
    seeNotes: roleCan(role, 'observation.read'),
    exportData: roleCan(role, 'data.export'),
    deleteData: roleCan(role, 'data.delete'),
    manageRetention: roleCan(role, 'retention.manage'),
    readAudit: roleCan(role, 'audit.read'),
  };
}

/** Deleting a document: its creator (while they may edit) or a team leader. */
export async function authorizeDocumentDelete(db: DbOrTx, auth: AuthContext | null, documentId: string) {
  const access = await authorizeDocument(db, auth, documentId, 'document.read');
  const row = (await db.select({ createdBy: documents.createdBy, kind: documents.kind, visibility: documents.visibility }).from(documents).where(eq(documents.id, documentId)))[0]! as {
    createdBy: string | null;
    kind: DocumentKind;
    visibility: Visibility;
  };
  if (!documentCapabilities(access.role, access.user.user.id, row).delete) {
    throw new AppError(403, 'forbidden', 'Only the person who created the document or a team leader may delete it');
  }
  return access;
}

// ---------------------------------------------------------------------------------------------
// Schools, networks and the library
// ---------------------------------------------------------------------------------------------

/** Whether `userId` is a leader of the school (skoleleder). */
export async function isSchoolLeader(db: DbOrTx, userId: string, schoolId: string): Promise<boolean> {
  return Boolean(
    (await db
      .select({ one: sql`1` })
      .from(schoolAdmins)
      .where(and(eq(schoolAdmins.schoolId, schoolId), eq(schoolAdmins.userId, userId))))[0],
  );
}

/** Whether `userId` works in the school: a member of one of its teams (any role), or one of its leaders. */
async function belongsToSchool(db: DbOrTx, userId: string, schoolId: string): Promise<boolean> {
  return (
    await isSchoolLeader(db, userId, schoolId) ||
    Boolean(
      (await db
        .select({ one: sql`1` })
        .from(memberships)
        .innerJoin(teams, eq(teams.id, memberships.teamId))
        .where(and(eq(memberships.userId, userId), eq(teams.schoolId, schoolId))))[0],
    )
  );
}

/**
 * A school-level page or change: for the school's leaders. Someone who works in the school learns
 * that they may not (403); anyone else learns nothing about the school (404).
 */
export async function authorizeSchool(db: DbOrTx, auth: AuthContext | null, schoolId: string) {
  const user = requireUser(auth);
  if (await isSchoolLeader(db, user.user.id, schoolId)) return { user, viewer: { userId: user.user.id } as Viewer };
  if (await belongsToSchool(db, user.user.id, schoolId)) throw new AppError(403, 'forbidden', 'Only school leaders may do this');
  throw notFound('Not found');
}

/**
 * Who may be made a school leader: someone who works in the school's teams. Anyone else answers
 * like an id that does not exist, so the list of a school's people cannot be probed from outside.
 */
export async function authorizeLeaderCandidate(db: DbOrTx, schoolId: string, userId: string): Promise<void> {
  if (!await belongsToSchool(db, userId, schoolId)) throw notFound('Nobody by that id works in this school');
}

/**
 * The schools whose published work a person may read: those where they teach (leader or member of
 * a team) or lead. Guests and viewers are visitors (a teacher educator, a visiting leader): the
 * school's library is for its own staff.
 */
function librarySchools(userId: string) {
  return subquery
    .select({ schoolId: teams.schoolId })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .where(and(eq(memberships.userId, userId), inArray(memberships.role, ['leader', 'member'])))
    .union(subquery.select({ schoolId: schoolAdmins.schoolId }).from(schoolAdmins).where(eq(schoolAdmins.userId, userId)));
}

const theirNetwork = alias(networkSchools, 'their_network');
const ourNetwork = alias(networkSchools, 'our_network');

/**
 * THE library rule, as a condition on a `published_documents` row: a published copy (not
 * withdrawn) of the viewer's own school, or of a school that shares a network with one of theirs
 * when it was published to the network.
 */
export function publishedVisibleTo(viewer: Viewer, p: typeof publishedDocuments = publishedDocuments): SQL {
  const mine = librarySchools(viewer.userId);
  return and(
    sql`${p.withdrawnAt} is null`,
    or(
      inArray(p.schoolId, mine),
      and(
        eq(p.scope, 'network'),
        exists(
          subquery
            .select({ one: sql`1` })
            .from(theirNetwork)
            .innerJoin(ourNetwork, eq(ourNetwork.networkId, theirNetwork.networkId))
            .where(and(eq(theirNetwork.schoolId, p.schoolId), inArray(ourNetwork.schoolId, librarySchools(viewer.userId)))),
        ),
      ),
    ),
  )!;
}

/** A published copy the caller may read (or 404, like one that does not exist). */
export async function authorizePublished(db: DbOrTx, auth: AuthContext | null, publishedId: string) {
  const user = requireUser(auth);
  const viewer: Viewer = { userId: user.user.id };
  const row = (await db
    .select()
    .from(publishedDocuments)
    .where(and(eq(publishedDocuments.id, publishedId), publishedVisibleTo(viewer))))[0];
  if (!row) throw notFound('Not found in the library');
  return { user, viewer, published: row };
}

/**
 * Publishing a document beyond the team: a teacher of the team (document.publish) may, for a
 * document the team shares. Raw observation notes never leave the team; a private draft is shared
 * with the team before it goes further.
 */
export async function authorizePublish(db: DbOrTx, auth: AuthContext | null, documentId: string) {
  const access = await authorizeDocument(db, auth, documentId, 'document.publish');
  if (access.kind === 'observation') throw new AppError(403, 'forbidden', 'Raw observation notes are never published beyond the team');
  const { visibility } = (await db.select({ visibility: documents.visibility }).from(documents).where(eq(documents.id, documentId)))[0]!;
  if (visibility === 'private') throw new AppError(409, 'conflict', 'Share the draft with the team before publishing it beyond the team');
  return access;
}

/**
 * Withdrawing a published copy: whoever published it (while they still may publish in the team),
 * a leader of its team, or a leader of its school (who looks after the school's library). To
 * anyone who may not read it, it does not exist.
 */
export async function authorizeWithdraw(db: DbOrTx, auth: AuthContext | null, publishedId: string) {
  const user = requireUser(auth);
  const userId = user.user.id;
  const row = (await db.select().from(publishedDocuments).where(eq(publishedDocuments.id, publishedId)))[0];
  if (row && await mayWithdraw(db, userId, row)) return { user, published: row };
  const known = row && (await roleInTeam(db, userId, row.teamId) !== null || Boolean((await db.select({ id: publishedDocuments.id }).from(publishedDocuments).where(and(eq(publishedDocuments.id, publishedId), publishedVisibleTo({ userId }))))[0]));
  if (known) throw new AppError(403, 'forbidden', 'Only whoever published it, a leader of its team or a leader of its school may withdraw it');
  throw notFound('Not found in the library');
}

/** See authorizeWithdraw. */
export async function mayWithdraw(db: DbOrTx, userId: string, row: { teamId: string; schoolId: string; publishedBy: string | null }): Promise<boolean> {
  const role = await roleInTeam(db, userId, row.teamId);
  return (
    (row.publishedBy === userId && role !== null && roleCan(role, 'document.publish')) ||
    (role !== null && roleCan(role, 'team.manage')) ||
    await isSchoolLeader(db, userId, row.schoolId)
  );
}

/** The networks a person takes part in, as a leader of one of the member schools. */
export async function networkSchoolsLedBy(db: DbOrTx, userId: string, networkId: string): Promise<string[]> {
  return (await db
    .select({ schoolId: networkSchools.schoolId })
    .from(networkSchools)
    .innerJoin(schoolAdmins, and(eq(schoolAdmins.schoolId, networkSchools.schoolId), eq(schoolAdmins.userId, userId)))
    .where(eq(networkSchools.networkId, networkId)))
    .map((r) => r.schoolId);
}

/** A network is seen and managed by the leaders of its schools; to anyone else it does not exist. */
export async function authorizeNetwork(db: DbOrTx, auth: AuthContext | null, networkId: string) {
  const user = requireUser(auth);
  const schools = await networkSchoolsLedBy(db, user.user.id, networkId);
  if (schools.length === 0) throw notFound('Not found');
  return { user, schools };
}

/**
 * Marking one's own action item done or not done from a list: anyone who may comment on the
 * document (a school leader given an item in a discussion too), not only those who edit it.
 */
export function authorizeTaskToggle(standing: Standing): boolean {
  return roleCan(standing, 'document.edit') || roleCan(standing, 'document.comment');
}
