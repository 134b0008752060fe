import fs from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../../server/db/open';
import { schools } from '../../server/db/schema';
import { tempDataDir } from '../helpers/server';
import { yieldToEventLoop } from '../helpers/wait';

const opened: Array<{ dir: string; database: OpenDatabase }> = [];
afterEach(() => {
  for (const { dir, database } of opened.splice(0)) {
    database.sqlite.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function open(): OpenDatabase {
  const dir = tempDataDir('async-tx');
  const database = openDatabase(dir, 'NORMAL');
  opened.push({ dir, database });
  return database;
}

const school = (id: string) => ({ id, name: `Skole ${id}`, createdAt: new Date() });
const names = async ({ db }: OpenDatabase) => (await db.select({ id: schools.id }).from(schools).orderBy(schools.id)).map((s) => s.id);

describe('async transactions on the one SQLite connection', () => {
  it('keeps other requests out of an open transaction: they neither see its rows nor land inside it', async () => {
    const database = open();
    const { db } = database;
    let inside = false;
    let seenFromOutside: string[] | null = null;
    const transaction = db.transaction(async (tx) => {
      await tx.insert(schools).values(school('a'));
      inside = true;
      // Other requests get many turns while this transaction waits.
      await yieldToEventLoop(5);
      await tx.insert(schools).values(school('b'));
    });
    await Promise.resolve();
    const outsideRead = (async () => {
      seenFromOutside = await names(database);
    })();
    const outsideWrite = db
      .insert(schools)
      .values(school('c'))
      .then(() => 'written');
    await Promise.all([transaction, outsideRead, outsideWrite]);
    expect(inside).toBe(true);
    // The read waited for the commit (and may come after the write, which waited too): all of the
    // transaction, never the half it had written when the read was asked for.
    expect(seenFromOutside).toEqual(expect.arrayContaining(['a', 'b']));
    expect(await names(database)).toEqual(['a', 'b', 'c']);
  });

  it('rolls back everything of a failed transaction and nothing of what others wrote meanwhile', async () => {
    const database = open();
    const { db } = database;
    let opened!: () => void;
    const isOpen = new Promise<void>((resolve) => (opened = resolve));
    const failing = db.transaction(async (tx) => {
      await tx.insert(schools).values(school('x'));
      opened();
      await yieldToEventLoop(3);
      await tx.insert(schools).values(school('y'));
      throw new Error('refused half-way');
    });
    await isOpen;
    // Another request writes while the transaction is open (then() sends it now).
    const other = db
      .insert(schools)
      .values(school('z'))
      .then(() => 'written');
    await expect(failing).rejects.toThrow('refused half-way');
    expect(await other).toBe('written');
    expect(await names(database)).toEqual(['z']);
  });

  it('makes a transaction begun with the outer handle inside another a savepoint: its failure undoes only its part', async () => {
    const database = open();
    const { db } = database;
    await db.transaction(async (tx) => {
      await tx.insert(schools).values(school('kept'));
      await expect(
        db.transaction(async (inner) => {
          await inner.insert(schools).values(school('undone'));
          throw new Error('inner refused');
        }),
      ).rejects.toThrow('inner refused');
      await tx.insert(schools).values(school('after'));
    });
    expect(await names(database)).toEqual(['after', 'kept']);
  });

  it('runs a transaction begun with the outer handle inside another as part of it', async () => {
    const database = open();
    const { db } = database;
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(schools).values(school('p'));
        await db.transaction(async (inner) => inner.insert(schools).values(school('q')));
        expect(await tx.select().from(schools).where(eq(schools.id, 'q'))).toHaveLength(1);
        throw new Error('undo both');
      }),
    ).rejects.toThrow('undo both');
    expect(await names(database)).toEqual([]);
  });

  it('serialises concurrent transactions that read and then write the same row', async () => {
    const database = open();
    const { db } = database;
    await db.insert(schools).values({ ...school('n'), name: '0' });
    const increment = () =>
      db.transaction(async (tx) => {
        const [row] = await tx.select({ name: schools.name }).from(schools).where(eq(schools.id, 'n'));
        await yieldToEventLoop();
        await tx.update(schools).set({ name: String(Number(row!.name) + 1) }).where(eq(schools.id, 'n'));
      });
    await Promise.all(Array.from({ length: 20 }, increment));
    const [row] = await db.select({ name: schools.name }).from(schools).where(eq(schools.id, 'n'));
    expect(row!.name).toBe('20');
  });
});
