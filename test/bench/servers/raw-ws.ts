/**
 * The floor: a bare `ws` relay with no Yjs document. It speaks just enough of the y-websocket
 * protocol for stock providers to run over it (an empty answer to sync step 1) and forwards every
 * update and awareness frame to the other sockets on the same path, untouched and unstored.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

const EMPTY_SYNC_STEP_2 = new Uint8Array([0, 1, 2, 0, 0]);
const rooms = new Map<string, Set<WebSocket>>();
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
wss.on('connection', (ws, req) => {
  const name = (req.url ?? '/').split('?')[0]!;
  const room = rooms.get(name) ?? new Set<WebSocket>();
  rooms.set(name, room);
  room.add(ws);
  ws.on('message', (data: Buffer) => {
    if (data[0] === 0 && data[1] === 0) {
      ws.send(EMPTY_SYNC_STEP_2);
      return;
    }
    if ((data[0] === 0 && data[1] === 2) || data[0] === 1) {
      for (const peer of room) if (peer !== ws) peer.send(data);
    }
  });
  ws.on('close', () => room.delete(ws));
});
const server = http.createServer((_req, res) => res.end('okay'));
server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req)));
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', port: (server.address() as AddressInfo).port })));
