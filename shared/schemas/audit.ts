import { z } from 'zod';
import { AuditActions } from '../audit';
import { idParam } from './ids';

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
