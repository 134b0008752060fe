import { Hono } from 'hono';
import { z } from 'zod';
import { idParam } from '../../../shared/schemas/ids';
import { roundCompareQuery } from '../../../shared/schemas/round-compare';
import { createVersionBody } from '../../../shared/schemas/versions';
import type { AppDeps, AppEnv } from '../../context';
import { authorizeDocument } from '../../policies';
import { validate } from '../../validate';
import { compareRounds } from '../../versions/compare-rounds';
import { compareVersions, createVersion, listVersions, restoreVersion, versionContent } from '../../versions/versions';
import { documentParam, versionParam } from '../params';

const side = z.union([z.literal('current'), idParam]);
const compareQuery = z.object({ from: side, to: side.default('current') });

export const versionRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/documents/:documentId/versions', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ versions: await listVersions(db, documentId) }, 200);
    })
    .post('/documents/:documentId/versions', validate('param', documentParam), validate('json', createVersionBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user } = await authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      return c.json((await createVersion(db, sync, documentId, c.req.valid('json').name, user.user.id))!, 201);
    })
    .get('/documents/:documentId/versions/:versionId', validate('param', versionParam), async (c) => {
      const { documentId, versionId } = c.req.valid('param');
      await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const { name, update } = await versionContent(db, documentId, versionId);
      return c.json({ id: versionId, name, update: Buffer.from(update).toString('base64') }, 200);
    })
    .get('/documents/:documentId/compare', validate('param', documentParam), validate('query', compareQuery), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      const { from, to } = c.req.valid('query');
      return c.json(await compareVersions(db, sync, documentId, from, to), 200);
    })
    .get('/documents/:documentId/round-compare', validate('param', documentParam), validate('query', roundCompareQuery), async (c) => {
      const { documentId } = c.req.valid('param');
      const { viewer } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json(await compareRounds(db, sync, viewer, documentId, c.req.valid('query').base), 200);
    })
    .post('/documents/:documentId/versions/:versionId/restore', validate('param', versionParam), async (c) => {
      const { documentId, versionId } = c.req.valid('param');
      const { user } = await authorizeDocument(db, c.var.auth, documentId, 'document.edit');
      await restoreVersion(db, sync, documentId, versionId, user.user.id);
      return c.body(null, 204);
    });
