/** What the audit log holds, apart from its query schema (shared/schemas/audit.ts) so the browser can use it without loading zod. */

/** Everything the audit log records (DESIGN §5): reads of raw notes, shares, exports, deletions, roles, invitations. */
export const AuditActions = [
  'observation.opened',
  'observation.timeline',
  'observation.exported',
  'document.shared',
  'document.deleted',
  'cycle.deleted',
  'cycle.retention',
  'retention.deleted',
  'team.exported',
  'team.imported',
  'team.deleted',
  'account.deleted',
  'member.role',
  'member.removed',
  'invite.created',
  'invite.revoked',
  'invite.accepted',
] as const;
export type AuditAction = (typeof AuditActions)[number];

export const AuditTargets = ['team', 'cycle', 'document', 'member', 'invite', 'account'] as const;
export type AuditTarget = (typeof AuditTargets)[number];

export type AuditDetail = Record<string, string | number | boolean | null>;

export interface AuditEvent {
  id: string;
  action: AuditAction;
  actorId: string | null;
  actorName: string | null;
  targetType: AuditTarget;
  targetId: string | null;
  detail: AuditDetail;
  address: string | null;
  createdAt: string;
}
