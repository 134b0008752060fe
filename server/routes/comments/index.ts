import { Hono } from 'hono';
import { z } from 'zod';
import { createThreadBody, editCommentBody, replyBody, resolveBody, type Thread } from '../../../shared/schemas/comments';
import {
  createThread,
  deleteComment,
  editComment,
  findComment,
  listThreads,
  markThreadRead,
  reply,
  setResolved,
  teamThreads,
} from '../../comments/comments';
import type { AppDeps, AppEnv } from '../../context';
import { notFound } from '../../errors';
import { authorizeCommentChange, authorizeDocument, authorizeResolve, authorizeTeam, authorizeThread, peopleWhoCanSee, type Viewer } from '../../policies';
import { validate } from '../../validate';
import { commentParam, documentParam, teamParam, threadParam } from '../params';

const statusQuery = z.object({ status: z.enum(['open', 'resolved', 'all']).default('open') });

export const commentRoutes = ({ db, sync }: AppDeps) => {
  /** The thread as the caller sees it, after telling the document's live viewers it changed. */
  const changed = async (documentId: string, threadId: string, viewer: Viewer): Promise<Thread> => {
    sync.notifyComments(documentId, threadId);
    return (await listThreads(db, viewer, documentId, threadId))[0]!;
  };
  return new Hono<AppEnv>()
    .get('/documents/:documentId/threads', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      const { viewer } = await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ threads: await listThreads(db, viewer, documentId) }, 200);
    })
    // Whom a comment on this document may mention: the people who can see it.
    .get('/documents/:documentId/mentionable', validate('param', documentParam), async (c) => {
      const { documentId } = c.req.valid('param');
      await authorizeDocument(db, c.var.auth, documentId, 'document.read');
      return c.json({ people: await peopleWhoCanSee(db, documentId) }, 200);
    })
    .post('/documents/:documentId/threads', validate('param', documentParam), validate('json', createThreadBody), async (c) => {
      const { documentId } = c.req.valid('param');
      const { user, viewer, teamId } = await authorizeDocument(db, c.var.auth, documentId, 'document.comment');
      const threadId = await createThread(db, teamId, documentId, user.user.id, c.req.valid('json'));
      return c.json(await changed(documentId, threadId, viewer), 201);
    })
    .post('/threads/:threadId/comments', validate('param', threadParam), validate('json', replyBody), async (c) => {
      const { user, viewer, thread } = await authorizeThread(db, c.var.auth, c.req.valid('param').threadId, 'document.comment');
      const { body, mentions } = c.req.valid('json');
      await reply(db, thread, user.user.id, body, mentions);
      return c.json(await changed(thread.documentId, thread.id, viewer), 201);
    })
    .patch('/threads/:threadId/comments/:commentId', validate('param', commentParam), validate('json', editCommentBody), async (c) => {
      const { threadId, commentId } = c.req.valid('param');
      const { user, viewer, role, thread } = await authorizeThread(db, c.var.auth, threadId, 'document.comment');
      const comment = await findComment(db, threadId, commentId);
      if (!comment) throw notFound('Comment not found');
      authorizeCommentChange(role, user.user.id, comment.authorId, 'edit');
      const { body, mentions } = c.req.valid('json');
      await editComment(db, thread, commentId, body, mentions);
      return c.json(await changed(thread.documentId, thread.id, viewer), 200);
    })
    .delete('/threads/:threadId/comments/:commentId', validate('param', commentParam), async (c) => {
      const { threadId, commentId } = c.req.valid('param');
      const { user, role, thread } = await authorizeThread(db, c.var.auth, threadId, 'document.comment');
      const comment = await findComment(db, threadId, commentId);
      if (!comment) throw notFound('Comment not found');
      authorizeCommentChange(role, user.user.id, comment.authorId, 'delete');
      await deleteComment(db, thread, commentId);
      sync.notifyComments(thread.documentId, thread.id);
      return c.body(null, 204);
    })
    .post('/threads/:threadId/resolve', validate('param', threadParam), validate('json', resolveBody), async (c) => {
      const { user, viewer, role, thread } = await authorizeThread(db, c.var.auth, c.req.valid('param').threadId, 'document.comment');
      authorizeResolve(role, user.user.id, thread.createdBy);
      await setResolved(db, thread, user.user.id, c.req.valid('json').resolved);
      return c.json(await changed(thread.documentId, thread.id, viewer), 200);
    })
    .post('/threads/:threadId/read', validate('param', threadParam), async (c) => {
      const { user, thread } = await authorizeThread(db, c.var.auth, c.req.valid('param').threadId, 'document.read');
      await markThreadRead(db, thread.id, user.user.id);
      return c.body(null, 204);
    })
    .get('/teams/:teamId/threads', validate('param', teamParam), validate('query', statusQuery), async (c) => {
      const { teamId } = c.req.valid('param');
      const { viewer } = await authorizeTeam(db, c.var.auth, teamId, 'team.read');
      return c.json({ threads: await teamThreads(db, viewer, teamId, c.req.valid('query').status) }, 200);
    });
};
