import { eq } from 'drizzle-orm';
import type { NotificationKind, UserLanguage } from '../../shared/account';
import type { NotificationSettings } from '../../shared/schemas/account';
import type { DbOrTx } from '../db/open';
import { notificationSettings } from '../db/schema';

/** Everything on, digests on Mondays, bokmål: until the person chooses otherwise. */
export const DEFAULT_SETTINGS: NotificationSettings = { language: 'nb', mentions: true, comments: true, tasks: true, digest: true, digestDay: 1 };

export function getSettings(db: DbOrTx, userId: string): NotificationSettings {
  const row = db.select().from(notificationSettings).where(eq(notificationSettings.userId, userId)).get();
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

export function updateSettings(db: DbOrTx, userId: string, patch: Partial<NotificationSettings>): NotificationSettings {
  const next = { ...getSettings(db, userId), ...patch };
  const now = new Date();
  db.insert(notificationSettings)
    .values({ userId, ...next, updatedAt: now })
    .onConflictDoUpdate({ target: notificationSettings.userId, set: { ...next, updatedAt: now } })
    .run();
  return next;
}

export const turnOff = (db: DbOrTx, userId: string, kind: NotificationKind) => updateSettings(db, userId, { [kind]: false });
