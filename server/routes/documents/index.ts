import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { DEFAULT_LOCALE, Locales } from '../../../shared/locale';
import { createDocumentBody, type DocumentDetail, documentListQuery, updateDocumentBody } from '../../../shared/schemas/documents';
import type { AppDeps, AppEnv } from '../../context';
import { documents } from '../../db/schema';
import { createDocument } from '../../documents/create-document';
import { exportDocx } from '../../documents/export-docx';
import { compareRounds } from '../../versions/compare-rounds';
import { attachment, fileName } from '../../documents/file-name';
import { documentDetail, findDocument, findTeamDocuments } from '../../documents/find-documents';
import { shareDocument } from '../../documents/share-document';
import { badRequest } from '../../errors';
import { MeetingKinds } from '../../../shared/meeting';
import { recordDocumentVisit, sinceVisit } from '../../documents/visits';
import { recordActivity } from '../../activity/activity';
import { actorOf } from '../../audit/actor';
import { recordAudit } from '../../audit/audit';
import { followWork } from '../../cycles/cycles';
import { deleteDocuments } from '../../deletion/delete-documents';
import { authorizeDocument, authorizeDocumentDelete, authorizeTeam, authorizeVisibility } from '../../policies';
import { validate } from '../../validate';
import { documentParam, teamParam } from '../params';

/** `suggestions=with` shows suggested insertions and deletions marked; without, the text as accepted. */
const exportQuery = z.object({ locale: z.enum(Locales).optional(), suggestions: z.enum(['with', 'without']).default('without') });

export const documentRoutes = ({ db, sync, config, log }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/teams/:teamId/documents', validate('param', teamParam), validate('query', documentListQuery), async (c) => {
      const { teamId } = c.req.valid('param');
      const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'document.read');
      return c.json({ documents: await findTeamDocuments(db, viewer, teamId, c.req.valid('query')) }, 200);
    })
    .post('/teams/:teamId/documents', validate('param', teamParam), validate('json', createDocumentBody), async (c) => {
      const { teamId } = c.req.valid('param');
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'document.create');
      const body = c.req.valid('json');
      authorizeVisibility(body.kind, body.visibility ?? 'team');
      const doc = await createDocument(db, { teamId, createdBy: user.user.id, ...body });
      await recordActivity(db, { teamId, actorId: user.user.id, verb: 'document.created', documentId: doc.id, cycleId: doc.cycleId, summary: { title: doc.title, kind: doc.kind } });
      // A private draft is not the team's work yet: the cycle moves on when it is shared.
      if (doc.visibility === 'team') await followWork(db, sync, { cycleId: doc.cycleId, round: doc.round, what: doc.kind }, user.user.id);
      return c.json(doc, 201);
    })
    .get('/documents/:documentId', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { role, user } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json<DocumentDetail>(await documentDetail(db, documentId, role, user.user.id), 200);
    })
    .patch('/documents/:documentId', validate('param', documentParam), validate('json', updateDocumentBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user, kind } = await authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      const patch = c.req.valid('json');
      if (patch.meetingUrl !== undefined && !MeetingKinds.includes(kind)) {
        throw badRequest('Only reflection and team meetings have a video-meeting link', { issues: [{ path: 'meetingUrl', message: 'not a meeting document' }] });
      }
      // Nothing to change is no change: the document is answered as it is.
      if (Object.values(patch).every((v) => v === undefined)) return c.json((await findDocument(db, documentId))!, 200);
      const { archived, ...rest } = patch;
      await db.update(documents)
        .set({
          ...rest,
          ...(archived === undefined ? {} : { archivedAt: archived ? new Date() : null }),
          updatedAt: new Date(),
          lastEditedBy: user.user.id,
        })
        .where(eq(documents.id, documentId));
      return c.json((await findDocument(db, documentId))!, 200);
    })
    .post('/documents/:documentId/share', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      // A private draft is visible to its author alone, so only they get this far with it.
      const { user } = await authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      const before = (await findDocument(db, documentId))!;
      const doc = await shareDocument(db, documentId, actorOf(c, config.trustProxy));
      if (before.visibility === 'private') await followWork(db, sync, { cycleId: doc.cycleId, round: doc.round, what: doc.kind }, user.user.id);
      return c.json(doc, 200);
    })
    .delete('/documents/:documentId', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizeDocumentDelete(db, c.var.auth, documentId);
      // Deleted as a deletion deletes: secure_delete, the -wal truncated, logged in the audit.
      await deleteDocuments({ db, sync, log }, [documentId], actorOf(c, config.trustProxy));
      return c.body(null, 204);
    })
    .get('/documents/:documentId/since', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { viewer } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json(await sinceVisit(db, viewer, documentId), 200);
    })
    .post('/documents/:documentId/visit', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      await recordDocumentVisit(db, sync, documentId, user.user.id);
      return c.body(null, 204);
    })
    .get('/documents/:documentId/export.docx', validate('param', documentParam), validate('query', exportQuery), async (c) => {
      const { documentId } = c.req.valid('param');
      const { teamId, kind, viewer } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const doc = (await findDocument(db, documentId))!;
      if (kind === 'observation') await recordAudit(db, actorOf(c, config.trustProxy), { teamId, action: 'observation.exported', targetType: 'document', targetId: documentId, detail: { title: doc.title } });
      const changes = doc.kind === 'lesson_plan' && (doc.round ?? 1) > 1 ? await compareRounds(db, sync, viewer, documentId, 1).catch(() => null) : null;
      const query = c.req.valid('query');
      const file = await exportDocx(await sync.readState(documentId), doc.title, query.locale ?? DEFAULT_LOCALE, { changes, suggestions: query.suggestions === 'with' });
      const name = `${fileName(doc.title)}.docx`;
      return c.body(new Uint8Array(file), 200, {
        'Content-Type': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        'Content-Disposition': attachment(name),
        'Cache-Control': 'private, no-store',
      });
    });
