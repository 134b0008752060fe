import fs from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../config';
import type { Logger } from '../log';
import type { MailMessage } from './message';

/** Delivers one mail, or throws. `permanent` on the error: retrying cannot help. */
export interface MailTransport {
  send(id: string, message: MailMessage): Promise<void>;
  close(): void;
}

export class PermanentMailError extends Error {}

/** SMTP when SMTP_URL is set; otherwise each mail becomes an .eml file in DATA_DIR/mail, and a log line. */
export function createMailTransport(config: MailConfig, dataDir: string, log: Logger): MailTransport {
  return config.smtpUrl ? smtpTransport(config.smtpUrl, config.from) : fileTransport(path.join(dataDir, 'mail'), config.from, log);
}

function smtpTransport(url: string, from: string): MailTransport {
  // Short timeouts: a stalled server should delay the queue by a minute, not by ten.
  const transporter = createTransport({ url, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  return {
    async send(_id, message) {
      try {
        await transporter.sendMail({ ...message, from });
      } catch (error) {
        const e = error as { responseCode?: number; command?: string; message?: string };
        // The server refused this recipient for good (550 no such mailbox…): no retry will help.
        if (e.command === 'RCPT TO' && (e.responseCode ?? 0) >= 500) throw new PermanentMailError(e.message ?? 'recipient refused');
        throw error;
      }
    },
    close: () => transporter.close(),
  };
}

function fileTransport(dir: string, from: string, log: Logger): MailTransport {
  const composer = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(id, message) {
      const info = await composer.sendMail({ ...message, from });
      await fs.mkdir(dir, { recursive: true });
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${id}.eml`);
      // Written aside and renamed: whoever watches the folder never sees half a mail.
      await fs.writeFile(`${file}.part`, info.message as Buffer, { mode: 0o600 });
      await fs.rename(`${file}.part`, file);
      log.info('mail written', { file, to: message.to, subject: message.subject });
    },
    close: () => composer.close(),
  };
}
