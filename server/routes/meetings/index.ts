import { Hono } from 'hono';
import { updateMeetingBody } from '../../../shared/meeting';
import type { AppDeps, AppEnv } from '../../context';
import { findMeeting, startMeeting, updateMeeting } from '../../meetings/meetings';
import { followWork } from '../../cycles/cycles';
import { findDocument } from '../../documents/find-documents';
import { authorizeDocument } from '../../policies';
import { validate } from '../../validate';
import { documentParam } from '../params';

export const meetingRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/documents/:documentId/meeting', validate('param', documentParam), (c) => {
      const { documentId } = c.req.valid('param');
      authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ meeting: findMeeting(db, documentId) }, 200);
    })
    .post('/documents/:documentId/meeting', validate('param', documentParam), (c) => {
      const { documentId } = c.req.valid('param');
      const { user } = authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      const meeting = startMeeting(db, documentId, user.user.id);
      sync.notifyMeeting(documentId);
      return c.json({ meeting }, 201);
    })
    .patch('/documents/:documentId/meeting', validate('param', documentParam), validate('json', updateMeetingBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user, role, teamId } = authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const change = c.req.valid('json');
      const meeting = updateMeeting(db, documentId, user.user.id, role, change, teamId);
      sync.notifyMeeting(documentId);
      if (change.ended) {
        const doc = findDocument(db, documentId)!;
        await followWork(db, sync, { cycleId: doc.cycleId, round: doc.round, what: 'meeting_ended' }, user.user.id);
      }
      return c.json({ meeting }, 200);
    });
