import { eq } from 'drizzle-orm';
import type { UserLanguage } from '../../shared/account';
import type { Config } from '../config';
import { deriveKey } from '../crypto/secret-key';
import { afterCommit } from '../db/after-commit';
import type { Db, DbOrTx } from '../db/open';
import { notificationSettings } from '../db/schema';
import type { Logger } from '../log';
import { type MailText, mailText } from './i18n';
import { MailSender } from './mail-sender';
import type { MailMessage } from './message';
import { enqueueMail, type MailKind, mailQueueStats } from './outbox';
import { createMailTransport, type MailTransport } from './transport';

/** What the rest of the server uses to send mail: queue it, and build links and texts for it. */
export interface Mailer {
  /** Queues a mail in the caller's transaction; delivery starts once that has committed. */
  queue(db: DbOrTx, mail: { kind: MailKind; userId: string | null; message: MailMessage }): Promise<void>;
  /** Texts in a language, dates in the notification time zone. */
  text(language: UserLanguage): MailText;
  /** The recipient's chosen language (bokmål until they choose). */
  languageOf(db: DbOrTx, userId: string): Promise<UserLanguage>;
  /** An absolute link to a page of ours, for mails. */
  link(path: string): string;
  stats(): ReturnType<typeof mailQueueStats>;
  /**
   * Resolves once the sender has made every look at the queue asked of it so far: a mail queued
   * (and committed) before the call has been delivered, put back for a retry or given up.
   */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** `origin()`: where people reach us (PUBLIC_ORIGIN, or this machine while developing). */
export async function createMailer(deps: {
  db: Db;
  config: Config;
  secret: Buffer;
  origin: () => string;
  log: Logger;
  transport?: MailTransport;
  /** Told how many mails wait and how many were given up, whenever that may have changed (metrics). */
  onQueueChange?: (stats: Awaited<ReturnType<typeof mailQueueStats>>) => void;
}): Promise<Mailer> {
  const { db, config, origin } = deps;
  const log = deps.log.child({ component: 'mail' });
  const report = async () => {
    try {
      deps.onQueueChange?.(await mailQueueStats(db));
    } catch (error) {
      log.warn('could not count the mail queue', { error });
    }
  };
  const key = deriveKey(deps.secret, 'mail-outbox');
  const transport = deps.transport ?? createMailTransport(config.mail, config.dataDir, log);
  const sender = new MailSender(db, key, transport, config.mail, log, report);
  sender.kick();
  await report();
  if (!config.mail.smtpUrl) log.info('no SMTP_URL: mails are written to files', { dir: `${config.dataDir}/mail` });
  return {
    async queue(tx, mail) {
      await enqueueMail(tx, key, mail);
      // Only a committed mail is queued: started inside the caller's transaction, the sender would
      // claim it there (and could send it before, or without, the commit).
      afterCommit(() => {
        void report();
        sender.kick();
      });
    },
    text: (language) => mailText(language, config.notify.timeZone),
    languageOf: async (tx, userId) =>
      ((await tx.select({ language: notificationSettings.language }).from(notificationSettings).where(eq(notificationSettings.userId, userId)))[0]
        ?.language as UserLanguage | undefined) ?? 'nb',
    link: (path) => new URL(path, origin()).toString(),
    stats: () => mailQueueStats(db),
    settled: () => sender.settled(),
    stop: () => sender.stop(),
  };
}
