import fs from 'node:fs';
import { isNull } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config';
import { afterCommit } from '../../server/db/after-commit';
import { type Db, type DbOrTx, openDatabase } from '../../server/db/open';
import { openPostgresDomain } from '../../server/db/pg/domain';
import { mailOutbox, schools } from '../../server/db/schema';
import { createLogger } from '../../server/log';
import { createMailer, type Mailer } from '../../server/mail/mailer';
import { tempDataDir } from '../helpers/server';
import { TestSmtpServer } from '../helpers/smtp';
import { databaseEnv, testDatabase } from '../helpers/test-database';
import { waitFor } from '../helpers/wait';

/**
 * A mail is queued in the transaction of whatever it is about, and the sender may only see it once
 * that transaction has committed: never a mail about something that was rolled back, never one
 * sent before what it tells of is stored. The mailer and the database (SQLite, or PostgreSQL under
 * TEST_DATABASE=postgres) are the server's own, in this process, delivering to a real SMTP server.
 */
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).toReversed()) await cleanup();
});

async function openDb(dataDir: string): Promise<Db> {
  if (testDatabase === 'postgres') {
    const domain = await openPostgresDomain((await databaseEnv(dataDir)).DATABASE_URL!);
    cleanups.push(() => domain.close());
    return domain.db;
  }
  const { db, sqlite } = openDatabase(dataDir, 'NORMAL');
  cleanups.push(async () => {
    sqlite.close();
  });
  return db;
}

async function setUp(): Promise<{ db: Db; mailer: Mailer; mta: TestSmtpServer }> {
  const dataDir = tempDataDir('mail-after-commit');
  cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const mta = await new TestSmtpServer().start();
  cleanups.push(() => mta.stop());
  const db = await openDb(dataDir);
  const origin = 'https://fellesrom.skole.test';
  const config = loadConfig({ DATA_DIR: dataDir, SMTP_URL: mta.url, PUBLIC_ORIGIN: origin, LOG_LEVEL: 'silent' });
  const mailer = await createMailer({ db, config, secret: Buffer.alloc(32, 7), origin: () => origin, log: createLogger('silent') });
  cleanups.push(() => mailer.stop());
  // Run first: a test that failed while the SMTP server held a mail must not leave stop() waiting.
  cleanups.push(async () => mta.release());
  // The sender's first look (at its start, outside any transaction) is over before a test opens
  // one: on SQLite it would wait for that transaction to end, and so would the caller's wait.
  await mailer.settled();
  return { db, mailer, mta };
}

const mail = (to: string) => ({ kind: 'password_reset' as const, userId: null, message: { to, subject: `Til ${to}`, text: 'Hei', html: '<p>Hei</p>' } });

/**
 * The rest of the caller's work, inside its transaction: it waits until the sender has made every
 * look at the queue asked of it so far. Had queue() asked for one, that pass would run inside this
 * transaction (on SQLite's one connection, in PostgreSQL's transaction context), claim the mail and
 * send it. Then it reads the mail's row through the transaction, which sees its own row.
 */
async function callerGoesOn(tx: DbOrTx, mailer: Mailer) {
  await mailer.settled();
  return (await tx.select({ claimedUntil: mailOutbox.claimedUntil, sentAt: mailOutbox.sentAt, attempts: mailOutbox.attempts }).from(mailOutbox))[0];
}

describe('mail queued in a transaction', () => {
  it('is never sent when that transaction rolls back', async () => {
    const { db, mailer, mta } = await setUp();
    await expect(
      db.transaction(async (tx) => {
        await mailer.queue(tx, mail('rolled.back@skole.test'));
        await callerGoesOn(tx, mailer);
        throw new Error('the caller failed');
      }),
    ).rejects.toThrow('the caller failed');
    // The sender takes one mail at a time: once a mail queued after it has arrived, a send of the
    // rolled-back one would have arrived first.
    await mailer.queue(db, mail('afterwards@skole.test'));
    await mta.waitForMail((m) => m.to === 'afterwards@skole.test', 'the mail queued afterwards');
    expect(mta.mails.map((m) => m.to)).toEqual(['afterwards@skole.test']);
    expect(await db.select({ id: mailOutbox.id }).from(mailOutbox)).toHaveLength(1);
  });

  it('is neither claimed nor sent before that transaction commits, and sent once it has', async () => {
    const { db, mailer, mta } = await setUp();
    const inside = await db.transaction(async (tx) => {
      await mailer.queue(tx, mail('committed@skole.test'));
      const row = await callerGoesOn(tx, mailer);
      return { row, deliveriesStarted: mta.dataStarted };
    });
    expect(inside).toEqual({ row: { claimedUntil: null, sentAt: null, attempts: 0 }, deliveriesStarted: 0 });
    await mta.waitForMail((m) => m.to === 'committed@skole.test', 'the mail after the commit');
  });
});

describe('the sender settling', () => {
  it('waits for the deliveries asked for, also one asked for while a delivery runs, but not for a retry due later', async () => {
    const { db, mailer, mta } = await setUp();
    mta.hold();
    await mailer.queue(db, mail('first@skole.test'));
    let settled = false;
    const first = mailer.settled().then(() => (settled = true));
    await waitFor(() => mta.dataStarted === 1, 20_000, 'the first delivery to reach DATA');
    // Asked while the sender is busy with the first: the same settling waits for this one too.
    await mailer.queue(db, mail('second@skole.test'));
    expect(settled).toBe(false);
    mta.release();
    await first;
    expect(mta.mails.map((m) => m.to)).toEqual(['first@skole.test', 'second@skole.test']);
    expect(await mailer.stats()).toMatchObject({ queued: 0, failed: 0 });

    // The SMTP server is down: the sender tries, puts the mail back for a retry (MAIL_RETRY_MIN_MS,
    // 30 s) and has settled; a mail queued then goes out at once, not at that retry.
    await mta.stop();
    await mailer.queue(db, mail('retried@skole.test'));
    await mailer.settled();
    expect(await db.select({ attempts: mailOutbox.attempts, sentAt: mailOutbox.sentAt }).from(mailOutbox).where(isNull(mailOutbox.sentAt)))
      .toEqual([{ attempts: 1, sentAt: null }]);
    await mta.start();
    await mailer.queue(db, mail('next@skole.test'));
    await mailer.settled();
    expect(mta.mails.map((m) => m.to)).toEqual(['first@skole.test', 'second@skole.test', 'next@skole.test']);
    expect(await mailer.stats()).toMatchObject({ queued: 1, failed: 0 });
  });
});

describe('a mail another sender holds', () => {
  it('is looked at again when the hold ends, not over and over until then', async () => {
    const { db, mailer, mta } = await setUp();
    const holdEnds = Date.now() + 4_000;
    // As if another instance had claimed it (or one stopped mid-delivery): due, but held.
    await db.transaction(async (tx) => {
      await mailer.queue(tx, mail('held@skole.test'));
      await tx.update(mailOutbox).set({ claimedUntil: new Date(holdEnds) });
    });
    // A sender that planned its next look at the mail's (past) attempt time would find nothing to
    // take and plan again at once, never settling until the hold ended.
    await mailer.settled();
    expect(Date.now()).toBeLessThan(holdEnds);
    expect(mta.dataStarted).toBe(0);
    await mta.waitForMail((m) => m.to === 'held@skole.test', 'the mail once its hold ended');
    expect(Date.now()).toBeGreaterThanOrEqual(holdEnds);
    expect(await db.select({ attempts: mailOutbox.attempts }).from(mailOutbox)).toEqual([{ attempts: 1 }]);
  });
});

describe('afterCommit', () => {
  const school = (id: string) => ({ id, name: `Skole ${id}`, createdAt: new Date() });

  it('runs after the commit, in order; never after a rollback or for a savepoint rolled back; at once outside a transaction', async () => {
    const dataDir = tempDataDir('after-commit');
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    const db = await openDb(dataDir);
    const ran: string[] = [];
    await db.transaction(async (tx) => {
      await tx.insert(schools).values(school('a'));
      afterCommit(() => ran.push('first'));
      await expect(
        db.transaction(async () => {
          afterCommit(() => ran.push('in a savepoint rolled back'));
          throw new Error('savepoint fails');
        }),
      ).rejects.toThrow('savepoint fails');
      await db.transaction(async () => afterCommit(() => ran.push('in a savepoint kept')));
      afterCommit(() => ran.push('last'));
      expect(ran).toEqual([]);
    });
    expect(ran).toEqual(['first', 'in a savepoint kept', 'last']);

    await expect(
      db.transaction(async (tx) => {
        await tx.insert(schools).values(school('b'));
        afterCommit(() => ran.push('rolled back'));
        throw new Error('fails');
      }),
    ).rejects.toThrow('fails');
    afterCommit(() => ran.push('outside'));
    expect(ran).toEqual(['first', 'in a savepoint kept', 'last', 'outside']);
  });
});
