/**
 * Every permission decision, in one place. Routes and the websocket upgrade ask here; nothing else
 * decides who may do what.
 *
 * Rule for existence: someone who is not in a team learns nothing about it, so a team or document
 * they cannot see answers exactly like one that does not exist (404). A member who lacks a
 * capability gets 403: they already know the thing exists.
 */
import { and, eq } from 'drizzle-orm';
import type { CollabPermission } from '../shared/protocol';
import type { DocumentKind } from '../shared/document-kinds';
import { type Action, canReadKind, collabPermission, type Role, roleCan } from '../shared/roles';
import type { AuthContext } from './auth/sessions';
import type { Db } from './db/open';
import { commentThreads, cycles, documents, memberships } from './db/schema';
import { AppError, notFound } from './errors';

export function requireUser(auth: AuthContext | null): AuthContext {
  if (!auth) throw new AppError(401, 'unauthenticated', 'Sign in first');
  return auth;
}

export function roleInTeam(db: Db, userId: string, teamId: string): Role | null {
  const row = db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.teamId, teamId), eq(memberships.userId, userId)))
    .get();
  return (row?.role as Role | undefined) ?? null;
}

function allow(role: Role | null, action: Action, what: string): Role {
  if (!role) throw notFound(`${what} not found`);
  if (!roleCan(role, action)) throw new AppError(403, 'forbidden', `Your role (${role}) may not ${action.replace('.', ' ')}`);
  return role;
}

/** The caller's role in the team, if it allows `action`. */
export function authorizeTeam(db: Db, auth: AuthContext | null, teamId: string, action: Action): { user: AuthContext; role: Role } {
  const user = requireUser(auth);
  return { user, role: allow(roleInTeam(db, user.user.id, teamId), action, 'Team') };
}

/** The document and the caller's role in its team, if it allows `action`. */
export function authorizeDocument(db: Db, auth: AuthContext | null, documentId: string, action: Action) {
  const user = requireUser(auth);
  const row = db
    .select({ teamId: documents.teamId, kind: documents.kind, role: memberships.role })
    .from(documents)
    .innerJoin(memberships, and(eq(memberships.teamId, documents.teamId), eq(memberships.userId, user.user.id)))
    .where(eq(documents.id, documentId))
    .get();
  // A kind the role may not read (raw observation notes for guests) does not exist for them.
  const visible = row && canReadKind(row.role as Role, row.kind as DocumentKind) ? (row.role as Role) : null;
  const role = allow(visible, action, 'Document');
  return { user, role, teamId: row!.teamId, kind: row!.kind as DocumentKind };
}

/** The cycle and the caller's role in its team, if it allows `action`. */
export function authorizeCycle(db: Db, auth: AuthContext | null, cycleId: string, action: Action) {
  const user = requireUser(auth);
  const row = db
    .select({ teamId: cycles.teamId, role: memberships.role })
    .from(cycles)
    .innerJoin(memberships, and(eq(memberships.teamId, cycles.teamId), eq(memberships.userId, user.user.id)))
    .where(eq(cycles.id, cycleId))
    .get();
  const role = allow((row?.role as Role | undefined) ?? null, action, 'Cycle');
  return { user, role, teamId: row!.teamId };
}

/** The thread and the caller's role in its team, if it allows `action`. */
export function authorizeThread(db: Db, auth: AuthContext | null, threadId: string, action: Action) {
  const user = requireUser(auth);
  const row = db
    .select({ thread: commentThreads, role: memberships.role })
    .from(commentThreads)
    .innerJoin(memberships, and(eq(memberships.teamId, commentThreads.teamId), eq(memberships.userId, user.user.id)))
    .where(eq(commentThreads.id, threadId))
    .get();
  const role = allow((row?.role as Role | undefined) ?? null, action, 'Thread');
  return { user, role, thread: row!.thread };
}

/** A comment is edited only by its author; deleted by its author or a team leader. */
export function authorizeCommentChange(role: Role, userId: string, authorId: string, change: 'edit' | 'delete'): void {
  if (authorId === userId) return;
  if (change === 'delete' && roleCan(role, 'members.manage')) return;
  throw new AppError(403, 'forbidden', `Only the author may ${change} this comment`);
}

/** Whoever started a thread may resolve or reopen it, as may anyone who edits the document. */
export function authorizeResolve(role: Role, userId: string, threadAuthorId: string): void {
  if (threadAuthorId === userId || roleCan(role, 'document.edit')) return;
  throw new AppError(403, 'forbidden', 'You may not resolve this thread');
}

/** What a socket on this document may do, or null if the caller may not see it at all. */
export function documentSocketAccess(
  db: Db,
  auth: AuthContext,
  documentId: string,
): { permission: CollabPermission; teamId: string; kind: DocumentKind } | null {
  try {
    const { role, teamId, kind } = authorizeDocument(db, auth, documentId, 'document.read');
    return { permission: collabPermission(role), teamId, kind };
  } catch (error) {
    if (error instanceof AppError && error.status === 404) return null;
    throw error;
  }
}

/** A member may leave a team themselves; changing anyone else's membership is for leaders. */
export function authorizeMembershipChange(db: Db, auth: AuthContext | null, teamId: string, targetUserId: string) {
  const user = requireUser(auth);
  const role = roleInTeam(db, user.user.id, teamId);
  if (role && targetUserId === user.user.id) return { user, role };
  return { user, role: allow(role, 'members.manage', 'Team') };
}
