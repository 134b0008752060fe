import type { WebSocket } from 'ws';
import { describe, expect, it } from 'vitest';
import { Connection, type ConnectionInfo, shareIdentity } from '../../server/sync/connection';

const info = (sessionId: string, userId: string, name = 'Kari'): ConnectionInfo => ({
  documentId: 'doc1',
  // A fresh string each time, as each upgrade reads it from the database.
  teamId: ['team', '1'].join('-'),
  permission: 'edit',
  user: { id: userId, name },
  sessionId,
  standing: 'member',
});
const connection = (i: ConnectionInfo) => new Connection({} as WebSocket, i);

describe('shareIdentity', () => {
  it('lets a second socket of the same session point at the first one’s person', () => {
    const first = connection(info('s1', 'u1'));
    const second = connection(info('s1', 'u1'));
    shareIdentity(second, [first]);
    expect(second.info.user).toBe(first.info.user);
    expect(second.info.sessionId).toBe('s1');
  });

  it('keeps each person’s own info apart', () => {
    const kari = connection(info('s1', 'u1'));
    const ola = connection(info('s2', 'u2', 'Ola'));
    const renamed = connection(info('s1', 'u1', 'Kari N.'));
    shareIdentity(ola, [kari]);
    shareIdentity(renamed, [kari]);
    expect(ola.info.user).toEqual({ id: 'u2', name: 'Ola' });
    expect(ola.info.sessionId).toBe('s2');
    expect(renamed.info.user).not.toBe(kari.info.user);
    expect(renamed.info.user.name).toBe('Kari N.');
    expect(ola.info.teamId).toBe('team-1');
  });
});
