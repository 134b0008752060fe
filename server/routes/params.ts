import { z } from 'zod';
import { idParam } from '../../shared/schemas/ids';

/** Path parameters. A value that is not an id cannot exist, so it validates to "not found". */
export const teamParam = z.object({ teamId: idParam });
export const documentParam = z.object({ documentId: idParam });
export const cycleParam = z.object({ cycleId: idParam });
export const memberParam = z.object({ teamId: idParam, userId: idParam });
export const inviteParam = z.object({ teamId: idParam, inviteId: idParam });
export const tokenParam = z.object({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/) });
export const threadParam = z.object({ threadId: idParam });
export const commentParam = z.object({ threadId: idParam, commentId: idParam });
export const versionParam = z.object({ documentId: idParam, versionId: idParam });
