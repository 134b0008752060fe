import { Hono } from 'hono';
import type { WebSocket } from 'ws';
import { CloseCode } from '../../../shared/close-codes';
import { ID_PATTERN } from '../../../shared/schemas/ids';
import type { AppDeps } from '../../context';
import { findDocument } from '../../documents/find-documents';

/**
 * WebSocket /collab/:documentId. The socket is always accepted, so that a refusal can carry a
 * close code the client understands (a failed upgrade only shows as 1006 in a browser); a
 * refused socket is closed before it can receive a single byte of the document.
 */
export const collabRoutes = ({ db, sync, upgradeWebSocket }: AppDeps) =>
  new Hono().get(
    '/:documentId',
    upgradeWebSocket((c) => {
      const documentId = c.req.param('documentId') ?? '';
      const found = ID_PATTERN.test(documentId) && findDocument(db, documentId) !== null;
      let handlers: ReturnType<typeof sync.connect> | null = null;
      return {
        onOpen(_event, ws) {
          if (!found) {
            ws.close(CloseCode.NOT_FOUND, 'not found');
            return;
          }
          handlers = sync.connect(ws.raw as WebSocket, { documentId, permission: 'edit', userId: null });
        },
        onMessage(event) {
          handlers?.receive(event.data as ArrayBuffer | string);
        },
        onClose() {
          handlers?.closed();
        },
      };
    }),
  );
