/**
 * Hocuspocus 3.4 as it is deployed on several machines: its Redis extension between instances and
 * its Database extension storing each document's state in PostgreSQL (defaults otherwise: the
 * state is stored 2 s after the last change, by whichever instance takes the Redis lock).
 */
import { Database } from '@hocuspocus/extension-database';
import { Redis } from '@hocuspocus/extension-redis';
import { Server } from '@hocuspocus/server';
import { Pool } from 'pg';

const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
await pool.query('CREATE TABLE IF NOT EXISTS hocuspocus_documents (name text PRIMARY KEY, data bytea NOT NULL)');
const redisUrl = new URL(process.env.REDIS_URL!);

const server = new Server({
  port: 0,
  address: '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: [
    new Redis({ host: redisUrl.hostname, port: Number(redisUrl.port) }),
    new Database({
      fetch: async ({ documentName }) => {
        const { rows } = await pool.query<{ data: Buffer }>('SELECT data FROM hocuspocus_documents WHERE name = $1', [documentName]);
        return rows[0]?.data ?? null;
      },
      store: async ({ documentName, state }) => {
        await pool.query('INSERT INTO hocuspocus_documents (name, data) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET data = EXCLUDED.data', [
          documentName,
          state,
        ]);
      },
    }),
  ],
});
await server.listen();
console.log(JSON.stringify({ msg: 'listening', port: server.address.port }));
process.once('SIGTERM', () => void server.destroy().then(() => process.exit(0)));
