import { z } from 'zod';
import { idParam } from './ids';

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

export const auditQuery = z.object({
  action: z.enum(AuditActions).optional(),
  actorId: idParam.optional(),
  targetId: idParam.optional(),
  /** ISO dates; `to` is exclusive. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Cursor: events older than this one. */
  before: idParam.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.infer<typeof auditQuery>;
