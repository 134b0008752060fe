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

  it('indexes what was there before full-text search, and keeps its triggers through every later migration', () => {
    const sqlite = new Database(path.join(tempDataDir('migrations'), 'db.sqlite'));
    const db = drizzle(sqlite, { schema });
    migrateSafely(sqlite, db, migrationsUpTo('0009_leaders_schools_library'));
    const now = Date.now();
    sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('sc', 'Skole', now);
    sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('t1', 'sc', 'Team', now);
    sqlite
      .prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, search_text) values (?, ?, ?, ?, ?, ?, ?)')
      .run('d1', 't1', 'note', 'Øving', now, now, 'Elevene ÆRLIG talt');
    sqlite.prepare('insert into cycles (id, team_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)').run('c1', 't1', 'Brøk', now, now);

    migrateSafely(sqlite, db, migrations);
    const find = (q: string) => sqlite.prepare('select r.kind, r.ref_id as id from search_index join search_refs r on r.rowid = search_index.rowid where search_index match ?').all(q);
    expect(find('"øving"')).toEqual([{ kind: 'document', id: 'd1' }]);
    expect(find('"ærlig"')).toEqual([{ kind: 'document', id: 'd1' }]);
    expect(find('"brøk"')).toEqual([{ kind: 'cycle', id: 'c1' }]);
    // A later migration that rebuilds one of these tables drops its triggers with it: recreate them there.
    const triggers = (sqlite.prepare("select name from sqlite_master where type = 'trigger' order by name").all() as Array<{ name: string }>).map((t) => t.name);
    expect(triggers).toEqual([
      'cycles_search_delete',
      'cycles_search_insert',
      'cycles_search_update',
      'documents_search_delete',
      'documents_search_insert',
      'documents_search_update',
      'published_search_delete',
      'published_search_insert',
      'published_search_withdraw',
    ]);
    sqlite.prepare('update documents set title = ? where id = ?').run('Lesing', 'd1');
    expect(find('"øving"')).toEqual([]);
    sqlite.prepare('delete from documents where id = ?').run('d1');
    expect(find('"lesing"')).toEqual([]);
    expect(sqlite.prepare("select count(*) as n from search_refs where kind = 'document'").get()).toEqual({ n: 0 });
    sqlite.close();
  });
});
