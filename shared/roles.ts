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
  /** Publishing a frozen copy of a document beyond the team (school, network), and withdrawing it. */
  'document.publish',
] as const;
export type Action = (typeof Actions)[number];

const reader: Action[] = ['team.read', 'members.read', 'document.read'];

export const roleActions: Record<Role, readonly Action[]> = {
  leader: Actions,
  member: [...reader, 'document.create', 'document.edit', 'document.comment', 'document.suggest', 'observation.read', 'document.publish'],
  guest: [...reader, 'document.comment', 'document.suggest'],
  viewer: reader,
};

/**
 * Roles held for a whole school rather than a team. A school leader (skoleleder) sees the school's
 * overview and shared work and joins teams' post-lesson discussions, commenting and suggesting; they
 * edit a team's documents only if the team makes them a member. Who holds it is decided in server/policies.ts.
 */
export const SchoolRoles = ['school_leader'] as const;
export type SchoolRole = (typeof SchoolRoles)[number];

/** What someone is to a document's team: a member with a team role, or a school leader looking in. */
export type Standing = Role | SchoolRole;

const standingActions: Record<Standing, readonly Action[]> = {
  ...roleActions,
  // A visiting school leader changes a team's text only by suggesting, like a teacher educator.
  school_leader: ['document.read', 'document.comment', 'document.suggest'],
};

export const roleCan = (role: Standing, action: Action): boolean => standingActions[role].includes(action);

/**
 * Raw observation notes are about pupils: they stay with the team's teachers (DESIGN §5). Guests and
 * viewers see what the team makes of them (reflections, evidence cards), not the notes themselves.
 */
export const kindReadAction: Partial<Record<DocumentKind, Action>> = {
  observation: 'observation.read',
};

export const canReadKind = (role: Standing, kind: DocumentKind): boolean => {
  const action = kindReadAction[kind];
  return action === undefined || roleCan(role, action);
};

export const hiddenKinds = (role: Standing): DocumentKind[] =>
  (Object.keys(kindReadAction) as DocumentKind[]).filter((kind) => !canReadKind(role, kind));

/** The live-document permission a role gets, decided once when the socket opens. */
export function collabPermission(role: Standing): CollabPermission {
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

/** Labels for every standing, e.g. beside a school leader in a live discussion ("Skoleleder"). */
export const standingLabels: Record<Standing, Localized> = {
  ...roleLabels,
  school_leader: { nb: 'Skoleleder', nn: 'Skuleleiar', en: 'School leader' },
};
