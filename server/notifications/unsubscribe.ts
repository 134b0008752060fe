import { createHmac, timingSafeEqual } from 'node:crypto';
import { type NotificationKind, NotificationKinds } from '../../shared/account';

/**
 * One-click unsubscribe links: the person and the kinds of mail to turn off, signed with the
 * server's key, so they work without signing in and cannot be made for anyone else.
 */
const sign = (key: Buffer, payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);

export function unsubscribeToken(key: Buffer, userId: string, kinds: NotificationKind[]): string {
  const payload = Buffer.from(`${userId}:${kinds.join(',')}`).toString('base64url');
  return `${payload}.${sign(key, payload).toString('base64url')}`;
}

export function readUnsubscribeToken(key: Buffer, token: string): { userId: string; kinds: NotificationKind[] } | null {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return null;
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(key, payload);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const [userId, list] = Buffer.from(payload, 'base64url').toString('utf8').split(':');
  const kinds = (list ?? '').split(',').filter((k): k is NotificationKind => (NotificationKinds as readonly string[]).includes(k));
  return userId && kinds.length ? { userId, kinds } : null;
}
