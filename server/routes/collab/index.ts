import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../shared/close-codes';
import { ID_PATTERN } from '../../../shared/schemas/ids';
import type { AppDeps, AppEnv } from '../../context';
import { documentSocketAccess } from '../../policies';

/**
 * WebSocket /collab/:documentId. The session cookie is checked and the socket's permission
 * decided here, once, before the sync server sees the socket. A refused socket is still accepted,
 * so that the refusal carries a close code the client understands (a failed upgrade only shows as
 * 1006 in a browser); it is closed before it can receive a byte of the document.
 */
export const collabRoutes = ({ db, sync, upgradeWebSocket }: AppDeps) =>
  new Hono<AppEnv>().get(
    '/:documentId',
    upgradeWebSocket((c) => {
      const documentId = c.req.param('documentId') ?? '';
      const auth = c.var.auth;
      const access = auth && ID_PATTERN.test(documentId) ? documentSocketAccess(db, auth, documentId) : null;
      let handlers: ReturnType<typeof sync.connect> | null = null;
      return {
        onOpen(_event, ws) {
          if (!auth) return ws.close(CloseCode.UNAUTHENTICATED, 'sign in first');
          if (!access) return ws.close(CloseCode.NOT_FOUND, 'not found');
          const raw = ws.raw as WebSocket;
          handlers = sync.connect(raw, {
            documentId,
            teamId: access.teamId,
            permission: access.permission,
            user: { id: auth.user.id, name: auth.user.name },
            sessionId: auth.sessionId,
          });
          // Straight from `ws`: no per-frame copy into an ArrayBuffer and MessageEvent.
          const connection = handlers;
          raw.on('message', (data: Buffer, isBinary: boolean) => connection.receive(isBinary ? data : data.toString('utf8')));
        },
        onClose() {
          handlers?.closed();
        },
      };
    }),
  );
