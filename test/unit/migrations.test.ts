import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrateSafely } from '../../server/db/open';
import * as schema from '../../server/db/schema';
import { repoRoot, tempDataDir } from '../helpers/server';

const migrations = path.join(repoRoot, 'server/db/migrations');

/** The migrations folder as it was up to (and including) migration `last`. */
function migrationsUpTo(last: string): string {
  const dir = path.join(tempDataDir('migrations'), 'folder');
  fs.mkdirSync(path.join(dir, 'meta'), { recursive: true });
  const journal = JSON.parse(fs.readFileSync(path.join(migrations, 'meta/_journal.json'), 'utf8')) as { entries: Array<{ tag: string }> };
  const end = journal.entries.findIndex((e) => e.tag === last);
  expect(end).toBeGreaterThan(-1);
  journal.entries = journal.entries.slice(0, end + 1);
  fs.writeFileSync(path.join(dir, 'meta/_journal.json'), JSON.stringify(journal));
  for (const entry of journal.entries) fs.copyFileSync(path.join(migrations, `${entry.tag}.sql`), path.join(dir, `${entry.tag}.sql`));
  return dir;
}

describe('migrations', () => {
  it('making the password optional rebuilds users without cascading into sessions, teams or comments', () => {
    const sqlite = new Database(path.join(tempDataDir('migrations'), 'db.sqlite'));
    const db = drizzle(sqlite, { schema });
    migrateSafely(sqlite, db, migrationsUpTo('0004_meetings'));
    sqlite.pragma('foreign_keys = ON');
    const now = Date.now();
    sqlite.prepare('insert into users (id, email, name, password_hash, created_at) values (?, ?, ?, ?, ?)').run('u1', 'a@skole.test', 'A', 'scrypt$x', now);
    sqlite.prepare('insert into sessions (token_hash, id, user_id, created_at, expires_at) values (?, ?, ?, ?, ?)').run('h', 's1', 'u1', now, now + 1e6);
    sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('sc', 'Skole', now);
    sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('t1', 'sc', 'Team', now);
    sqlite.prepare('insert into memberships (team_id, user_id, role, created_at) values (?, ?, ?, ?)').run('t1', 'u1', 'leader', now);

    migrateSafely(sqlite, db, migrations);
    sqlite.pragma('foreign_keys = ON');
    const count = (table: string) => (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    expect([count('users'), count('sessions'), count('memberships')]).toEqual([1, 1, 1]);
    expect(sqlite.prepare('select password_hash as h from users').get()).toEqual({ h: 'scrypt$x' });
    // An account without a password is possible now, and references to users still hold.
    sqlite.prepare('insert into users (id, email, name, password_hash, created_at) values (?, ?, ?, null, ?)').run('u2', 'b@skole.test', 'B', now);
    expect(() => sqlite.prepare('insert into sessions (token_hash, id, user_id, created_at, expires_at) values (?, ?, ?, ?, ?)').run('h2', 's2', 'nobody', now, now)).toThrow(/FOREIGN KEY/);
    sqlite.prepare('delete from users where id = ?').run('u1');
    expect([count('sessions'), count('memberships')]).toEqual([0, 0]);
    sqlite.close();
  });
});
