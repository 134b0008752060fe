import { Hono } from 'hono';
import { updateMeetingBody } from '../../../shared/schemas/meeting';
import type { AppDeps, AppEnv } from '../../context';
import { findMeeting, startMeeting, updateMeeting } from '../../meetings/meetings';
import { followWork } from '../../cycles/cycles';
import { findDocument } from '../../documents/find-documents';
import { authorizeDocument, authorizeFacilitator, authorizeMeetingChange, authorizeMeetingStart } from '../../policies';
import { validate } from '../../validate';
import { documentParam } from '../params';

export const meetingRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/documents/:documentId/meeting', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ meeting: await findMeeting(db, documentId) }, 200);
    })
    .post('/documents/:documentId/meeting', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user, role, kind } = await authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      authorizeMeetingStart(role, user.user.id, await findMeeting(db, documentId));
      const meeting = await startMeeting(db, documentId, kind, user.user.id);
      sync.notifyMeeting(documentId);
      return c.json({ meeting }, 201);
    })
    .patch('/documents/:documentId/meeting', validate('param', documentParam), validate('json', updateMeetingBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user, role, kind } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const current = authorizeMeetingChange(role, user.user.id, await findMeeting(db, documentId));
      const change = c.req.valid('json');
      if (change.facilitatorId) await authorizeFacilitator(db, documentId, change.facilitatorId);
      const meeting = await updateMeeting(db, current, kind, change);
      if (meeting !== current) sync.notifyMeeting(documentId);
      if (change.ended && meeting !== current) {
        const doc = (await findDocument(db, documentId))!;
        await followWork(db, sync, { cycleId: doc.cycleId, round: doc.round, what: 'meeting_ended' }, user.user.id);
      }
      return c.json({ meeting }, 200);
    });
