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
 * Writes (or, with an empty value, removes) this instance's field of a team's hash, stamped with
 * Redis's own clock: `<ms> <json>`. KEYS[1] the team's hash; ARGV instance id, value, the hash's
 * expiry in ms (a team nobody renews disappears whole).
 */
const PUBLISH = `
local t = redis.call('TIME')
if ARGV[2] == '' then return redis.call('HDEL', KEYS[1], ARGV[1]) end
redis.call('HSET', KEYS[1], ARGV[1], (t[1] * 1000 + math.floor(t[2] / 1000)) .. ' ' .. ARGV[2])
return redis.call('PEXPIRE', KEYS[1], ARGV[3])`;

/**
 * The fields of a team's hash stamped within ARGV[1] ms of Redis's clock now, as a flat
 * [field, json, …] list; older ones (an instance that stopped renewing) are removed. Stamps and
 * "now" both come from Redis, so instances whose clocks disagree still agree on who is fresh.
 */
const READ_FRESH = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local fields = redis.call('HGETALL', KEYS[1])
local fresh = {}
for i = 1, #fields, 2 do
  local value = fields[i + 1]
  local space = string.find(value, ' ', 1, true)
  local at = space and tonumber(string.sub(value, 1, space - 1))
  if at and now - at <= tonumber(ARGV[1]) then
    fresh[#fresh + 1] = fields[i]
    fresh[#fresh + 1] = string.sub(value, space + 1)
  else
    redis.call('HDEL', KEYS[1], fields[i])
  end
end
return fresh`;

type PresenceRedis = Redis & {
  teamPresencePublish(key: string, instance: string, value: string, expireMs: number): Promise<number>;
  teamPresenceRead(key: string, staleMs: number): Promise<string[]>;
};

/**
 * Several instances (REDIS_URL): each writes who its own sockets are, per team, into one Redis hash
 * per team (a field per instance, stamped by Redis), every `refreshMs`. A reader merges the fields
 * stamped within `staleMs` of Redis's clock: an instance that died stops counting then, and its
 * field is removed by the next reader.
 */
export function redisTeamPresence(redis: Redis, sync: SyncServer, log: Logger, options: { refreshMs: number; staleMs: number }): TeamPresence {
  const { refreshMs, staleMs } = options;
  const commands = redis as PresenceRedis;
  if (!('teamPresencePublish' in commands)) {
    redis.defineCommand('teamPresencePublish', { numberOfKeys: 1, lua: PUBLISH });
    redis.defineCommand('teamPresenceRead', { numberOfKeys: 1, lua: READ_FRESH });
  }
  const instance = randomUUID();
  /** The teams this instance wrote a field for. */
  const written = new Set<string>();

  const publish = async () => {
    const teams = new Set([...written, ...sync.teamsWithSockets()]);
    const writes: Array<Promise<number>> = [];
    for (const teamId of teams) {
      const people = sync.presenceInTeam(teamId);
      if (people.length === 0) written.delete(teamId);
      else written.add(teamId);
      writes.push(commands.teamPresencePublish(keyOf(teamId), instance, people.length === 0 ? '' : JSON.stringify(people), staleMs * 2));
    }
    await Promise.all(writes);
  };
  let running: Promise<void> | null = null;
  const tick = () => {
    running ??= publish()
      .catch((error: unknown) => log.warn('team presence: Redis does not answer', { error: error instanceof Error ? error.message : String(error) }))
      .finally(() => (running = null));
    return running;
  };
  const timer = setInterval(() => void tick(), refreshMs);
  timer.unref();

  return {
    async inTeam(teamId) {
      const here = sync.presenceInTeam(teamId);
      try {
        const fresh = await commands.teamPresenceRead(keyOf(teamId), staleMs);
        const seen = new Map<string, OnlinePerson>();
        for (let i = 0; i < fresh.length; i += 2) {
          if (fresh[i] === instance) continue;
          for (const person of JSON.parse(fresh[i + 1]!) as OnlinePerson[]) seen.set(person.userId, person);
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
      await Promise.all([...written].map((teamId) => commands.teamPresencePublish(keyOf(teamId), instance, '', 0))).catch(() => {});
    },
  };
}
