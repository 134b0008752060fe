import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/**
 * One message for many sockets, framed once. ws frames a message anew for each socket it is sent
 * on (a header allocated, header and payload written as two chunks under cork), which at 10 people
 * per document is most of what a broadcast costs beyond the kernel's own send.
 */
export class SharedFrame {
  private framed: Buffer | null = null;
  constructor(readonly message: Uint8Array) {}

  /** The message as one unmasked, final binary WebSocket frame (RFC 6455 §5.2), as a server sends it. */
  get frame(): Buffer {
    if (this.framed) return this.framed;
    const length = this.message.byteLength;
    const headerLength = length < 126 ? 2 : length < 65536 ? 4 : 10;
    const frame = Buffer.allocUnsafe(headerLength + length);
    frame[0] = 0x82;
    if (headerLength === 2) frame[1] = length;
    else if (headerLength === 4) {
      frame[1] = 126;
      frame.writeUInt16BE(length, 2);
    } else {
      frame[1] = 127;
      frame.writeBigUInt64BE(BigInt(length), 2);
    }
    frame.set(this.message, headerLength);
    this.framed = frame;
    return frame;
  }
}

/** What ws keeps to itself that a framed write needs: its sender's state (compressing or not), and the TCP socket. */
interface WsInternals {
  _sender?: { _state?: number; _queue?: unknown[] };
  _socket?: Socket;
}

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

  /** Sends a frame built once for every socket; ws's own path when its sender holds queued work. */
  sendShared(shared: SharedFrame): void {
    const { _sender: sender, _socket: socket } = this as unknown as WsInternals;
    // Not compressing (perMessageDeflate is off) and nothing queued: ws would write at once too.
    // (Optional all the way: a ws whose insides look otherwise gets ws's own path.)
    if (sender?._state === 0 && sender._queue?.length === 0 && socket) socket.write(shared.frame);
    else this.send(shared.message);
  }

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
