import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../../shared/close-codes';
import { ID_PATTERN } from '../../../shared/ids';
import { recordRead } from '../../audit/audit';
import { upgradeAddress } from '../../auth/client-address';
import { isAllowedOrigin } from '../../auth/middleware';
import { sessionFromCookieHeader } from '../../auth/sessions';
import type { Config } from '../../config';
import type { Db } from '../../db/open';
import type { Logger } from '../../log';
import { documentSocketAccess } from '../../policies';
import type { SyncServer } from '../../sync/sync-server';

const COLLAB_PATH = /^\/collab\/([^/?#]+)$/;

/** Answers an upgrade request that is not accepted, as plain HTTP, and hangs up. */
function refuse(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * WebSocket /collab/:documentId, on the HTTP server's `upgrade` event, straight to `ws`: nothing
 * per socket is kept but the socket and the sync server's connection (a framework request
 * context per socket cost ~40 kB).
 *
 * The session cookie is checked and the socket's permission decided here, once, with the same
 * policy as every HTTP route. A refused socket is still accepted, so that the refusal carries a
 * close code the client understands (a failed upgrade only shows as 1006 in a browser); it is
 * closed before it can receive a byte of the document. A foreign Origin is refused outright.
 */
export function collabUpgradeHandler(deps: { config: Config; db: Db; sync: SyncServer; log: Logger }) {
  const { config, db, sync } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false });

  return (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]!;
    const match = COLLAB_PATH.exec(path);
    const origin = req.headers.origin;
    if (!match || (origin !== undefined && !isAllowedOrigin(origin, req.headers.host, config.publicOrigin))) {
      refuse(socket, match ? '403 Forbidden' : '404 Not Found');
      return;
    }
    // Ids are URL-safe; anything needing decoding is not one of ours (and decoding could throw).
    const documentId = match[1]!;
    let auth: ReturnType<typeof sessionFromCookieHeader> = null;
    let access: ReturnType<typeof documentSocketAccess> = null;
    try {
      auth = sessionFromCookieHeader(db, req.headers.cookie);
      access = auth && ID_PATTERN.test(documentId) ? documentSocketAccess(db, auth, documentId) : null;
    } catch (error) {
      deps.log.error('websocket authorization failed', { error });
      refuse(socket, '500 Internal Server Error');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!auth) return ws.close(CloseCode.UNAUTHENTICATED, 'sign in first');
      if (!access) return ws.close(CloseCode.NOT_FOUND, 'not found');
      // Raw observation notes are about pupils: who opened them, and from where, is logged.
      if (access.kind === 'observation') {
        recordRead(db, { userId: auth.user.id, address: upgradeAddress(req, config.trustProxy) }, { teamId: access.teamId, action: 'observation.opened', targetType: 'document', targetId: documentId });
      }
      const connection = sync.connect(ws, {
        documentId,
        teamId: access.teamId,
        permission: access.permission,
        user: { id: auth.user.id, name: auth.user.name },
        sessionId: auth.sessionId,
      });
      ws.on('message', (data: Buffer, isBinary: boolean) => connection.receive(isBinary ? data : data.toString('utf8')));
      ws.on('close', () => connection.closed());
      ws.on('error', () => ws.terminate());
    });
  };
}
