import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from '../log';
import type { SyncServer } from '../sync/sync-server';

export interface OnlinePerson {
  userId: string;
  name: string;
  documentId: string;
}

/** Who is in the team's documents right now ("who is here" on the team home). */
export interface TeamPresence {
  inTeam(teamId: string): Promise<OnlinePerson[]>;
  stop(): Promise<void>;
}

/** One instance: its own sockets are everyone. */
export const localTeamPresence = (sync: SyncServer): TeamPresence => ({
  inTeam: async (teamId) => sync.presenceInTeam(teamId),
  stop: async () => {},
});

const keyOf = (teamId: string) => `fellesrom:team-online:${teamId}`;

/**
 * Several instances (REDIS_URL): each writes who its own sockets are, per team, into one Redis hash
 * per team (a field per instance, stamped), every `everyMs` and at once when asked about a team it
 * has people in. A reader merges the fields stamped within `staleMs`: an instance that died stops
 * counting then, and its field is removed by the next reader.
 */
export function redisTeamPresence(redis: Redis, sync: SyncServer, log: Logger, options: { everyMs?: number; staleMs?: number } = {}): TeamPresence {
  const everyMs = options.everyMs ?? 2_000;
  const staleMs = options.staleMs ?? 5 * everyMs;
  const instance = randomUUID();
  /** The teams this instance wrote a field for, and what it wrote. */
  const written = new Map<string, string>();

  const publish = async () => {
    const now = Date.now();
    const teams = new Set([...written.keys(), ...sync.teamsWithSockets()]);
    const writes = redis.multi();
    for (const teamId of teams) {
      const people = sync.presenceInTeam(teamId);
      if (people.length === 0) {
        writes.hdel(keyOf(teamId), instance);
        written.delete(teamId);
        continue;
      }
      const value = JSON.stringify({ at: now, people });
      writes.hset(keyOf(teamId), instance, value).pexpire(keyOf(teamId), staleMs * 2);
      written.set(teamId, value);
    }
    await writes.exec();
  };
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= publish()
      .catch((error: unknown) => log.warn('team presence: Redis does not answer', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), everyMs);
  timer.unref();

  return {
    async inTeam(teamId) {
      const here = sync.presenceInTeam(teamId);
      try {
        const fields = await redis.hgetall(keyOf(teamId));
        const now = Date.now();
        const seen = new Map<string, OnlinePerson>();
        for (const [field, value] of Object.entries(fields)) {
          if (field === instance) continue;
          const entry = JSON.parse(value) as { at: number; people: OnlinePerson[] };
          if (now - entry.at > staleMs) {
            void redis.hdel(keyOf(teamId), field).catch(() => {});
            continue;
          }
          for (const person of entry.people) seen.set(person.userId, person);
        }
        for (const person of here) seen.set(person.userId, person);
        return [...seen.values()];
      } catch {
        return here;
      }
    },
    async stop() {
      clearInterval(timer);
      await running;
      const writes = redis.multi();
      for (const teamId of written.keys()) writes.hdel(keyOf(teamId), instance);
      await writes.exec().catch(() => {});
    },
  };
}
