import { WebSocket } from 'ws';

/** Where a sync socket's events go once the sync server has taken it (one object for all sockets). */
export interface SocketRoute {
  message(ws: SyncSocket, data: Buffer, isBinary: boolean): void;
  close(ws: SyncSocket): void;
  pong(ws: SyncSocket): void;
}

/**
 * The collaboration sockets (the WebSocketServer's `WebSocket` class). Their events go straight to
 * `route` rather than through listeners: four listeners put a 256-byte dictionary on every idle
 * socket (ws's `_events`), which is most of what an idle socket costs beyond ws and Node's own.
 *
 * An 'error' (an oversize or malformed frame) with nobody listening ends the socket: on a plain
 * EventEmitter it would throw, and one client's bad frame would take the server down — refused
 * sockets, closed before the sync server ever takes them, included.
 */
export class SyncSocket extends WebSocket {
  route: SocketRoute | null = null;

  // ws emits with these arguments: 'message' (data, isBinary), 'close' (code, reason), 'pong' (data).
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    const route = this.route;
    if (route !== null) {
      if (event === 'message') {
        route.message(this, args[0] as Buffer, args[1] as boolean);
        return true;
      }
      if (event === 'pong') {
        route.pong(this);
        return true;
      }
      if (event === 'close') route.close(this);
    }
    if (event === 'error' && this.listenerCount('error') === 0) {
      this.terminate();
      return true;
    }
    return super.emit(event, ...args);
  }
}
