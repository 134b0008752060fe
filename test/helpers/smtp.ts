import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './wait';

export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header values as sent (mailparser turns some, like List-*, into objects). */
  header(name: string): string | undefined;
}

/**
 * A real SMTP server (smtp-server, as an MTA would answer), on its own port, keeping what it
 * receives. It can be stopped and started again on the same port, and can hold mails in the
 * middle of the DATA command until released (a slow or stuck server).
 */
export class TestSmtpServer {
  readonly mails: ReceivedMail[] = [];
  /** Connections that reached the DATA command, held or not. */
  dataStarted = 0;
  private server: SMTPServer | null = null;
  private held: Array<() => void> | null = null;
  port = 0;
  /** Recipients to refuse for good (550), as for a mailbox that does not exist. */
  refuse: (address: string) => boolean = () => false;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo: (address, _session, callback) => {
        if (this.refuse(address.address)) {
          callback(Object.assign(new Error('550 5.1.1 No such mailbox'), { responseCode: 550 }));
        } else {
          callback();
        }
      },
      onData: (stream, session, callback) => {
        this.dataStarted++;
        simpleParser(stream).then(
          (parsed) => {
            const deliver = () => {
              this.mails.push({
                to: session.envelope.rcptTo.map((r) => r.address).join(','),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: typeof parsed.html === 'string' ? parsed.html : '',
                header: headerReader(parsed),
              });
              callback();
            };
            if (this.held) this.held.push(deliver);
            else deliver();
          },
          (error: Error) => callback(error),
        );
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening (and drops open connections); `start()` listens on the same port again. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** From now on, mails wait in DATA until `release()`. */
  hold(): void {
    this.held = [];
  }

  release(): void {
    const held = this.held ?? [];
    this.held = null;
    for (const deliver of held) deliver();
  }

  waitForMail(match: (mail: ReceivedMail) => boolean, what = 'a mail'): Promise<ReceivedMail> {
    return waitFor(() => this.mails.find(match), 20_000, what);
  }
}

function headerReader(parsed: ParsedMail) {
  return (name: string) => {
    const line = parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
    return line?.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim();
  };
}

/** The link in a mail's text that starts with `prefix`. */
export function linkIn(text: string, prefix: string): string {
  const m = new RegExp(`${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\S+`).exec(text);
  if (!m) throw new Error(`no link starting with ${prefix} in:\n${text}`);
  return m[0];
}
