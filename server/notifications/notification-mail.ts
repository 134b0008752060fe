import type { NotificationKind } from '../../shared/account';
import type { DbOrTx } from '../db/open';
import { type MailBlock, composeMail } from '../mail/compose';
import type { MailText } from '../mail/i18n';
import type { Mailer } from '../mail/mailer';
import type { MailKind } from '../mail/outbox';
import { unsubscribeToken } from './unsubscribe';

/**
 * A notification in the recipient's language, with a one-click unsubscribe for the kinds of mail
 * it carries (in the text, and as List-Unsubscribe for mail programs) and a link to the settings.
 */
export async function queueNotificationMail(
  db: DbOrTx,
  mailer: Mailer,
  unsubscribeKey: Buffer,
  recipient: { id: string; email: string; name: string },
  kinds: NotificationKind[],
  kind: MailKind,
  write: (text: MailText) => { subject: string; blocks: MailBlock[] },
): Promise<void> {
  const text = mailer.text(await mailer.languageOf(db, recipient.id));
  const token = unsubscribeToken(unsubscribeKey, recipient.id, kinds);
  const { subject, blocks } = write(text);
  const message = composeMail(text, {
    to: recipient.email,
    subject,
    name: recipient.name,
    blocks,
    unsubscribe: {
      pageUrl: mailer.link(`/unsubscribe#token=${token}`),
      oneClickUrl: mailer.link(`/api/account/unsubscribe?token=${token}`),
      settingsUrl: mailer.link('/account/notifications'),
    },
  });
  await mailer.queue(db, { kind, userId: recipient.id, message });
}
