import type { Config } from '../config';
import { deriveKey } from '../crypto/secret-key';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import type { Mailer } from '../mail/mailer';
import { sendCommentNotifications } from './comment-notifications';
import { sendTaskReminders } from './task-reminders';
import { sendWeeklyDigests } from './weekly-digest';

/**
 * Looks for notification mail to write every NOTIFY_TICK_MS: comments that have waited their
 * batch time, weekly digests and due-date reminders. Writing a mail only queues it (mail/outbox).
 */
export class Notifier {
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<unknown> | null = null;
  readonly unsubscribeKey: Buffer;

  constructor(
    private readonly db: Db,
    private readonly mailer: Mailer,
    secret: Buffer,
    private readonly config: Config['notify'],
    private readonly log: Logger,
  ) {
    this.unsubscribeKey = deriveKey(secret, 'unsubscribe');
  }

  start(): void {
    this.timer = setInterval(() => {
      // A round that outlasts the interval is not overlapped by the next.
      if (this.ticking) return;
      this.ticking = this.tick().finally(() => (this.ticking = null));
    }, this.config.tickMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a round under way. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.ticking;
  }

  /** One round of every job, as of `now`. Returns how many mails each queued. */
  async tick(now = new Date()): Promise<{ comments: number; digests: number; tasks: number }> {
    const { db, mailer, unsubscribeKey: key, config } = this;
    return {
      comments: await this.run('comments', () => sendCommentNotifications(db, mailer, key, now, config.batchMs)),
      digests: await this.run('digests', () => sendWeeklyDigests(db, mailer, key, now, config.timeZone, config.hour)),
      tasks: await this.run('tasks', () => sendTaskReminders(db, mailer, key, now, config.timeZone, config.hour)),
    };
  }

  private async run(job: string, work: () => Promise<number>): Promise<number> {
    try {
      return await work();
    } catch (error) {
      this.log.error('notification job failed', { job, error });
      return 0;
    }
  }
}
