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
      authorizePublish(db, c.var.auth, documentId);
      return c.json(await publishCheck(db, sync, documentId), 200);
    })
    .post('/documents/:documentId/publish', validate('param', documentParam), validate('json', publishBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user } = authorizePublish(db, c.var.auth, documentId);
      return c.json(await publishDocument(db, sync, documentId, user.user.id, c.req.valid('json')), 201);
    })
    .get('/library', validate('query', libraryQuery), (c) => {
      const { user } = requireUser(c.var.auth);
      return c.json({ items: searchLibrary(db, { userId: user.id }, c.req.valid('query')) }, 200);
    })
    .get('/library/:publishedId', validate('param', publishedParam), (c) => {
      const { publishedId } = c.req.valid('param');
      const { user, published } = authorizePublished(db, c.var.auth, publishedId);
      const detail: PublishedDetail = {
        ...findPublished(db, publishedId)!,
        content: published.content ? frozenJson(published.content) : null,
        canWithdraw: mayWithdraw(db, user.user.id, published),
        forkTeams: listTeamsForUser(db, user.user.id)
          .filter((t) => t.can.createDocuments)
          .map((t) => ({ id: t.id, name: t.name })),
      };
      return c.json(detail, 200);
    })
    .post('/library/:publishedId/fork', validate('param', publishedParam), validate('json', forkBody), (c) => {
      const { publishedId } = c.req.valid('param');
      const { teamId } = c.req.valid('json');
      const { published } = authorizePublished(db, c.var.auth, publishedId);
      const { user } = authorizeTeam(db, c.var.auth, teamId, 'document.create');
      return c.json(forkPublished(db, published, teamId, user.user.id), 201);
    })
    .post('/library/:publishedId/withdraw', validate('param', publishedParam), (c) => {
      const { publishedId } = c.req.valid('param');
      const { user } = authorizeWithdraw(db, c.var.auth, publishedId);
      withdrawPublished(db, publishedId, user.user.id);
      return c.body(null, 204);
    });

