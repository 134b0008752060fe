import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { databaseFile, openDatabase } from '../../server/db/open';
import { type Checkpointer, startCheckpointer } from '../../server/db/sqlite-checkpointer';
import { createLogger } from '../../server/log';
import { waitFor } from '../helpers/wait';

const log = createLogger('silent');

describe('the checkpointing worker', () => {
  let dir = '';
  let checkpointer: Checkpointer | null = null;
  let close = () => {};
  afterEach(async () => {
    await checkpointer?.close();
    close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('moves committed pages into the database file while the server connection only appends', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpointer-'));
    const { sqlite } = openDatabase(dir);
    close = () => sqlite.close();
    sqlite.exec('CREATE TABLE filler (b BLOB)');
    // Everything so far into the file, so that what follows is in the log only.
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const before = fs.statSync(databaseFile(dir)).size;

    checkpointer = startCheckpointer(sqlite, 20, log);
    // Its own checkpoints only as a backstop, far above what this test writes.
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(2000);
    // Ready once the worker has its connection (the server waits for this before it listens).
    await checkpointer.ready;
    const insert = sqlite.prepare('INSERT INTO filler (b) VALUES (?)');
    const page = Buffer.alloc(4000, 7);
    // 2,000 pages in 200 commits: past SQLite's usual 1000-page mark, which this connection no longer acts on.
    for (let i = 0; i < 200; i++) sqlite.transaction(() => { for (let j = 0; j < 10; j++) insert.run(page); })();

    // Only the worker can have written them into the database file (8 MB).
    await waitFor(() => fs.statSync(databaseFile(dir)).size >= before + 2000 * 4000, 10_000, 'the log checkpointed into the file');
    expect(sqlite.prepare('SELECT count(*) FROM filler').pluck().get()).toBe(2000);
  });

  it('is ready, and the server connection checkpoints on its own again, when the worker cannot open the file', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'checkpointer-'));
    const { sqlite } = openDatabase(dir);
    close = () => sqlite.close();
    // The worker opens the file by name: a name that is a directory fails its connection at once.
    const broken = Object.create(sqlite, { name: { value: dir } }) as typeof sqlite;
    checkpointer = startCheckpointer(broken, 20, log);
    await checkpointer.ready;
    await waitFor(() => sqlite.pragma('wal_autocheckpoint', { simple: true }) === 1000, 10_000, 'the usual automatic checkpoints back');
  });
});
