import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CloseCode } from '../../../shared/close-codes';
import { ID_PATTERN } from '../../../shared/ids';
import { recordRead } from '../../audit/audit';
import { upgradeAddress } from '../../auth/client-address';
import { isAllowedOrigin, requestScheme } from '../../auth/middleware';
import { type LimitMaker, localLimits } from '../../auth/shared-limits';
import { sessionFromCookieHeader } from '../../auth/sessions';
import type { Config } from '../../config';
import type { Db } from '../../db/open';
import type { Logger } from '../../log';
import { documentSocketAccess } from '../../policies';
import type { SyncServer } from '../../sync/sync-server';
import { SyncSocket } from '../../sync/sync-socket';

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
 * The Origin, the session cookie and the policy are checked here, once, with the same rules as
 * every HTTP route, and the socket's permission is decided. A refused socket is still accepted,
 * so that the refusal carries a close code the client understands (a failed upgrade only shows as
 * 1006 in a browser); it is closed before it can receive a byte of the document. A foreign Origin
 * is refused outright, as is a missing one unless ALLOW_SOCKETS_WITHOUT_ORIGIN (browsers always
 * send it). New connections are throttled per person and per address.
 */
export function collabUpgradeHandler(deps: { config: Config; db: Db; sync: SyncServer; log: Logger; limits?: LimitMaker }) {
  const { config, db, sync } = deps;
  // No client tracking: the sync server keeps its own map of live sockets, and ws's set would cost
  // every socket a close listener, its closure and a set entry besides.
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxFrameBytes, perMessageDeflate: false, clientTracking: false, WebSocket: SyncSocket });
  const make = deps.limits ?? localLimits;
  const perUser = make.bucket('sockets-user', config.sockets.connectsPerUserPerMinute, 60_000 / config.sockets.connectsPerUserPerMinute);
  const perAddress = make.bucket('sockets-address', config.sockets.connectsPerAddressPerMinute, 60_000 / config.sockets.connectsPerAddressPerMinute);

  return async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (req.url ?? '').split('?')[0]!;
    const match = COLLAB_PATH.exec(path);
    if (!match) {
      refuse(socket, '404 Not Found');
      return;
    }
    const origin = req.headers.origin;
    const scheme = requestScheme('encrypted' in req.socket && Boolean(req.socket.encrypted), header(req, 'x-forwarded-proto'), config.trustProxy);
    const ownOrigin = origin === undefined ? config.sockets.allowWithoutOrigin : isAllowedOrigin(origin, { scheme, host: req.headers.host }, config.publicOrigin);
    if (!ownOrigin) {
      refuse(socket, '403 Forbidden');
      return;
    }
    // Ids are URL-safe; anything needing decoding is not one of ours (and decoding could throw).
    const documentId = match[1]!;
    let auth: Awaited<ReturnType<typeof sessionFromCookieHeader>> = null;
    let access: Awaited<ReturnType<typeof documentSocketAccess>> = null;
    try {
      auth = await sessionFromCookieHeader(db, req.headers.cookie);
      access = auth && ID_PATTERN.test(documentId) ? await documentSocketAccess(db, auth, documentId) : null;
    } catch (error) {
      deps.log.error('websocket authorization failed', { error });
      refuse(socket, '500 Internal Server Error');
      return;
    }
    // Counted before anything else is done for it, whether or not it will be let in.
    const address = upgradeAddress(req, config.trustProxy);
    const allowed = (await perAddress.take(address)) && (!auth || (await perUser.take(auth.user.id)));
    // Raw observation notes are about pupils: who opened them, and from where, is logged (before
    // the socket opens, so that no frame of it arrives while nobody listens).
    if (allowed && auth && access?.kind === 'observation') {
      try {
        await recordRead(db, { userId: auth.user.id, address }, { teamId: access.teamId, action: 'observation.opened', targetType: 'document', targetId: documentId });
      } catch (error) {
        deps.log.error('websocket authorization failed', { error });
        refuse(socket, '500 Internal Server Error');
        return;
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      if (!allowed) return ws.close(CloseCode.RATE_LIMITED, 'too many connections');
      if (!auth) return ws.close(CloseCode.UNAUTHENTICATED, 'sign in first');
      if (!access) return ws.close(CloseCode.NOT_FOUND, 'not found');
      sync.connect(ws, {
        documentId,
        teamId: access.teamId,
        permission: access.permission,
        standing: access.standing,
        user: { id: auth.user.id, name: auth.user.name },
        sessionId: auth.sessionId,
      });
    });
  };
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};
