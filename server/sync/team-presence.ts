/**
 * Who is online in a team (the team home's "online now"), across instances (REDIS_URL). Each
 * instance writes the people its own sockets carry into one Redis hash per team, a field per
 * instance stamped with Redis's clock, rewritten on every change and by a heartbeat. A field not
 * renewed within the TTL is ignored and removed when read: a killed instance's people disappear
 * within one TTL, whatever the instances' own clocks say.
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../log';

export interface PresentPerson {
  userId: string;
  name: string;
  documentId: string;
}

/** The people of other instances, and telling them about ours. */
export interface TeamPresenceShare {
  /** This instance's people in the team changed (or did not, for the heartbeat): written at once. */
  put(teamId: string, people: PresentPerson[]): void;
  /** Every other instance's people in the team (empty if Redis cannot be asked). */
  othersIn(teamId: string): Promise<PresentPerson[]>;
}

/** KEYS[1] team hash; ARGV instance, people JSON ('' removes the field), ttl ms. */
const PUT = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
if ARGV[2] == '' then
  redis.call('HDEL', KEYS[1], ARGV[1])
else
  redis.call('HSET', KEYS[1], ARGV[1], now .. ' ' .. ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 0`;

/** KEYS[1] team hash; ARGV ttl ms. Fresh fields as [instance, people JSON, …]; stale ones are removed. */
const READ = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local all = redis.call('HGETALL', KEYS[1])
local out = {}
for i = 1, #all, 2 do
  local value = all[i + 1]
  local space = string.find(value, ' ', 1, true)
  local at = space and tonumber(string.sub(value, 1, space - 1))
  if at and now - at <= tonumber(ARGV[1]) then
    out[#out + 1] = all[i]
    out[#out + 1] = string.sub(value, space + 1)
  else
    redis.call('HDEL', KEYS[1], all[i])
  end
end
return out`;

const keyOf = (teamId: string) => `fellesrom:presence:team:${teamId}`;

export class RedisTeamPresence implements TeamPresenceShare {
  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
  ) {}

  put(teamId: string, people: PresentPerson[]): void {
    if (this.redis.status !== 'ready') return;
    this.redis.eval(PUT, 1, keyOf(teamId), this.instanceId, people.length > 0 ? JSON.stringify(people) : '', this.ttlMs).catch((error: unknown) => {
      this.log.warn('writing team presence failed; the heartbeat tries again', { error: error instanceof Error ? error.message : String(error) });
    });
  }

  async othersIn(teamId: string): Promise<PresentPerson[]> {
    if (this.redis.status !== 'ready') return [];
    let fields: string[];
    try {
      fields = (await this.redis.eval(READ, 1, keyOf(teamId), this.ttlMs)) as string[];
    } catch (error) {
      this.log.warn('reading team presence failed; showing this instance’s people only', { error: error instanceof Error ? error.message : String(error) });
      return [];
    }
    const people: PresentPerson[] = [];
    for (let i = 0; i < fields.length; i += 2) {
      if (fields[i] === this.instanceId) continue;
      try {
        people.push(...(JSON.parse(fields[i + 1]!) as PresentPerson[]));
      } catch {
        // Not ours to fix: another version's entry; it expires.
      }
    }
    return people;
  }
}
