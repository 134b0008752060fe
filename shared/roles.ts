import type { DocumentKind } from './document-kinds';
import type { Localized } from './locale';
import type { CollabPermission } from './protocol';

/** Roles a user can have in a team. */
export const Roles = ['leader', 'member', 'guest', 'viewer'] as const;
export type Role = (typeof Roles)[number];

/** Everything the server checks. Add an action here, give it to roles below, ask the policy. */
export const Actions = [
  'team.read',
  'team.manage',
  'members.read',
  'members.manage',
  'invites.manage',
  'document.read',
  'document.create',
  'document.edit',
  'document.comment',
  /** Suggesting changes (marked insertions and deletions) that someone who edits accepts or rejects. */
  'document.suggest',
  'observation.read',
  'meeting.facilitate',
  /** Deleting any document of the team (its creator may always delete their own). */
  'document.delete',
  /** Data ownership (DESIGN §5): leaders take out, delete and limit what is kept. */
  'data.export',
  'data.delete',
  'retention.manage',
  'audit.read',
] as const;
export type Action = (typeof Actions)[number];

const reader: Action[] = ['team.read', 'members.read', 'document.read'];

export const roleActions: Record<Role, readonly Action[]> = {
  leader: Actions,
  member: [...reader, 'document.create', 'document.edit', 'document.comment', 'document.suggest', 'observation.read'],
  guest: [...reader, 'document.comment', 'document.suggest'],
  viewer: reader,
};

export const roleCan = (role: Role, action: Action): boolean => roleActions[role].includes(action);

/**
 * Raw observation notes are about pupils: they stay with the team's teachers (DESIGN §5). Guests and
 * viewers see what the team makes of them (reflections, evidence cards), not the notes themselves.
 */
export const kindReadAction: Partial<Record<DocumentKind, Action>> = {
  observation: 'observation.read',
};

export const canReadKind = (role: Role, kind: DocumentKind): boolean => {
  const action = kindReadAction[kind];
  return action === undefined || roleCan(role, action);
};

export const hiddenKinds = (role: Role): DocumentKind[] =>
  (Object.keys(kindReadAction) as DocumentKind[]).filter((kind) => !canReadKind(role, kind));

/** The live-document permission a role gets, decided once when the socket opens. */
export function collabPermission(role: Role): CollabPermission {
  if (roleCan(role, 'document.edit')) return 'edit';
  // Teacher educators and visiting leaders change a plan only by suggesting (the server checks each update).
  if (roleCan(role, 'document.suggest')) return 'suggest';
  if (roleCan(role, 'document.comment')) return 'comment';
  return 'read';
}

export const roleLabels: Record<Role, Localized> = {
  leader: { nb: 'Teamleder', nn: 'Teamleiar', en: 'Team leader' },
  member: { nb: 'Medlem', nn: 'Medlem', en: 'Member' },
  guest: { nb: 'Gjest (kan kommentere og foreslå endringer)', nn: 'Gjest (kan kommentere og føreslå endringar)', en: 'Guest (can comment and suggest changes)' },
  viewer: { nb: 'Leser', nn: 'Lesar', en: 'Viewer' },
};
