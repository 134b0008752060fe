/**
 * A broadcast framed once (SharedFrame) and written straight to each socket: what a real ws client
 * receives is each message whole, in order, at every length where the frame header changes shape.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { SharedFrame, SyncSocket } from '../../server/sync/sync-socket';

const servers: Array<{ close(): void }> = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.close();
});

async function pair(): Promise<{ server: SyncSocket; client: WebSocket }> {
  const http1 = http.createServer();
  const wss = new WebSocketServer({ server: http1, perMessageDeflate: false, WebSocket: SyncSocket });
  servers.push(wss, http1);
  await new Promise<void>((resolve) => http1.listen(0, '127.0.0.1', resolve));
  const joined = new Promise<SyncSocket>((resolve) => wss.once('connection', (ws) => resolve(ws as SyncSocket)));
  const client = new WebSocket(`ws://127.0.0.1:${(http1.address() as AddressInfo).port}`);
  client.binaryType = 'nodebuffer';
  servers.push({ close: () => client.terminate() });
  return { server: await joined, client };
}

describe('SharedFrame', () => {
  it('reaches a ws client whole and in order, mixed with what ws sends itself, for short, 16-bit and 64-bit lengths', async () => {
    const { server, client } = await pair();
    const lengths = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
    const messages = lengths.map((n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff));
    const received: Buffer[] = [];
    const all = new Promise<void>((resolve) =>
      client.on('message', (data: Buffer) => {
        received.push(data);
        if (received.length === messages.length * 2) resolve();
      }),
    );
    for (const m of messages) {
      server.sendShared(new SharedFrame(m));
      server.send(m);
    }
    await all;
    for (const [i, m] of messages.entries()) {
      expect(received[2 * i]!.equals(Buffer.from(m))).toBe(true);
      expect(received[2 * i + 1]!.equals(Buffer.from(m))).toBe(true);
    }
  });

  it('frames once however many sockets it is sent on', () => {
    const shared = new SharedFrame(new Uint8Array([1, 2, 3]));
    expect(shared.frame).toBe(shared.frame);
    expect([...shared.frame]).toEqual([0x82, 3, 1, 2, 3]);
  });
});
