import { eq } from 'drizzle-orm';
import type { NotificationKind, UserLanguage } from '../../shared/account';
import type { NotificationSettings } from '../../shared/schemas/account';
import type { DbOrTx } from '../db/open';
import { notificationSettings } from '../db/schema';

/** Everything on, digests on Mondays, bokmål: until the person chooses otherwise. */
export const DEFAULT_SETTINGS: NotificationSettings = { language: 'nb', mentions: true, comments: true, tasks: true, digest: true, digestDay: 1 };

export async function getSettings(db: DbOrTx, userId: string): Promise<NotificationSettings> {
  const row = (await db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId)))[0];
  if (!row) return { ...DEFAULT_SETTINGS };
  return {
    language: row.language as UserLanguage,
    mentions: row.mentions,
    comments: row.comments,
    tasks: row.tasks,
    digest: row.digest,
    digestDay: row.digestDay,
  };
}

export async function updateSettings(db: DbOrTx, userId: string, patch: Partial<NotificationSettings>): Promise<NotificationSettings> {
  const next = { ...await getSettings(db, userId), ...patch };
  const now = new Date();
  await db.insert(notificationSettings)
    .values({ userId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...next, updatedAt: now } });
  return next;
}

export const turnOff = async (db: DbOrTx, userId: string, kind: NotificationKind) => await updateSettings(db, userId, { [kind]: false });
