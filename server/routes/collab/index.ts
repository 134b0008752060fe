import { Hono } from 'hono';
import type { AppEnv } from '../../context';
import { AppError } from '../../errors';

/**
 * GET /collab/:documentId without an upgrade: the live document is only reachable as a websocket
 * (see upgrade.ts, which checks the session and the policy before accepting one).
 */
export const collabRoutes = () =>
  new Hono<AppEnv>().get('/:documentId', () => {
    throw new AppError(426, 'bad_request', 'This address takes a WebSocket connection');
  });
