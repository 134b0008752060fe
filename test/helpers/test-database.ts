import { afterAll } from 'vitest';
import { openPostgresDomain } from '../../server/db/pg/domain';
import { type Postgres, startPostgres } from './services';

/**
 * `TEST_DATABASE=postgres` (npm run test:postgres): every server the tests start runs on PostgreSQL
 * — a throwaway cluster for the test file, one database per data directory (so a server restarted
 * on the same directory finds its data again), each made from a migrated template. Unset: SQLite.
 */
export const testDatabase: 'sqlite' | 'postgres' = process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

let cluster: Promise<{ pg: Postgres; template: string }> | null = null;
const databases = new Map<string, Promise<string>>();

async function startCluster() {
  const pg = await startPostgres();
  const template = 'fellesrom_template';
  const domain = await openPostgresDomain(await pg.createDatabase(template));
  await domain.close();
  return { pg, template };
}

/** The environment that puts a server on `dataDir`'s database: DATABASE_URL under TEST_DATABASE=postgres, else nothing. */
/** The PostgreSQL database of `dataDir`'s server (TEST_DATABASE=postgres), if one was made. */
export const databaseUrlOf = (dataDir: string): Promise<string> | undefined => databases.get(dataDir);

export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (testDatabase !== 'postgres') return {};
  let url = databases.get(dataDir);
  if (!url) {
    cluster ??= startCluster();
    const name = `test_${databases.size + 1}`;
    url = cluster.then(({ pg, template }) => pg.createDatabase(name, template));
    databases.set(dataDir, url);
  }
  return { DATABASE_URL: await url };
}

// After the test file (outside vitest, in the benchmarks, the cluster is not started at all).
if (testDatabase === 'postgres' && process.env.VITEST) {
  afterAll(async () => {
    const running = cluster;
    cluster = null;
    databases.clear();
    if (running) await (await running).pg.stop();
  });
}
