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

/** A new database file with the migrations up to `last` applied. */
function migratedTo(last: string) {
  const sqlite = new Database(path.join(tempDataDir('migrations'), 'db.sqlite'));
  const db = drizzle(sqlite, { schema });
  migrateSafely(sqlite, db, migrationsUpTo(last));
  return { sqlite, db };
}

describe('migrations', () => {
  it('making the password optional rebuilds users without cascading into sessions, teams or comments', () => {
    const { sqlite, db } = migratedTo('0004_meetings');
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
    const { sqlite, db } = migratedTo('0009_leaders_schools_library');
    const now = Date.now();
    sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('sc', 'Skole', now);
    sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('t1', 'sc', 'Team', now);
    sqlite
      .prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, search_text) values (?, ?, ?, ?, ?, ?, ?)')
      .run('d1', 't1', 'note', 'Øving', now, now, 'Elevene ÆRLIG talt');
    sqlite.prepare('insert into cycles (id, team_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)').run('c1', 't1', 'Brøk', now, now);

    migrateSafely(sqlite, db, migrations);
    const find = (q: string) => sqlite.prepare('select r.kind, r.ref_id as id from search_index join search_refs r on r.rowid = search_index.rowid / 1048576 where search_index match ?').all(q);
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

  it('rebuilding documents for ON DELETE SET NULL keeps every row, what references them, and their search entry', () => {
    const { sqlite, db } = migratedTo('0010_leaders_full_text_search');
    sqlite.pragma('foreign_keys = ON');
    const now = Date.now();
    sqlite.prepare('insert into users (id, email, name, created_at) values (?, ?, ?, ?)').run('u1', 'a@skole.test', 'A', now);
    sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('sc', 'Skole', now);
    sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('t1', 'sc', 'Team', now);
    sqlite.prepare('insert into cycles (id, team_id, title, created_at, updated_at) values (?, ?, ?, ?, ?)').run('c1', 't1', 'Brøk', now, now);
    sqlite
      .prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, created_by, cycle_id, last_edited_by, search_text, tags) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run('d1', 't1', 'lesson_plan', 'Plan', now, now, 'u1', 'c1', 'u1', 'Tallinja hjelper', '["brøk"]');
    sqlite.prepare('insert into document_states (document_id, state, compacted_at) values (?, ?, ?)').run('d1', Buffer.from([0, 0]), now);
    sqlite.prepare('insert into document_updates (document_id, "update") values (?, ?)').run('d1', Buffer.from([1, 2, 3]));
    sqlite.prepare('insert into document_visits (document_id, user_id, visited_at, state_vector) values (?, ?, ?, ?)').run('d1', 'u1', now, Buffer.from([0]));
    const before = sqlite.prepare('select * from documents').all();
    expect(sqlite.prepare("select on_delete from pragma_foreign_key_list('documents') where \"from\" = 'cycle_id'").pluck().get()).toBe('NO ACTION');

    migrateSafely(sqlite, db, migrations);
    sqlite.pragma('foreign_keys = ON');
    expect(sqlite.prepare('select * from documents').all()).toEqual(before);
    const count = (table: string) => sqlite.prepare(`select count(*) from ${table}`).pluck().get();
    expect([count('document_states'), count('document_updates'), count('document_visits')]).toEqual([1, 1, 1]);
    const find = (q: string) => sqlite.prepare('select r.ref_id from search_index join search_refs r on r.rowid = search_index.rowid / 1048576 where search_index match ?').pluck().all(q);
    expect(find('"tallinja"')).toEqual(['d1']);
    expect(
      Object.fromEntries(sqlite.prepare(`select "from", on_delete from pragma_foreign_key_list('documents')`).raw().all() as Array<[string, string]>),
    ).toEqual({ team_id: 'CASCADE', cycle_id: 'SET NULL', created_by: 'SET NULL', last_edited_by: 'SET NULL' });

    sqlite.prepare('delete from cycles where id = ?').run('c1');
    sqlite.prepare('delete from users where id = ?').run('u1');
    expect(sqlite.prepare('select cycle_id, created_by, last_edited_by from documents').get()).toEqual({ cycle_id: null, created_by: null, last_edited_by: null });
    expect([count('document_states'), count('document_updates'), count('document_visits')]).toEqual([1, 1, 0]);
    // The search triggers were made again: a new title and a deletion still reach the index (the text's
    // chunks are written by storeSearchText since 0012_fts_chunked_search).
    sqlite.prepare('update documents set title = ? where id = ?').run('Brøkstaver', 'd1');
    expect(find('"plan"')).toEqual([]);
    expect(find('"brøkstaver"')).toEqual(['d1']);
    expect(find('"tallinja"')).toEqual(['d1']);
    sqlite.prepare('delete from documents where id = ?').run('d1');
    expect([count('document_states'), count('document_updates'), count('search_refs')]).toEqual([0, 0, 0]);
    sqlite.close();
  });
  it('0012 moves every indexed thing into chunk rows: titles and tags at ref * 2^20, a document\'s text after it', () => {
    const { sqlite, db } = migratedTo('0011_scale_documents_set_null');
    const now = Date.now();
    sqlite.prepare('insert into schools (id, name, created_at) values (?, ?, ?)').run('sc', 'Skole', now);
    sqlite.prepare('insert into teams (id, school_id, name, created_at) values (?, ?, ?, ?)').run('t1', 'sc', 'Team', now);
    sqlite.prepare('insert into cycles (id, team_id, title, research_question, created_at, updated_at) values (?, ?, ?, ?, ?, ?)').run('c1', 't1', 'Brøk', 'Hvorfor tallinja?', now, now);
    sqlite
      .prepare('insert into documents (id, team_id, kind, title, created_at, updated_at, search_text, tags) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('d1', 't1', 'note', 'Øving', now, now, 'Elevene ÆRLIG talt', '["lesing"]');
    sqlite
      .prepare('insert into published_documents (id, team_id, school_id, scope, kind, title, text, published_at) values (?, ?, ?, ?, ?, ?, ?, ?)')
      .run('p1', 't1', 'sc', 'school', 'lesson_plan', 'Delt plan', 'Konkreter hjelper', now);
    const refs = Object.fromEntries(sqlite.prepare('select ref_id, rowid from search_refs').raw().all() as Array<[string, number]>);

    migrateSafely(sqlite, db, migrations);
    const rows = sqlite.prepare('select rowid, title, body, tags from search_index order by rowid').all();
    expect(rows).toEqual([
      { rowid: refs.d1! * 1048576, title: 'Øving', body: '', tags: '["lesing"]' },
      { rowid: refs.d1! * 1048576 + 1, title: '', body: 'Elevene ÆRLIG talt', tags: '' },
      { rowid: refs.c1! * 1048576, title: 'Brøk', body: 'Hvorfor tallinja?', tags: '[]' },
      { rowid: refs.p1! * 1048576, title: 'Delt plan', body: 'Konkreter hjelper', tags: '[]' },
    ].toSorted((a, b) => a.rowid - b.rowid));
    const find = (q: string) => sqlite.prepare('select distinct r.ref_id from search_index join search_refs r on r.rowid = search_index.rowid / 1048576 where search_index match ?').pluck().all(q);
    expect([find('"ærlig"'), find('"lesing"'), find('"tallinja"'), find('"konkreter"')]).toEqual([['d1'], ['d1'], ['c1'], ['p1']]);
    // No prefix indexes any more (secure-delete rewrote each deleted word in them too); prefix queries still match.
    expect(find('"ærl"*')).toEqual(['d1']);
    expect(String(sqlite.prepare("select sql from sqlite_master where name = 'search_index'").pluck().get())).not.toContain('prefix');
    // Deleting a document takes every row of its range; withdrawing a published copy takes its row.
    sqlite.prepare("insert into search_index (rowid, title, body, tags) values (?, '', 'mer tekst', '')").run(refs.d1! * 1048576 + 2);
    sqlite.prepare('delete from documents where id = ?').run('d1');
    sqlite.prepare('update published_documents set withdrawn_at = ? where id = ?').run(now, 'p1');
    expect(sqlite.prepare('select rowid from search_index').pluck().all()).toEqual([refs.c1! * 1048576]);
    sqlite.close();
  });
});
