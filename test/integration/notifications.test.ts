/**
 * E-mail notifications delivered to a real SMTP server: mentions, replies and comments batched per
 * person, the weekly digest for guests, action items the day before they are due; each in the
 * recipient's language, never with text from documents they may not read, with a working one-click
 * unsubscribe. The jobs run on the server's own timer; tests that need another day or hour call the
 * same job with that time (`notifier.tick(now)`).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { queryDatabase } from '../helpers/db-files';
import { addMember, createDocument, request, type Session, teamLeader } from '../helpers/api';
import { anchorFor } from '../helpers/anchor';
import { blockOf } from '../helpers/blocks';
import { connectSynced } from '../helpers/clients';
import { startTestServer, type TestServer } from '../helpers/server';
import { linkIn, TestSmtpServer } from '../helpers/smtp';
import { waitFor } from '../helpers/wait';
import { localTime } from '../../server/notifications/local-time';

const ORIGIN = 'https://fellesrom.skole.test';
const MINUTE = 60_000;
let mta: TestSmtpServer;
let server: TestServer;
let leader: Session;
let member: Session;
let guest: Session;
let viewer: Session;
let teamId: string;
let planId: string;
let notesId: string;

beforeAll(async () => {
  mta = await new TestSmtpServer().start();
  server = await startTestServer({
    env: { PUBLIC_ORIGIN: ORIGIN, SMTP_URL: mta.url, NOTIFY_BATCH_MS: String(MINUTE), NOTIFY_TICK_MS: '3600000', CHANGE_REPORT_MS: '20' },
  });
  const lead = await teamLeader(server.url, 'Lise Leder', 'Team Varsel');
  leader = lead.session;
  teamId = lead.teamId;
  member = await addMember(leader, teamId, 'member', 'Mona Medlem');
  guest = await addMember(leader, teamId, 'guest', 'Gry Gjest');
  viewer = await addMember(leader, teamId, 'viewer', 'Vera Leser');
  planId = await createDocument(leader, teamId, 'lesson_plan', 'Brøk i 5B');
  notesId = await createDocument(member, teamId, 'observation', 'Observasjon runde 1');
});
afterAll(async () => {
  await server?.close();
  await mta?.stop();
});
beforeEach(() => {
  mta.mails.length = 0;
});

const anchor = anchorFor;
async function comment(who: Session, documentId: string, body: string, mentions: Session[] = []) {
  const res = await who.post(`/api/documents/${documentId}/threads`, { anchorStart: anchor(1), anchorEnd: anchor(3), quote: 'Sitert tekst fra dokumentet', body, mentions: mentions.map((m) => m.user.id) });
  expect(res.status).toBe(201);
  return res.json.id as string;
}
async function reply(who: Session, threadId: string, body: string, mentions: Session[] = []) {
  const res = await who.post(`/api/threads/${threadId}/comments`, { body, mentions: mentions.map((m) => m.user.id) });
  expect(res.status).toBe(201);
}
const mailsTo = (s: Session) => mta.mails.filter((m) => m.to === s.user.email);
const later = (ms: number) => new Date(Date.now() + ms);
/** Runs the jobs as of `now` and waits until what they queued has reached the SMTP server. */
async function tick(now: Date) {
  const result = await server.notifier.tick(now);
  await server.mailer.settled();
  expect((await server.mailer.stats()).queued).toBe(0);
  return result;
}
const setLanguage = (s: Session, language: string) => s.request('PATCH', '/api/account/notifications', { language });
const sql = (query: string, ...params: unknown[]) => queryDatabase<Record<string, unknown>>(server.dataDir, query, ...params);

describe('mentions, replies and comments', () => {
  it('waits for the batch time, then sends each person one mail with everything, in their language', async () => {
    expect((await setLanguage(member, 'nn')).status).toBe(200);
    expect((await setLanguage(guest, 'en')).status).toBe(200);
    const first = await comment(guest, planId, 'Hva om elevene starter med konkreter?', [member]);
    await comment(guest, planId, 'Lise, kan du legge det inn i planen?', [leader]);
    await comment(leader, planId, 'Mona, kan du ta runde 2?', [member]);
    await comment(guest, planId, 'Fin plan!');
    // Lise answers the first thread in the app: she has read it, so it is left out of her mail.
    await reply(leader, first, 'God idé, vi prøver det i runde 2.');

    expect((await tick(new Date())).comments).toBe(0);
    expect(mta.mails.length).toBe(0);
    expect((await tick(later(2 * MINUTE))).comments).toBe(3);

    // Lise created the plan: a mention of her and a new comment on it, in one mail.
    expect(mailsTo(leader).length).toBe(1);
    const [toLeader] = mailsTo(leader);
    expect(toLeader!.subject).toBe('2 nye kommentarer i Fellesrom');
    expect(toLeader!.text).toContain('Gry Gjest nevnte deg i «Brøk i 5B» (Team Varsel):');
    expect(toLeader!.text).toContain('> Lise, kan du legge det inn i planen?');
    expect(toLeader!.text).toContain('Gry Gjest kommenterte dokumentet ditt «Brøk i 5B» (Team Varsel):');
    expect(toLeader!.text).toContain('> Fin plan!');
    expect(toLeader!.text).not.toContain('konkreter');
    expect(toLeader!.text).toContain(`${ORIGIN}/documents/${planId}`);
    // Never the document's own text (the quoted passage), only its title and a link.
    expect(toLeader!.text).not.toContain('Sitert tekst fra dokumentet');

    const [toMember] = mailsTo(member);
    expect(toMember!.subject).toBe('2 nye kommentarar i Fellesrom');
    expect(toMember!.text).toContain('Hei Mona Medlem,');
    expect(toMember!.text).toContain('Gry Gjest nemnde deg i «Brøk i 5B»');
    expect(toMember!.text).toContain('Lise Leder nemnde deg i «Brøk i 5B»');

    const [toGuest] = mailsTo(guest);
    expect(mailsTo(guest).length).toBe(1);
    expect(toGuest!.subject).toBe('Lise Leder replied in “Brøk i 5B”');
    expect(toGuest!.text).toContain('> God idé, vi prøver det i runde 2.');

    for (const mail of [toLeader!, toMember!, toGuest!]) {
      expect(mail.header('list-unsubscribe')).toMatch(new RegExp(`^<${ORIGIN}/api/account/unsubscribe\\?token=[\\w.-]+>$`));
      expect(mail.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.html).toContain(`${ORIGIN}/unsubscribe#token=`);
    }
    // Nothing twice.
    expect((await tick(later(10 * MINUTE))).comments).toBe(0);
    await setLanguage(member, 'nb');
  });

  it('mails nobody text from a document they may not read, nor what they already read or what was deleted', async () => {
    // Raw observation notes are for the team's teachers: guests and viewers cannot even be mentioned.
    const refused = await member.post(`/api/documents/${notesId}/threads`, { anchorStart: anchor(1), anchorEnd: anchor(3), quote: 'x', body: 'Til gjesten', mentions: [guest.user.id] });
    expect(refused.json.error?.code).toBe('mention_not_allowed');
    // A teacher who wrote the notes is mentioned, then becomes a guest before the mail is written:
    // what the policy says when the mail is written decides, so it never reaches them.
    const olav = await addMember(leader, teamId, 'member', 'Olav Observatør');
    const olavsNotes = await createDocument(olav, teamId, 'observation', 'Olavs notater');
    await comment(member, olavsNotes, 'Elev B løste oppgaven med tegning', [olav, leader]);
    expect((await leader.request('PATCH', `/api/teams/${teamId}/members/${olav.user.id}`, { role: 'guest' })).status).toBe(200);
    // A comment the leader reads in the app before the batch goes out, and one deleted meanwhile.
    const readThread = await comment(member, planId, 'Denne har Lise alt lest', [leader]);
    expect((await leader.post(`/api/threads/${readThread}/read`)).status).toBe(204);
    const gone = await member.post(`/api/documents/${planId}/threads`, { anchorStart: anchor(1), anchorEnd: anchor(2), quote: 'x', body: 'Angret', mentions: [leader.user.id] });
    const goneComment = (gone.json.comments as Array<{ id: string }>)[0]!.id;
    expect((await member.request('DELETE', `/api/threads/${gone.json.id as string}/comments/${goneComment}`)).status).toBe(204);

    await tick(later(2 * MINUTE));
    expect(mailsTo(olav)).toEqual([]);
    const toLeader = mailsTo(leader);
    expect(toLeader.length).toBe(1);
    expect(toLeader[0]!.subject).toBe('Mona Medlem nevnte deg i «Olavs notater»');
    expect(toLeader[0]!.text).toContain('> Elev B løste oppgaven med tegning');
    expect(toLeader[0]!.text).not.toContain('Denne har Lise alt lest');
    expect(toLeader[0]!.text).not.toContain('Angret');
    expect(mta.mails.filter((m) => m.to !== leader.user.email && m.text.includes('Elev B'))).toEqual([]);

    // Someone who left the team before the batch went out is not told either.
    const leaving = await addMember(leader, teamId, 'member', 'Leo Slutter');
    await comment(member, planId, 'Til Leo', [leaving]);
    expect((await leader.request('DELETE', `/api/teams/${teamId}/members/${leaving.user.id}`)).status).toBe(204);
    await tick(later(2 * MINUTE));
    expect(mailsTo(leaving)).toEqual([]);
  });

  it('goes out on the server’s own timer too', async () => {
    const quick = await startTestServer({ env: { PUBLIC_ORIGIN: ORIGIN, SMTP_URL: mta.url, NOTIFY_BATCH_MS: '0', NOTIFY_TICK_MS: '50' } });
    try {
      const lead = await teamLeader(quick.url, 'Rask Leder', 'Raskt team');
      const other = await addMember(lead.session, lead.teamId, 'member', 'Rask Kollega');
      const doc = await createDocument(lead.session, lead.teamId, 'note', 'Hurtignotat');
      await comment(other, doc, 'Ser du denne?', [lead.session]);
      const mail = await mta.waitForMail((m) => m.to === lead.session.user.email, 'the mention, by the timer');
      expect(mail.subject).toBe('Rask Kollega nevnte deg i «Hurtignotat»');
    } finally {
      await quick.close();
    }
  });
});

describe('settings and unsubscribing', () => {
  it('keeps per-person settings and refuses nonsense', async () => {
    const mine = await viewer.get('/api/account/notifications');
    expect(mine.json).toEqual({ language: 'nb', mentions: true, comments: true, tasks: true, digest: true, digestDay: 1 });
    const changed = await viewer.request('PATCH', '/api/account/notifications', { digestDay: 5, tasks: false });
    expect(changed.json).toMatchObject({ digestDay: 5, tasks: false, mentions: true });
    for (const bad of [{ digestDay: 7 }, { digestDay: 'mandag' }, { language: 'se' }, { mentions: 'ja' }, { other: true }]) {
      const res = await viewer.request('PATCH', '/api/account/notifications', bad);
      expect(res.status).toBe(400);
      expect(res.json.error?.code).toBe('validation_failed');
    }
    expect((await viewer.request('PATCH', '/api/account/notifications', '{"digestDay":')).json.error?.code).toBe('malformed_json');
    expect((await viewer.get('/api/account/notifications')).json).toMatchObject({ digestDay: 5, tasks: false });
    expect((await request(server.url, 'GET', '/api/account/notifications')).status).toBe(401);
  });

  it('turns a kind of mail off with one click from the mail, without signing in', async () => {
    await comment(leader, planId, 'Mona, se her', [member]);
    await tick(later(2 * MINUTE));
    const mail = mailsTo(member)[0]!;
    const oneClick = /^<(.+)>$/.exec(mail.header('list-unsubscribe') as string)![1]!;
    const token = new URL(oneClick).searchParams.get('token')!;
    expect(linkIn(mail.text, `${ORIGIN}/unsubscribe#token=`)).toBe(`${ORIGIN}/unsubscribe#token=${token}`);

    const local = `${server.url}/api/account/unsubscribe?token=${encodeURIComponent(token)}`;
    expect((await request(server.url, 'GET', `/api/account/unsubscribe?token=${encodeURIComponent(token)}`)).json).toEqual({ kinds: ['mentions'] });
    // As a mail program sends it (RFC 8058): a form body, no cookie, no Origin.
    const res = await fetch(local, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await member.get('/api/account/notifications')).json).toMatchObject({ mentions: false, comments: true });
    mta.mails.length = 0;
    await comment(leader, planId, 'Mona igjen', [member]);
    await tick(later(2 * MINUTE));
    expect(mailsTo(member)).toEqual([]);

    // A changed or foreign token does nothing.
    const [payload, signature] = token.split('.') as [string, string];
    const forged = `${Buffer.from(`${leader.user.id}:mentions`).toString('base64url')}.${signature}`;
    for (const bad of [forged, `${payload}.${'A'.repeat(22)}`, 'x'.repeat(30), `${token}.extra`]) {
      const r = await request(server.url, 'POST', `/api/account/unsubscribe?token=${encodeURIComponent(bad)}`);
      expect(r.status).toBe(400);
      expect(r.json.error?.code).toBe('link_invalid');
    }
    expect((await leader.get('/api/account/notifications')).json).toMatchObject({ mentions: true });
    expect((await request(server.url, 'POST', '/api/account/unsubscribe')).status).toBe(400);
    await member.request('PATCH', '/api/account/notifications', { mentions: true });
  });
});

describe('the weekly digest for guests', () => {
  it('tells a guest, on their day, what changed since the last visit: titles and links, only what they may see', async () => {
    expect((await guest.post(`/api/teams/${teamId}/visit`)).status).toBe(204);
    // What follows must come after the visit, not in the same millisecond.
    const visited = Date.now();
    await waitFor(() => Date.now() > visited, 1_000, 'the clock to move on');
    await createDocument(member, teamId, 'reflection', 'Refleksjon etter runde 1');
    await createDocument(member, teamId, 'observation', 'Observasjon runde 2');
    await leader.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus om brøk' });

    // Tomorrow at 09:00 in Oslo, the guest's digest day.
    const day = new Date(`${localTime(later(86_400_000), 'Europe/Oslo').date}T08:00:00Z`);
    const weekday = localTime(day, 'Europe/Oslo').weekday;
    await guest.request('PATCH', '/api/account/notifications', { digestDay: weekday, language: 'nb' });
    await member.request('PATCH', '/api/account/notifications', { digestDay: weekday });

    // (Olav, made a guest earlier in this file, keeps the default day, Monday: counted apart.)
    const early = new Date(`${localTime(day, 'Europe/Oslo').date}T03:00:00Z`);
    await tick(early);
    expect(mailsTo(guest)).toEqual([]);
    expect((await tick(day)).digests).toBeGreaterThanOrEqual(1);
    expect(mailsTo(guest)).toHaveLength(1);
    const [digest] = mailsTo(guest);
    expect(digest!.subject).toBe('Ukesoversikt fra Fellesrom');
    expect(digest!.text).toContain('Team Varsel, Nordby skole');
    expect(digest!.text).toContain('Nytt: «Refleksjon etter runde 1»');
    expect(digest!.text).toContain('Syklus om brøk');
    expect(digest!.text).toContain(`${ORIGIN}/teams/${teamId}`);
    expect(digest!.text).not.toContain('Observasjon');
    expect(digest!.header('list-unsubscribe')).toMatch(/unsubscribe\?token=/);
    // Members get no digest; and the guest gets one a week, not one a tick.
    expect(mailsTo(member)).toEqual([]);
    await tick(new Date(day.getTime() + 3_600_000));
    await tick(new Date(day.getTime() + 86_400_000));
    expect(mailsTo(guest)).toHaveLength(1);
  });
});

describe('action items', () => {
  it('reminds the owner the day before the due date, with titles and links only', async () => {
    const reflectionId = await createDocument(leader, teamId, 'reflection', 'Refleksjonsmøte 3. mars');
    const day = new Date(`${localTime(later(3 * 86_400_000), 'Europe/Oslo').date}T08:00:00Z`);
    const tomorrow = localTime(new Date(day.getTime() + 86_400_000), 'Europe/Oslo').date;
    const client = await connectSynced(server.wsUrl, reflectionId, leader.cookie);
    const list = new Y.XmlElement('taskList');
    const item = (text: string, attrs: Record<string, string | boolean | null>) => {
      const el = new Y.XmlElement('taskItem');
      for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v as string);
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(text)]);
      el.insert(0, [p]);
      return el;
    };
    list.insert(0, [
      item('Send planen til rektor', { checked: false, owner: 'Mona Medlem', due: tomorrow }),
      item('Bestill rom', { checked: false, owner: `@${member.user.email.toUpperCase()}`, due: tomorrow }),
      item('Allerede gjort', { checked: true, owner: 'Mona Medlem', due: tomorrow }),
      item('Senere', { checked: false, owner: 'Mona Medlem', due: '2099-01-01' }),
      item('Ukjent eier', { checked: false, owner: 'Noen Andre', due: tomorrow }),
      item('Gjesten', { checked: false, owner: 'Gry Gjest', due: tomorrow }),
    ]);
    client.fragment.insert(client.fragment.length, [blockOf('actionItems', [list])]);
    await waitFor(async () => (await sql('select count(*) as n from action_items where document_id = ?', reflectionId))[0]!.n === 6, 20_000, 'the items to be indexed');
    client.destroy();

    expect((await tick(day)).tasks).toBe(2);
    const [toMember] = mailsTo(member);
    expect(toMember!.subject).toBe('Du har 2 oppgaver med frist i morgen');
    expect(toMember!.text).toContain('«Refleksjonsmøte 3. mars» (Team Varsel): 2 oppgaver');
    expect(toMember!.text).toContain(`${ORIGIN}/documents/${reflectionId}`);
    for (const secret of ['Send planen til rektor', 'Bestill rom']) expect(toMember!.text).not.toContain(secret);
    expect(mailsTo(guest)[0]!.subject).toBe('Du har en oppgave med frist i morgen');
    expect((await tick(new Date(day.getTime() + 3_600_000))).tasks).toBe(0);

    // An item in a document the owner may not read reminds nobody.
    const notes = await createDocument(member, teamId, 'observation', 'Observasjon med oppgave');
    const notesClient = await connectSynced(server.wsUrl, notes, member.cookie);
    const notesList = new Y.XmlElement('taskList');
    notesList.insert(0, [item('Skjult', { checked: false, owner: 'Gry Gjest', due: tomorrow })]);
    notesClient.fragment.insert(notesClient.fragment.length, [blockOf('actionItems', [notesList])]);
    await waitFor(async () => (await sql('select count(*) as n from action_items where document_id = ?', notes))[0]!.n === 1, 20_000, 'indexed');
    notesClient.destroy();
    mta.mails.length = 0;
    expect((await tick(new Date(day.getTime() + 2 * 3_600_000))).tasks).toBe(0);
    expect(mailsTo(guest)).toEqual([]);
  });
});

