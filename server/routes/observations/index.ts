import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_LOCALE, Locales } from '../../../shared/locale';
import { actorOf } from '../../audit/actor';
import { recordRead } from '../../audit/audit';
import type { AppDeps, AppEnv } from '../../context';
import { findDocument } from '../../documents/find-documents';
import { notFound } from '../../errors';
import { cycleFindings } from '../../observation/findings';
import { lessonOutline } from '../../observation/lesson';
import { lessonClock, startLessonClock } from '../../observation/lesson-clock';
import { lessonObservations, lessonPlanOf, lessonTimeline, observationFor } from '../../observation/observations';
import { followWork } from '../../cycles/cycles';
import { authorizeDocument, authorizeObservationOf } from '../../policies';
import { validate } from '../../validate';
import { documentParam } from '../params';

const localeBody = z.strictObject({ locale: z.enum(Locales).optional() });
const clockBody = z.strictObject({ startedAt: z.number().int().nonnegative().optional() });

export const observationRoutes = ({ db, sync, config }: AppDeps) => {
  /** The lesson's plan, for a document the caller may read in the given way (and a plan they may see). */
  const planFor = async (documentId: string, auth: AppEnv['Variables']['auth'], action: 'document.read' | 'observation.read') => {
    const access = await authorizeDocument(db, auth, documentId, action);
    const plan = await lessonPlanOf(db, access.viewer, (await findDocument(db, documentId))!);
    if (!plan) throw notFound('This document is not part of a lesson with a plan');
    return { ...access, plan };
  };
  return new Hono<AppEnv>()
    .get('/documents/:documentId/lesson', validate('param', documentParam), async (c) => {
      const { plan } = await planFor(c.req.valid('param').documentId, c.var.auth, 'document.read');
      return c.json(lessonOutline(plan.id, plan.title, await sync.readState(plan.id), await lessonClock(db, plan.id)), 200);
    })
    // The teachers observing start the lesson's one clock; everyone on the lesson is told.
    .post('/documents/:documentId/lesson/clock', validate('param', documentParam), validate('json', clockBody), async (c) => {
      const { plan, user, viewer } = await planFor(c.req.valid('param').documentId, c.var.auth, 'observation.read');
      const clockStartedAt = await startLessonClock(db, plan.id, user.user.id, c.req.valid('json').startedAt);
      sync.notifyLesson([plan.id, ...(await lessonObservations(db, viewer, plan.id)).map((o) => o.id)]);
      await followWork(db, sync, { cycleId: plan.cycleId, round: plan.round, what: 'lesson_started' }, user.user.id);
      return c.json({ clockStartedAt }, 200);
    })
    .get('/documents/:documentId/observations', validate('param', documentParam), async (c) => {
      const { plan, viewer } = await planFor(c.req.valid('param').documentId, c.var.auth, 'observation.read');
      return c.json({ observations: await lessonObservations(db, viewer, plan.id) }, 200);
    })
    .post('/documents/:documentId/observations', validate('param', documentParam), validate('json', localeBody), async (c) => {
      const { plan, user } = await planFor(c.req.valid('param').documentId, c.var.auth, 'observation.read');
      await authorizeDocument(db, c.var.auth, plan.id, 'document.create');
      authorizeObservationOf(plan);
      const { document, created } = await observationFor(db, plan, user.user, c.req.valid('json').locale ?? DEFAULT_LOCALE);
      if (created) await followWork(db, sync, { cycleId: plan.cycleId, round: plan.round, what: 'observation' }, user.user.id);
      return c.json(document, created ? 201 : 200);
    })
    .get('/documents/:documentId/findings', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { viewer } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ findings: await cycleFindings(db, sync, viewer, (await findDocument(db, documentId))!) }, 200);
    })
    .get('/documents/:documentId/timeline', validate('param', documentParam), async (c) => {
      const { plan, viewer, teamId } = await planFor(c.req.valid('param').documentId, c.var.auth, 'observation.read');
      const actor = actorOf(c, config.trustProxy);
      for (const obs of await lessonObservations(db, viewer, plan.id)) {
        await recordRead(db, actor, { teamId, action: 'observation.timeline', targetType: 'document', targetId: obs.id });
      }
      return c.json({ notes: await lessonTimeline(db, sync, viewer, plan.id) }, 200);
    });
};
