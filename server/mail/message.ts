/** A mail ready to go: what the queue stores (encrypted) and a transport delivers. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers?: Record<string, string>;
}
