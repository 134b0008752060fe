/** Hocuspocus 3.4 with its SQLite extension, as a team would run it (defaults otherwise). */
import path from 'node:path';
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [new SQLite({ database: path.join(process.env.DATA_DIR!, 'hocuspocus.sqlite') })],
});
await server.listen();
console.log(JSON.stringify({ msg: 'listening', port: server.address.port }));
