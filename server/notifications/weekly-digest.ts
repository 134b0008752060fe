import { and, eq, lte } from 'drizzle-orm';
import type { Db } from '../db/open';
import { digestLog, memberships, schools, teams, users } from '../db/schema';
import type { Mailer } from '../mail/mailer';
import type { MailBlock } from '../mail/compose';
import type { MailText } from '../mail/i18n';
import { activitySince, lastVisit } from '../teams/team-home';
import { localTime } from './local-time';
import { queueNotificationMail } from './notification-mail';
import { getSettings } from './settings';

const WEEK_MS = 7 * 86_400_000;
/** A digest sent less than this long ago counts as this week's. */
const SENT_THIS_WEEK_MS = 6 * 86_400_000;

type Activity = Awaited<ReturnType<typeof activitySince>>;

/**
 * On each guest's digest day (from NOTIFY_HOUR), one mail with what changed in every team they are
 * a guest in, since their last visit or last digest: the team home's "since your last visit",
 * as titles and links only, through the same visibility rule.
 */
export async function sendWeeklyDigests(db: Db, mailer: Mailer, unsubscribeKey: Buffer, now: Date, zone: string, fromHour: number): Promise<number> {
  const today = localTime(now, zone);
  if (today.hour < fromHour) return 0;
  const guestships = (await db
    .select({ userId: memberships.userId, teamId: memberships.teamId, teamName: teams.name, schoolName: schools.name })
    .from(memberships)
    .innerJoin(teams, eq(teams.id, memberships.teamId))
    .innerJoin(schools, eq(schools.id, teams.schoolId))
    .where(eq(memberships.role, 'guest')));
  const byUser = new Map<string, typeof guestships>();
  for (const g of guestships) byUser.set(g.userId, [...(byUser.get(g.userId) ?? []), g]);
  let mails = 0;
  for (const [userId, teamsOfUser] of byUser) {
    const settings = await getSettings(db, userId);
    if (!settings.digest || settings.digestDay !== today.weekday) continue;
    await db.transaction(async (tx) => {
      const sections: Array<{ teamId: string; teamName: string; schoolName: string; activity: Activity }> = [];
      let earliest = now;
      for (const team of teamsOfUser) {
        const sent = (await tx
          .select({ at: digestLog.sentAt })
          .from(digestLog)
          .where(and(eq(digestLog.userId, userId), eq(digestLog.teamId, team.teamId))))[0]?.at;
        if (sent && now.getTime() - sent.getTime() < SENT_THIS_WEEK_MS) continue;
        const since = new Date(Math.max(sent?.getTime() ?? 0, (await lastVisit(db, team.teamId, userId))?.getTime() ?? 0, now.getTime() - WEEK_MS));
        // Claimed by the write that decides it: another sender (instance) finds it sent this week.
        const claimed = await tx.insert(digestLog)
          .values({ userId, teamId: team.teamId, sentAt: now })
          .onConflictDoUpdate({
            target: [digestLog.userId, digestLog.teamId],
            set: { sentAt: now },
            setWhere: lte(digestLog.sentAt, new Date(now.getTime() - SENT_THIS_WEEK_MS)),
          })
          .returning({ at: digestLog.sentAt });
        if (claimed.length === 0) continue;
        const activity = await activitySince(db, { userId }, team.teamId, since);
        if (activity.documents.length + activity.cycles.length + activity.newMembers.length === 0) continue;
        if (since < earliest) earliest = since;
        sections.push({ ...team, activity });
      }
      if (sections.length === 0) return;
      const recipient = (await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, userId)))[0]!;
      await queueNotificationMail(tx, mailer, unsubscribeKey, recipient, ['digest'], 'digest', (text) => ({
        subject: text.t('digest.subject'),
        blocks: [{ type: 'paragraph', text: text.t('digest.intro', { date: text.date(earliest) }) }, ...sections.flatMap((s) => teamSection(text, mailer, s))],
      }));
      mails++;
    });
  }
  return mails;
}

function teamSection(text: MailText, mailer: Mailer, s: { teamId: string; teamName: string; schoolName: string; activity: Activity }): MailBlock[] {
  const { documents, cycles, newMembers } = s.activity;
  const blocks: MailBlock[] = [{ type: 'heading', text: text.t('digest.team', { team: s.teamName, school: s.schoolName }) }];
  if (documents.length) {
    blocks.push(
      { type: 'paragraph', text: text.plural('digest.documents', documents.length) },
      {
        type: 'list',
        items: documents.map((d) =>
          d.isNew
            ? text.t('digest.new', { title: d.title })
            : d.editorName
              ? text.t('digest.changedBy', { title: d.title, name: d.editorName })
              : text.t('digest.changed', { title: d.title }),
        ),
      },
    );
  }
  if (cycles.length) blocks.push({ type: 'paragraph', text: text.plural('digest.cycles', cycles.length) }, { type: 'list', items: cycles.map((c) => c.title) });
  if (newMembers.length) blocks.push({ type: 'paragraph', text: text.plural('digest.members', newMembers.length) }, { type: 'list', items: newMembers.map((m) => m.name) });
  blocks.push({ type: 'link', label: text.t('digest.open'), url: mailer.link(`/teams/${s.teamId}`) });
  return blocks;
}
