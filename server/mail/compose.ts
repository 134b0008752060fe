import type { MailText } from './i18n';
import type { MailMessage } from './message';

/** What a mail says, in blocks that become both a plain-text and an HTML part. */
export type MailBlock =
  | { type: 'paragraph'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'link'; label: string; url: string }
  | { type: 'quote'; text: string }
  | { type: 'list'; items: string[] };

export interface MailContent {
  to: string;
  subject: string;
  /** The recipient's name for the greeting. */
  name: string;
  blocks: MailBlock[];
  /** Notifications carry a one-click unsubscribe (RFC 8058) and a link to the settings page. */
  unsubscribe?: { pageUrl: string; oneClickUrl: string; settingsUrl: string };
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subjects are one line: whatever a title contains, no header can be smuggled in. */
const oneLine = (s: string) => s.replace(/[\r\n\t]+/g, ' ').trim().slice(0, 200);

export function composeMail(text: MailText, content: MailContent): MailMessage {
  const blocks: MailBlock[] = [{ type: 'paragraph', text: text.t('mail.greeting', { name: content.name }) }, ...content.blocks];
  blocks.push({ type: 'paragraph', text: text.t('mail.signature') });
  const footer: MailBlock[] = [{ type: 'paragraph', text: text.t('mail.footer.why') }];
  if (content.unsubscribe) {
    footer.push(
      { type: 'link', label: text.t('mail.footer.unsubscribe'), url: content.unsubscribe.pageUrl },
      { type: 'link', label: text.t('mail.footer.settings'), url: content.unsubscribe.settingsUrl },
    );
  }
  const message: MailMessage = {
    to: content.to,
    subject: oneLine(content.subject),
    text: [...blocks.map(plain), '--', ...footer.map(plain)].join('\n\n') + '\n',
    html: [
      `<!doctype html><html lang="${text.language}"><body style="font-family:sans-serif;line-height:1.5;max-width:40em">`,
      ...blocks.map(html),
      '<hr>',
      `<div style="font-size:small;color:#555">${footer.map(html).join('')}</div>`,
      '</body></html>',
    ].join('\n'),
  };
  if (content.unsubscribe) {
    message.headers = {
      'List-Unsubscribe': `<${content.unsubscribe.oneClickUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    };
  }
  return message;
}

function plain(block: MailBlock): string {
  switch (block.type) {
    case 'paragraph':
    case 'heading':
      return block.text;
    case 'link':
      return `${block.label}\n${block.url}`;
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `> ${line}`)
        .join('\n');
    case 'list':
      return block.items.map((item) => `- ${item}`).join('\n');
  }
}

function html(block: MailBlock): string {
  switch (block.type) {
    case 'paragraph':
      return `<p>${escapeHtml(block.text)}</p>`;
    case 'heading':
      return `<h2 style="font-size:1.1em">${escapeHtml(block.text)}</h2>`;
    case 'link':
      return `<p>${escapeHtml(block.label)}<br><a href="${escapeHtml(block.url)}">${escapeHtml(block.url)}</a></p>`;
    case 'quote':
      return `<blockquote style="border-left:3px solid #ccc;margin:0;padding-left:1em;white-space:pre-wrap">${escapeHtml(block.text)}</blockquote>`;
    case 'list':
      return `<ul>${block.items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  }
}
