import { Hono } from 'hono';
import { z } from 'zod';
import { forkBody, libraryQuery, type PublishedDetail, publishBody } from '../../../shared/schemas/library';
import { idParam } from '../../../shared/schemas/ids';
import type { AppDeps, AppEnv } from '../../context';
import { findPublished, searchLibrary } from '../../library/find-published';
import { forkPublished } from '../../library/fork';
import { frozenJson } from '../../library/freeze';
import { publishCheck, publishDocument, withdrawPublished } from '../../library/publish';
import { authorizePublish, authorizePublished, authorizeTeam, authorizeWithdraw, mayWithdraw, requireUser } from '../../policies';
import { listTeamsForUser } from '../../teams/find-teams';
import { validate } from '../../validate';
import { documentParam } from '../params';

const publishedParam = z.object({ publishedId: idParam });

/** Publishing beyond the team, and the library of what was published. */
export const libraryRoutes = ({ db, sync }: AppDeps) =>
  new Hono<AppEnv>()
    .get('/documents/:documentId/publish-check', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizePublish(db, c.var.auth, documentId);
      return c.json(await publishCheck(db, sync, documentId), 200);
    })
    .post('/documents/:documentId/publish', validate('param', documentParam), validate('json', publishBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user } = await authorizePublish(db, c.var.auth, documentId);
      return c.json(await publishDocument(db, sync, documentId, user.user.id, c.req.valid('json')), 201);
    })
    .get('/library', validate('query', libraryQuery), async (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ items: await searchLibrary(db, { userId: user.id }, c.req.valid('query')) }, 200);
    })
    .get('/library/:publishedId', validate('param', publishedParam), async (c) => {
      const { publishedId } = c.req.valid('param');
      const { user, published } = await authorizePublished(db, c.var.auth, publishedId);
      const detail: PublishedDetail = {
        ...(await findPublished(db, publishedId))!,
        content: published.content ? frozenJson(published.content) : null,
        canWithdraw: await mayWithdraw(db, user.user.id, published),
        forkTeams: (await listTeamsForUser(db, user.user.id))
          .filter((t) => t.can.createDocuments)
          .map((t) => ({ id: t.id, name: t.name })),
      };
      return c.json(detail, 200);
    })
    .post('/library/:publishedId/fork', validate('param', publishedParam), validate('json', forkBody), async (c) => {
      const { publishedId } = c.req.valid('param');
      const { teamId } = c.req.valid('json');
      const { published } = await authorizePublished(db, c.var.auth, publishedId);
      const { user } = await authorizeTeam(db, c.var.auth, teamId, 'document.create');
      return c.json(await forkPublished(db, published, teamId, user.user.id), 201);
    })
    .post('/library/:publishedId/withdraw', validate('param', publishedParam), async (c) => {
      const { publishedId } = c.req.valid('param');
      const { user } = await authorizeWithdraw(db, c.var.auth, publishedId);
      await withdrawPublished(db, publishedId, user.user.id);
      return c.body(null, 204);
    });

