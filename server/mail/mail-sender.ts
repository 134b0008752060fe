import type { MailConfig } from '../config';
import type { Db } from '../db/open';
import type { Logger } from '../log';
import { claimNextMail, markFailed, markSent, nextMailDue, retryLater } from './outbox';
import { type MailTransport, PermanentMailError } from './transport';

/** How long one delivery may hold a mail before another sender may try it (covers SMTP timeouts). */
const HOLD_MS = 3 * 60_000;

/**
 * Delivers the queue in the background, one mail at a time, oldest due first. A mail that fails
 * is tried again after a delay that doubles each time (MAIL_RETRY_MIN_MS … MAIL_RETRY_MAX_MS),
 * until it is delivered or MAIL_GIVE_UP_HOURS have passed. Nothing is removed from the queue
 * before the transport said it was delivered.
 */
export class MailSender {
  private timer: NodeJS.Timeout | null = null;
  /** When the pass `timer` starts is due (ms since the epoch). */
  private timerDueAt = 0;
  private running: Promise<void> | null = null;
  /** The last pass with its planning of the next look, which outlives `running`: stop waits for both. */
  private lastPass: Promise<void> | null = null;
  /** Passes planning their next look (a kick during one starts another). */
  private planning = 0;
  private again = false;
  private stopped = false;
  private readonly whenSettled: Array<() => void> = [];

  constructor(
    private readonly db: Db,
    private readonly key: Buffer,
    private readonly transport: MailTransport,
    private readonly config: MailConfig,
    private readonly log: Logger,
    /** Called after each round of deliveries (the queue's size changed). */
    private readonly drained: () => void = () => {},
  ) {}

  /** Something was queued (or the sender starts): look at the queue now. */
  kick(): void {
    this.schedule(0);
  }

  /**
   * Resolves once no pass is running or due now: every look at the queue asked for so far (by a
   * kick, or a retry that has come due) has been made and what it claimed is delivered, retried
   * or given up. A pass due later (a retry) is not waited for.
   */
  settled(): Promise<void> {
    if (this.isSettled()) return Promise.resolve();
    return new Promise((resolve) => this.whenSettled.push(resolve));
  }

  /** Stops after the mail in flight, if any. Queued mails stay queued for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.lastPass;
    this.transport.close();
    this.tellSettled();
  }

  private isSettled(): boolean {
    return this.stopped || (!this.running && this.planning === 0 && !(this.timer && this.timerDueAt <= Date.now()));
  }

  private tellSettled(): void {
    if (this.isSettled()) for (const resolve of this.whenSettled.splice(0)) resolve();
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const dueAt = Date.now() + delayMs;
    // A look already planned for sooner stays: a retry planned while a kick waited must not put off
    // the mail that kick was for.
    if (this.timer && this.timerDueAt <= dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      const pass = this.drain()
        .catch((error: unknown) => this.log.error('mail delivery stopped for now', { error }))
        .finally(async () => {
          this.running = null;
          this.planning++;
          this.drained();
          try {
            // (Not after a stop: the database may be closing.)
            if (!this.stopped) await this.planNext();
          } catch (error) {
            this.log.error('could not plan the next mail delivery', { error });
            // The database may be back by then; a kick meanwhile looks sooner.
            this.schedule(this.config.retryMinMs);
          } finally {
            this.planning--;
            this.tellSettled();
          }
        });
      this.running = pass;
      this.lastPass = pass;
    }, delayMs);
    this.timer.unref();
  }

  private async planNext(): Promise<void> {
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    const next = await nextMailDue(this.db);
    if (next) this.schedule(Math.max(0, next.getTime() - Date.now()));
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const mail = await claimNextMail(this.db, this.key, new Date(), HOLD_MS);
      if (!mail) return;
      const log = this.log.child({ mailId: mail.id, kind: mail.kind });
      if (!mail.message) {
        await markFailed(this.db, mail.id, new Date(), 'cannot decrypt: the secret key changed');
        log.error('mail given up', { reason: 'cannot decrypt: SECRET_KEY or DATA_DIR/secret.key changed' });
        continue;
      }
      try {
        await this.transport.send(mail.id, mail.message);
        await markSent(this.db, mail.id, new Date());
        log.info('mail sent', { attempts: mail.attempts + 1 });
      } catch (error) {
        const now = new Date();
        const reason = error instanceof Error ? error.message : String(error);
        if (error instanceof PermanentMailError || now.getTime() - mail.createdAt.getTime() >= this.config.giveUpMs) {
          await markFailed(this.db, mail.id, now, reason);
          log.error('mail given up', { reason, attempts: mail.attempts + 1 });
        } else {
          const delay = Math.min(this.config.retryMaxMs, this.config.retryMinMs * 2 ** mail.attempts);
          await retryLater(this.db, mail.id, new Date(now.getTime() + delay), reason);
          log.warn('mail not delivered; will retry', { reason, attempts: mail.attempts + 1, retryInMs: delay });
        }
      }
    }
  }
}
