import { afterEach, beforeEach } from 'vitest';
import { type Session, teamLeader } from './api';
import { type Client, connectSynced } from './clients';
import { type Env, startTestServer, type TestServer } from './server';

/**
 * For integration tests about one team: before each test a fresh server (real port, real SQLite
 * file) and a leader with their team; afterwards every socket opened through `open` is closed.
 */
export interface TeamSuite {
  server: TestServer;
  leader: Session;
  teamId: string;
  clients: Client[];
  open(documentId: string, session?: Session): Promise<Client>;
}

export function teamSuite(env: Env = {}): TeamSuite {
  const suite: TeamSuite = {
    server: undefined as unknown as TestServer,
    leader: undefined as unknown as Session,
    teamId: '',
    clients: [] as Client[],
    /** A synced live document as `session` (the leader by default), closed after the test. */
    async open(documentId, session = suite.leader) {
      const c = await connectSynced(suite.server.wsUrl, documentId, session.cookie);
      suite.clients.push(c);
      return c;
    },
  };
  beforeEach(async () => {
    suite.server = await startTestServer({ env });
    ({ session: suite.leader, teamId: suite.teamId } = await teamLeader(suite.server.url));
  });
  afterEach(async () => {
    for (const c of suite.clients.splice(0)) c.destroy();
    await suite.server.close();
  });
  return suite;
}
