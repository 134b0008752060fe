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
  member: [...reader, 'document.create', 'document.edit', 'document.comment', 'observation.read'],
  guest: [...reader, 'document.comment'],
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
  if (roleCan(role, 'document.comment')) return 'comment';
  return 'read';
}

export const roleLabels: Record<Role, Localized> = {
  leader: { nb: 'Teamleder', nn: 'Teamleiar', en: 'Team leader' },
  member: { nb: 'Medlem', nn: 'Medlem', en: 'Member' },
  guest: { nb: 'Gjest (kan kommentere)', nn: 'Gjest (kan kommentere)', en: 'Guest (can comment)' },
  viewer: { nb: 'Leser', nn: 'Lesar', en: 'Viewer' },
};
