/**
 * The visibility rule and the meeting rules, against a real SQLite file: every role × every
 * document kind, people outside the team, and every way of asking (a list query, one document,
 * who may be mentioned).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DocumentKinds, type DocumentKind } from '../../shared/document-kinds';
import type { Meeting } from '../../shared/meeting';
import { type Role, Roles } from '../../shared/roles';
import { type Db, openDatabase } from '../../server/db/open';
import { documents, memberships, schools, teams, users } from '../../server/db/schema';
import { AppError } from '../../server/errors';
import {
  authorizeDocument,
  authorizeMeetingChange,
  authorizeMeetingStart,
  authorizeMentions,
  canSeeDocument,
  canSeeMemberEmails,
  peopleWhoCanSee,
  visibleTo,
} from '../../server/policies';

let dir: string;
let db: Db;
let close: () => void;
const now = new Date();
/** Documents by team and kind. */
const docs: Record<'a' | 'b', Record<DocumentKind, string>> = { a: {} as Record<DocumentKind, string>, b: {} as Record<DocumentKind, string> };
const person = (role: Role | 'outsider') => `user-${role}`.padEnd(22, '_');
const auth = (userId: string) => ({ user: { id: userId, email: `${userId}@skole.test`, name: userId }, sessionId: 's' });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policies-'));
  const opened = openDatabase(dir, 'NORMAL');
  db = opened.db;
  close = () => opened.sqlite.close();
  await db.insert(schools).values({ id: 'school', name: 'Nordby', createdAt: now });
  for (const team of ['a', 'b'] as const) await db.insert(teams).values({ id: `team-${team}`, schoolId: 'school', name: team, createdAt: now });
  for (const who of [...Roles, 'outsider'] as const) {
    await db.insert(users).values({ id: person(who), email: `${who}@skole.test`, name: who, passwordHash: 'x', createdAt: now });
    // The outsider leads the other team: a member somewhere, just not here.
    await db.insert(memberships).values({ teamId: who === 'outsider' ? 'team-b' : 'team-a', userId: person(who), role: who === 'outsider' ? 'leader' : who, createdAt: now });
  }
  for (const team of ['a', 'b'] as const) {
    for (const kind of DocumentKinds) {
      const id = `${team}-${kind}`.padEnd(22, '_').slice(0, 22);
      docs[team][kind] = id;
      await db.insert(documents).values({ id, teamId: `team-${team}`, kind, title: kind, createdBy: person('member'), createdAt: now, updatedAt: now });
    }
  }
});
afterAll(() => {
  close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** What the rule should say: in the team, and observation notes only for teachers. */
const expected = (who: Role | 'outsider', kind: DocumentKind) => who !== 'outsider' && (kind !== 'observation' || who === 'leader' || who === 'member');

describe('the visibility rule', () => {
  it('lists exactly the documents each person may see, in their own team only, whichever way it is asked', async () => {
    let checked = 0;
    for (const who of [...Roles, 'outsider'] as const) {
      const viewer = { userId: person(who) };
      const listed = (await db
        .select({ id: documents.id })
        .from(documents)
        .where(and(eq(documents.teamId, 'team-a'), visibleTo(viewer))))
        .map((r) => r.id)
        .toSorted();
      const want = DocumentKinds.filter((kind) => expected(who, kind)).map((kind) => docs.a[kind]).toSorted();
      expect(listed, who).toEqual(want);
      for (const kind of DocumentKinds) {
        const id = docs.a[kind];
        expect(await canSeeDocument(db, person(who), id), `${who} ${kind}`).toBe(expected(who, kind));
        expect((await peopleWhoCanSee(db, id)).some((p) => p.id === person(who)), `${who} mentionable on ${kind}`).toBe(expected(who, kind));
        let status = 200;
        try {
          await authorizeDocument(db, auth(person(who)), id, 'document.read');
        } catch (error) {
          status = (error as AppError).status;
        }
        // Not visible is not found, exactly as a document that does not exist.
        expect(status, `${who} ${kind}`).toBe(expected(who, kind) ? 200 : 404);
        checked += 3;
      }
    }
    // Team b's documents exist, and are visible to nobody in team a.
    for (const who of Roles) expect((await db.select().from(documents).where(and(eq(documents.teamId, 'team-b'), visibleTo({ userId: person(who) }))))).toEqual([]);
    expect(checked).toBe((Roles.length + 1) * DocumentKinds.length * 3);
  });

  it('a person nobody knows sees nothing at all', async () => {
    expect((await db.select().from(documents).where(visibleTo({ userId: 'nobody-at-all-xxxxxxxx' })))).toEqual([]);
  });

  it('refuses mentions of people who cannot see the document, and names them', async () => {
    const observation = docs.a.observation;
    expect(await authorizeMentions(db, observation, [person('member'), person('leader'), person('member')])).toEqual([person('member'), person('leader')]);
    for (const who of ['guest', 'viewer', 'outsider'] as const) {
      try {
        await authorizeMentions(db, observation, [person('member'), person(who)]);
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(422);
        expect((error as AppError).code).toBe('mention_not_allowed');
        expect((error as AppError).details).toEqual({ userIds: [person(who)] });
      }
    }
    // On a plan, guests and viewers may be mentioned; people from another team never.
    expect(await authorizeMentions(db, docs.a.lesson_plan, [person('guest'), person('viewer')])).toHaveLength(2);
    await expect(authorizeMentions(db, docs.a.lesson_plan, [person('outsider')])).rejects.toThrow(AppError);
  });

  it('shows members’ e-mail addresses to teachers, and to guests and viewers only when the team says so', () => {
    for (const role of Roles) {
      expect(canSeeMemberEmails(role, { memberEmailsVisibleToGuests: false })).toBe(role === 'leader' || role === 'member');
      expect(canSeeMemberEmails(role, { memberEmailsVisibleToGuests: true })).toBe(true);
    }
  });
});

describe('meeting facilitation', () => {
  const meeting = (facilitatorId: string, ended = false): Meeting => ({
    documentId: 'd',
    facilitatorId,
    facilitatorName: 'F',
    step: 'team',
    stepStartedAt: now.toISOString(),
    startedAt: now.toISOString(),
    endedAt: ended ? now.toISOString() : null,
    serverNow: now.toISOString(),
  });
  const status = (f: () => unknown) => {
    try {
      f();
      return 200;
    } catch (error) {
      return (error as AppError).status;
    }
  };

  it('lets anyone who edits start a meeting that is not running, but not take over a running one', () => {
    for (const role of Roles) {
      const edits = role === 'leader' || role === 'member';
      expect(status(() => authorizeMeetingStart(role, 'me', null)), role).toBe(edits ? 200 : 403);
      expect(status(() => authorizeMeetingStart(role, 'me', meeting('someone-else', true))), role).toBe(edits ? 200 : 403);
      // Running, led by someone else: only a leader may restart it.
      expect(status(() => authorizeMeetingStart(role, 'me', meeting('someone-else'))), role).toBe(role === 'leader' ? 200 : edits ? 409 : 403);
      // Running, led by me: I may restart it.
      expect(status(() => authorizeMeetingStart(role, 'me', meeting('me'))), role).toBe(edits ? 200 : 403);
    }
  });

  it('lets only the facilitator or a leader move a meeting on', () => {
    for (const role of Roles) {
      expect(status(() => authorizeMeetingChange(role, 'me', meeting('me'))), role).toBe(200);
      expect(status(() => authorizeMeetingChange(role, 'me', meeting('someone-else'))), role).toBe(role === 'leader' ? 200 : 403);
      expect(status(() => authorizeMeetingChange(role, 'me', null)), role).toBe(404);
    }
  });
});
