import type { DbOrTx } from '../db/open';
import { type MailBlock, composeMail } from './compose';
import type { MailText } from './i18n';
import type { Mailer } from './mailer';
import type { MailKind } from './outbox';

interface Recipient {
  id: string;
  email: string;
  name: string;
}

/** A mail about the account itself, in the owner's language: no unsubscribe, they always go out. */
async function queueAccountMail(
  db: DbOrTx,
  mailer: Mailer,
  kind: MailKind,
  user: Recipient,
  write: (text: MailText) => { subject: string; blocks: MailBlock[] },
): Promise<void> {
  const text = mailer.text(await mailer.languageOf(db, user.id));
  const { subject, blocks } = write(text);
  await mailer.queue(db, { kind, userId: user.id, message: composeMail(text, { to: user.email, subject, name: user.name, blocks }) });
}

/** The link that lets someone choose a new password. Only its hash is stored (password-reset.ts). */
export async function queuePasswordResetMail(db: DbOrTx, mailer: Mailer, user: Recipient, token: string): Promise<void> {
  await queueAccountMail(db, mailer, 'password_reset', user, (text) => ({
    subject: text.t('reset.subject'),
    blocks: [
      { type: 'paragraph', text: text.t('reset.intro', { email: user.email }) },
      // In the fragment, so the token never reaches a server log or a Referer header.
      { type: 'link', label: text.t('reset.action'), url: mailer.link(`/reset-password#token=${token}`) },
      { type: 'paragraph', text: text.t('reset.expiry') },
      { type: 'paragraph', text: text.t('reset.ignore') },
    ],
  }));
}

/** Tells the owner that their password changed, with a way back in if it was not them. */
export async function queuePasswordChangedMail(db: DbOrTx, mailer: Mailer, user: Recipient, at: Date): Promise<void> {
  await queueAccountMail(db, mailer, 'password_changed', user, (text) => ({
    subject: text.t('changed.subject'),
    blocks: [
      { type: 'paragraph', text: text.t('changed.body', { email: user.email, date: text.date(at) }) },
      { type: 'link', label: text.t('changed.notYou'), url: mailer.link('/forgot-password') },
    ],
  }));
}

/**
 * For sign-up with an address that already has an account: the answer to the request looks like
 * a new account's, and the owner hears about it here instead.
 */
export async function queueAccountExistsMail(db: DbOrTx, mailer: Mailer, user: Recipient): Promise<void> {
  await queueAccountMail(db, mailer, 'account_exists', user, (text) => ({
    subject: text.t('exists.subject'),
    blocks: [
      { type: 'paragraph', text: text.t('exists.body', { email: user.email }) },
      { type: 'link', label: text.t('exists.login'), url: mailer.link('/login') },
      { type: 'link', label: text.t('exists.forgot'), url: mailer.link('/forgot-password') },
      { type: 'paragraph', text: text.t('exists.ignore') },
    ],
  }));
}
