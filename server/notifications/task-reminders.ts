import { and, eq, isNull } from 'drizzle-orm';
import { type Db, rowsChanged } from '../db/open';
import { actionItems, documents, memberships, taskReminders, teams, users } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import { canSeeDocument } from '../policies';
import { ownerOf } from '../tasks/owners';
import { addDays, localTime } from './local-time';
import { queueNotificationMail } from './notification-mail';
import { getSettings } from './settings';


/**
 * The day before action items are due (from NOTIFY_HOUR, in NOTIFY_TIME_ZONE), mails each owner
 * which documents have items due tomorrow: titles and links, never the items' text. Once per
 * person, document and due date.
 */
export async function sendTaskReminders(db: Db, mailer: Mailer, unsubscribeKey: Buffer, now: Date, zone: string, fromHour: number): Promise<number> {
  const today = localTime(now, zone);
  if (today.hour < fromHour) return 0;
  const tomorrow = addDays(today.date, 1);
  const due = (await db
    .select({ documentId: actionItems.documentId, owner: actionItems.owner, teamId: documents.teamId, title: documents.title, teamName: teams.name })
    .from(actionItems)
    .innerJoin(documents, eq(documents.id, actionItems.documentId))
    .innerJoin(teams, eq(teams.id, documents.teamId))
    .where(and(eq(actionItems.due, tomorrow), eq(actionItems.done, false), isNull(documents.archivedAt))));
  const membersOf = new Map<string, Array<{ id: string; name: string; email: string }>>();
  const perUser = new Map<string, Map<string, { title: string; teamName: string; count: number }>>();
  for (const item of due) {
    if (!membersOf.has(item.teamId)) {
      membersOf.set(
        item.teamId,
        (await db.select({ id: users.id, name: users.name, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId)).where(eq(memberships.teamId, item.teamId))),
      );
    }
    const userId = ownerOf(membersOf.get(item.teamId)!, item.owner);
    if (!userId) continue;
    const docs = perUser.get(userId) ?? new Map();
    perUser.set(userId, docs);
    const entry = docs.get(item.documentId) ?? { title: item.title, teamName: item.teamName, count: 0 };
    entry.count++;
    docs.set(item.documentId, entry);
  }
  let mails = 0;
  for (const [userId, docs] of perUser) {
    await db.transaction(async (tx) => {
      if (!(await getSettings(tx, userId)).tasks) return;
      const fresh: Array<[string, { title: string; teamName: string; count: number }]> = [];
      for (const [documentId, d] of docs) {
        if (!(await canSeeDocument(tx, userId, documentId))) continue;
        const inserted = await tx.insert(taskReminders).values({ userId, documentId, due: tomorrow, sentAt: now }).onConflictDoNothing();
        if (rowsChanged(inserted) === 1) fresh.push([documentId, d]);
      }
      if (fresh.length === 0) return;
      const recipient = (await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)))[0]!;
      const total = fresh.reduce((n, [, d]) => n + d.count, 0);
      await queueNotificationMail(tx, mailer, unsubscribeKey, recipient, ['tasks'], 'tasks', (text) => ({
        subject: text.plural('tasks.subject', total),
        blocks: [
          { type: 'paragraph', text: text.t('tasks.intro', { date: text.date(new Date(`${tomorrow}T12:00:00Z`)) }) },
          ...fresh.flatMap(([documentId, d]) => [
            { type: 'paragraph' as const, text: text.plural('tasks.document', d.count, { title: d.title, team: d.teamName }) },
            { type: 'link' as const, label: text.t('tasks.open'), url: mailer.link(`/documents/${documentId}`) },
          ]),
        ],
      }));
      mails++;
    });
  }
  return mails;
}
