/**
 * Every route the app registers, as every kind of caller, on three axes: a lesson plan (what guests
 * and viewers may read), an observation document (raw notes about pupils: the team's teachers
 * only) with a thread on it and inbox items mentioning it, and a reflection (which a leader of the
 * team's school, not in the team, joins and comments on). The route list is read from the Hono
 * app itself: a new route without an entry here fails this test until someone decides its policy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import * as Y from 'yjs';
import { CloseCode } from '../../shared/close-codes';
import { NOTES_FIELD } from '../../shared/observation';
import {
  addMember,
  createDocument,
  PASSWORD,
  request,
  type Response,
  Session,
  sessionCookie,
  signUp,
  teamLeader,
  uniqueEmail,
} from '../helpers/api';
import { queryDatabase } from '../helpers/db-files';
import { connectSynced } from '../helpers/clients';
import { waitFor } from '../helpers/wait';
import { startTestServer, type TestServer } from '../helpers/server';

const PERSONAS = ['anonymous', 'outsider', 'viewer', 'guest', 'member', 'leader', 'schoolLeader'] as const;
type Persona = (typeof PERSONAS)[number];
type Expect = Record<Persona, number | string>;
const AXES = ['plan', 'observation', 'private', 'reflection'] as const;
type Axis = (typeof AXES)[number];

interface Prepared {
  params?: Record<string, string>;
  body?: unknown;
}
interface Case {
  expect: Expect;
  /** Undoes what a probe made that would change later answers (a copy published to the library). */
  after?: (res: Response) => Promise<void>;
  /** The school leader knows something the path names (a copy in the library), so their 404 may differ from an unknown id's. */
  knownToSchoolLeader?: boolean;
  /** Builds fresh objects for a case that changes state, so later cases are unaffected. */
  prepare?: (persona: Persona) => Promise<Prepared>;
  body?: unknown;
  query?: string;
  /** Deliberately answers outsiders (e.g. an invitation preview is for whoever holds the link). */
  public?: boolean;
}

const all = (status: number | string): Expect => ({
  anonymous: status,
  outsider: status,
  viewer: status,
  guest: status,
  member: status,
  leader: status,
  schoolLeader: status,
});
// A school leader who is not in the team: the team and its documents do not exist for them,
// except the reflections (onDoc below says what they may do there).
const readers = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: ok, guest: ok, member: ok, leader: ok, schoolLeader: 404 });
const editors = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: ok, leader: ok, schoolLeader: 404 });
const leaders = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: 403, leader: ok, schoolLeader: 404 });
const signedIn = (ok: number): Expect => ({ ...all(ok), anonymous: 401 });
const teachers = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: ok, leader: ok, schoolLeader: 404 });
const commenters = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 403, guest: ok, member: ok, leader: ok, schoolLeader: 404 });
/** The school level: its leaders (the team's leader created the school); its teachers may not; others learn nothing. */
const schoolLeaders = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: 403, leader: ok, schoolLeader: ok });
/** On the observation axis, a document or thread guests and viewers may not see does not exist for them. */
const unseen = (expect: Expect): Expect => ({ ...expect, viewer: 404, guest: 404 });
/** On the private axis (a member's draft), it does not exist for anyone but its author, leaders included. */
const authorOnly = (expect: Expect): Expect => ({ ...expect, viewer: 404, guest: 404, leader: 404, schoolLeader: 404 });

/** A valid comment anchor: a Yjs relative position, encoded. */
function anchor(index: number): string {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment('default');
  const t = new Y.XmlText('abcdef');
  text.insert(0, [t]);
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, index))).toString('base64');
}
const threadBody = (body: string, mentions: string[] = []) => ({ anchorStart: anchor(1), anchorEnd: anchor(3), quote: 'Corge', body, mentions });
/**
 * A team to delete: the leader deletes a fresh one of their own; everyone else is refused on one
 * made once with them in their roles (so each is refused for their role, and nothing is deleted).
 */
let spareForDeletion: Promise<{ id: string; name: string }> | null = null;
let disposed = 0;
async function teamToDelete(persona: Persona) {
  if (persona === 'leader') {
    const name = `Kastes ${++disposed}`;
    return { id: (await sessions.leader.post('/api/teams', { name, school: 'Nordby skole' })).json.id as string, name };
  }
  spareForDeletion ??= (async () => {
    const name = 'Kastes ikke';
    const id = (await sessions.leader.post('/api/teams', { name, school: 'Nordby skole' })).json.id as string;
    for (const role of ['member', 'guest', 'viewer'] as const) {
      const invite = await sessions.leader.post(`/api/teams/${id}/invites`, { role });
      await sessions[role].post(`/api/invites/${invite.json.token}/accept`);
    }
    return { id, name };
  })();
  return spareForDeletion;
}
/** One export whose progress every persona asks about (progress is kept ten minutes). */
let exported: Promise<string> | null = null;
const exportOnce = () =>
  (exported ??= fetch(`${server.url}/api/teams/${ids.teamId}/export?exportId=matrix-export`, { headers: { cookie: sessions.leader.cookie } })
    .then((res) => res.arrayBuffer())
    .then(() => 'matrix-export'));
async function reply(session: Session, threadId: string) {
  const thread = (await session.post(`/api/threads/${threadId}/comments`, { body: 'Til sletting' })).json as { comments: Array<{ id: string }> };
  return thread.comments[thread.comments.length - 1]!;
}

let server: TestServer;
const sessions = {} as Record<Exclude<Persona, 'anonymous'>, Session>;
const ids = {
  teamId: '',
  cycleId: '',
  targetUserId: '',
  inviteId: '',
  token: '',
  spareTeamId: '',
  versionId: '',
  schoolId: '',
  networkId: '',
  reportId: '',
  publishedId: '',
  outsiderSchoolId: '',
};
/** Per axis: the document, a thread on it, its first comment, and the leader's action item in it. */
const subject = {} as Record<Axis, { documentId: string; threadId: string; commentId: string; versionId: string; task: { position: number; owner: string; text: string } }>;
/**
 * Words that appear only in the team's documents and comments, by who must never see them: the
 * team's (outsiders), each axis' document (outsiders; the observation also guests and viewers; the
 * private draft everyone but its author),
 * and the people's addresses (outsiders and school leaders).
 */
const secrets = { team: [] as string[], people: [] as string[], plan: [] as string[], observation: [] as string[], private: [] as string[], reflection: [] as string[] };

function matrix(axis: Axis): Record<string, Case> {
  const obs = axis === 'observation';
  const priv = axis === 'private';
  const refl = axis === 'reflection';
  /**
   * Expectations for routes on the axis' document or thread; `onReflection` is the school
   * leader's answer on the reflection (elsewhere the document does not exist for them).
   */
  const onDoc = (expect: Expect, onReflection: number | string = 404): Expect =>
    obs ? { ...unseen(expect), schoolLeader: 404 } : priv ? authorOnly(expect) : { ...expect, schoolLeader: refl ? onReflection : 404 };
  /** A fresh private draft of the member's, for cases that change it. */
  const draft = async () => (await sessions.member.post(`/api/teams/${ids.teamId}/documents`, { kind: 'log', title: 'Utkast', visibility: 'private' })).json.id as string;
  const s = () => subject[axis];
  return {
    'GET /api/health': { expect: all(200), public: true },
    'GET /api/ready': { expect: all(200), public: true },
    'GET /api/auth/setup': { expect: all(200), public: true },
    'POST /api/auth/signup': {
      expect: all(201),
      public: true,
      prepare: async () => ({ body: { email: uniqueEmail('ny'), password: PASSWORD, name: 'Ny Lærer' } }),
    },
    'GET /api/privacy': { expect: all(200), public: true },
    'GET /api/auth/me': { expect: signedIn(200) },
    // Without the password: nobody's account is deleted here (deletion.test.ts does that, and tries a wrong one).
    'DELETE /api/auth/me': { expect: signedIn(403), body: {} },
    // Answered alike whoever asks, and whatever the address: no account enumeration.
    'POST /api/auth/password-reset': { expect: all(202), public: true, body: { email: 'ingen.konto@skole.test' } },
    'POST /api/auth/password-reset/confirm': { expect: all(400), public: true, body: { token: 'x'.repeat(43), password: 'et helt nytt passord' } },
    // With a wrong current password: nobody changes anything here.
    'POST /api/auth/password': { expect: signedIn(403), body: { currentPassword: 'feil passord', newPassword: 'et helt nytt passord' } },
    // This server has no identity provider configured (test/integration/oidc.test.ts has one).
    'GET /api/auth/oidc/start': { expect: all(404), public: true },
    'GET /api/auth/oidc/callback': { expect: all(404), public: true },
    // Each person's own account; nobody reaches another's.
    'GET /api/account': { expect: signedIn(200) },
    'DELETE /api/account/identities/:identityId': { expect: signedIn(404), prepare: async () => ({ params: { identityId: 'AAAAAAAAAAAAAAAAAAAAAA' } }) },
    'GET /api/account/notifications': { expect: signedIn(200) },
    'PATCH /api/account/notifications': { expect: signedIn(200), body: { digestDay: 3 } },
    // Signed links from mails, for whoever holds them; these are not signed by us.
    'GET /api/account/unsubscribe': { expect: all(400), public: true, query: '?token=not-a-signed-token' },
    'POST /api/account/unsubscribe': { expect: all(400), public: true, query: '?token=not-a-signed-token' },
    'GET /api/teams': { expect: signedIn(200) },
    'POST /api/teams': { expect: signedIn(201), body: { name: 'Eget team', school: 'Egen skole' } },
    'GET /api/teams/:teamId': { expect: readers(200) },
    'PATCH /api/teams/:teamId': { expect: leaders(200), body: { focus: 'Lesing i alle fag' } },
    'DELETE /api/teams/:teamId': {
      expect: leaders(200),
      prepare: async (persona) => {
        const team = await teamToDelete(persona);
        return { params: { teamId: team.id }, body: { confirm: team.name } };
      },
    },
    'GET /api/teams/:teamId/export': { expect: leaders(200) },
    'GET /api/teams/:teamId/export/progress/:exportId': {
      // Progress is the exporting leader's own: the id names an export they started.
      expect: leaders(200),
      prepare: async () => ({ params: { exportId: await exportOnce() } }),
    },
    // A JSON body is not an export: only whether the caller is signed in decides 401 or the 400.
    'POST /api/teams/import': { expect: signedIn(400) },
    'GET /api/teams/:teamId/retention': { expect: leaders(200) },
    'GET /api/teams/:teamId/audit': { expect: leaders(200) },
    'GET /api/teams/:teamId/home': { expect: readers(200) },
    'POST /api/teams/:teamId/visit': { expect: readers(204) },
    'GET /api/teams/:teamId/search': { expect: readers(200), query: obs ? '?q=Zorblax' : priv ? '?q=Kerfuffle' : '?q=plan' },
    'GET /api/teams/:teamId/cycles': { expect: readers(200) },
    'POST /api/teams/:teamId/cycles': { expect: editors(201), body: { title: 'Ny syklus' } },
    'GET /api/cycles/:cycleId': { expect: readers(200) },
    'PATCH /api/cycles/:cycleId': { expect: editors(200), body: { researchQuestion: 'Hvordan forklarer elevene?' } },
    'POST /api/cycles/:cycleId/advance': {
      expect: editors(200),
      prepare: async () => {
        const cycleId = (await sessions.leader.post(`/api/teams/${ids.teamId}/cycles`, { title: 'Runde-syklus' })).json.id as string;
        await sessions.leader.post(`/api/teams/${ids.teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId });
        return { params: { cycleId } };
      },
    },
    'DELETE /api/cycles/:cycleId': {
      expect: leaders(200),
      prepare: async () => {
        const cycle = (await sessions.leader.post(`/api/teams/${ids.teamId}/cycles`, { title: 'Kastes' })).json.id as string;
        return { params: { cycleId: cycle }, body: { confirm: 'Kastes' } };
      },
    },
    'POST /api/cycles/:cycleId/close': { expect: editors(200) },
    'POST /api/cycles/:cycleId/reopen': { expect: editors(200) },
    'PUT /api/cycles/:cycleId/retention': { expect: leaders(200), body: { observationRetentionDays: 30 } },
    'GET /api/teams/:teamId/documents': { expect: readers(200) },
    'POST /api/teams/:teamId/documents': { expect: editors(201), body: { kind: 'note', title: 'Nytt notat' } },
    'GET /api/documents/:documentId': { expect: onDoc(readers(200), 200) },
    'PATCH /api/documents/:documentId': { expect: onDoc(editors(200), 403), body: { tags: ['brøk'] } },
    'DELETE /api/documents/:documentId': {
      // The member created it; its creator or a leader may delete it.
      expect: onDoc({ anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: 204, leader: 204, schoolLeader: 404 }, 403),
      prepare: async () => {
        if (refl) return { params: { documentId: await createDocument(sessions.member, ids.teamId, 'reflection', 'Til sletting') } };
        if (priv) return { params: { documentId: await draft() } };
        if (!obs) return { params: { documentId: await createDocument(sessions.member, ids.teamId, 'note', 'Til sletting') } };
        const plan = await createDocument(sessions.leader, ids.teamId, 'lesson_plan', 'Plan til sletting');
        return { params: { documentId: (await sessions.member.post(`/api/documents/${plan}/observations`, {})).json.id as string } };
      },
    },
    'GET /api/documents/:documentId/export.docx': { expect: onDoc(readers(200), 200) },
    'GET /api/documents/:documentId/since': { expect: onDoc(readers(200), 200) },
    'POST /api/documents/:documentId/visit': { expect: onDoc(readers(204), 204) },
    'GET /api/documents/:documentId/threads': { expect: onDoc(readers(200), 200) },
    'GET /api/documents/:documentId/mentionable': { expect: onDoc(readers(200), 200) },
    'POST /api/documents/:documentId/threads': { expect: onDoc(commenters(201), 201), prepare: async () => ({ body: threadBody('Ny tråd') }) },
    'POST /api/threads/:threadId/comments': { expect: onDoc(commenters(201), 201), body: { body: 'Svar' } },
    'PATCH /api/threads/:threadId/comments/:commentId': {
      // Only the author (the leader here; on the private axis the member, whose draft it is) may edit a comment.
      expect: onDoc({ ...commenters(403), leader: 200, viewer: 403, ...(priv ? { member: 200 } : {}) }, 403),
      body: { body: 'Rettet' },
    },
    'DELETE /api/threads/:threadId/comments/:commentId': {
      // The author (a member) or a leader may delete it.
      expect: onDoc({ ...commenters(403), member: 204, leader: 204, viewer: 403 }, 403),
      prepare: async () => ({ params: { commentId: (await reply(sessions.member, s().threadId)).id } }),
    },
    'POST /api/threads/:threadId/resolve': {
      // The thread's author (a guest on the plan, a member on the observation) may resolve it, as may members and leaders.
      expect: onDoc({ ...commenters(200), viewer: 403 }, 403),
      body: { resolved: true },
      prepare: async () => {
        const author = obs || priv ? sessions.member : sessions.guest;
        return { params: { threadId: (await author.post(`/api/documents/${s().documentId}/threads`, threadBody('Egen tråd'))).json.id as string } };
      },
    },
    'POST /api/threads/:threadId/read': { expect: onDoc(readers(204), 204) },
    'GET /api/teams/:teamId/threads': { expect: readers(200) },
    'GET /api/documents/:documentId/versions': { expect: onDoc(readers(200), 200) },
    'POST /api/documents/:documentId/versions': { expect: onDoc(editors(201), 403), body: { name: 'Ny versjon' } },
    'GET /api/documents/:documentId/versions/:versionId': { expect: onDoc(readers(200), 200) },
    'GET /api/documents/:documentId/compare': { expect: onDoc(readers(200), 200), query: '?from=current' },
    // The documents here are of round 1 (or no cycle): nothing earlier to compare with.
    'GET /api/documents/:documentId/round-compare': { expect: onDoc(readers(409), 409) },
    'POST /api/documents/:documentId/versions/:versionId/restore': { expect: onDoc(editors(204), 403) },
    'GET /api/teams/:teamId/activity': { expect: readers(200) },
    // The lesson's plan is the team's: a school leader on its reflection finds no lesson.
    'GET /api/documents/:documentId/lesson': { expect: onDoc(readers(200), 404) },
    'POST /api/documents/:documentId/lesson/clock': { expect: onDoc(teachers(200), 403) },
    'GET /api/documents/:documentId/findings': { expect: onDoc(readers(200), 200) },
    // Raw observation notes are for the team's teachers only.
    'GET /api/documents/:documentId/observations': { expect: onDoc(teachers(200), 403) },
    // On the observation axis the member already observes this lesson: they get their document back.
    // A lesson is observed from a plan the team can see: a private plan is shared first (409).
    // On the reflection axis both already observe the lesson (from the observation axis).
    'POST /api/documents/:documentId/observations': {
      expect: onDoc(obs ? { ...teachers(201), member: 200 } : priv ? { ...teachers(409) } : refl ? { ...teachers(200) } : teachers(201), 403),
    },
    'GET /api/documents/:documentId/timeline': { expect: onDoc(teachers(200), 403) },
    'GET /api/documents/:documentId/meeting': { expect: onDoc(readers(200), 200) },
    'POST /api/documents/:documentId/meeting': { expect: onDoc(editors(201), 403) },
    // By then the leader started the meeting last and facilitates it: only they (or a leader) move it.
    // (On the private axis the member, the only one who sees it, started it.)
    'PATCH /api/documents/:documentId/meeting': { expect: onDoc(priv ? { ...leaders(200), member: 200 } : leaders(200), 403), body: { step: 'teacher' } },
    'POST /api/documents/:documentId/share': {
      // Sharing a draft: its author, one click. A team document stays as it is (no change, 200).
      expect: onDoc(editors(200), 403),
      prepare: async () => (priv ? { params: { documentId: await draft() } } : {}),
    },
    'GET /api/inbox': { expect: signedIn(200) },
    'POST /api/inbox/read': { expect: signedIn(204) },
    'GET /api/teams/:teamId/members': { expect: readers(200) },
    'PATCH /api/teams/:teamId/members/:userId': { expect: leaders(200), body: { role: 'member' } },
    'DELETE /api/teams/:teamId/members/:userId': {
      expect: leaders(204),
      prepare: async () => ({ params: { userId: (await addMember(sessions.leader, ids.teamId, 'member', 'Midlertidig')).user.id } }),
    },
    'POST /api/teams/:teamId/invites': { expect: leaders(201), body: { role: 'viewer' } },
    'GET /api/teams/:teamId/invites': { expect: leaders(200) },
    'DELETE /api/teams/:teamId/invites/:inviteId': {
      expect: leaders(204),
      prepare: async () => ({ params: { inviteId: (await sessions.leader.post(`/api/teams/${ids.teamId}/invites`, { role: 'guest' })).json.id as string } }),
    },
    'GET /api/invites/:token': { expect: all(200), public: true },
    'POST /api/invites/:token/accept': {
      // Joins a spare team, so the outsider stays an outsider to the team under test.
      expect: signedIn(200),
      prepare: async () => ({ params: { token: (await sessions.leader.post(`/api/teams/${ids.spareTeamId}/invites`, { role: 'viewer' })).json.token as string } }),
    },
    'GET /collab/:documentId': {
      expect: {
        anonymous: CloseCode.UNAUTHENTICATED,
        outsider: CloseCode.NOT_FOUND,
        ...(obs || priv ? { viewer: CloseCode.NOT_FOUND, guest: CloseCode.NOT_FOUND } : { viewer: 'open', guest: 'open' }),
        member: 'open',
        leader: priv ? CloseCode.NOT_FOUND : 'open',
        schoolLeader: refl ? 'open' : CloseCode.NOT_FOUND,
      },
    },
    ...leadersMatrix(axis, onDoc),
    // Last: logging in rotates (ends) the caller's current session, logging out ends it.
    'POST /api/auth/login': { expect: all(200), public: true },
    'POST /api/auth/logout': { expect: all(204), public: true },
  };
}

/**
 * An action item in the axis' document, and where it is: the leader's (the member's in their
 * private draft, the only one who sees it). Made again when a probe took it away (restoring a
 * version from before it).
 */
async function ensureTask(axis: Axis): Promise<void> {
  const owner = axis === 'private' ? sessions.member : sessions.leader;
  const find = async () =>
    ((await owner.get('/api/me/tasks')).json.tasks as Array<{ documentId: string; position: number; owner: string; text: string }>).find(
      (t) => t.documentId === subject[axis].documentId,
    );
  let task = await find();
  if (!task) {
    const editor = await connectSynced(server.wsUrl, subject[axis].documentId, owner.cookie);
    const item = new Y.XmlElement('taskItem');
    for (const [k, v] of Object.entries({ checked: false, owner: owner.user.name, due: '2030-01-01' })) item.setAttribute(k, v as string);
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText(`Oppgave ${axis}`)]);
    item.insert(0, [paragraph]);
    const list = new Y.XmlElement('taskList');
    list.insert(0, [item]);
    editor.fragment.insert(editor.fragment.length, [list]);
    task = await waitFor(find, 10_000, `the action item in the ${axis}`);
    editor.destroy();
  }
  subject[axis].task = { position: task.position, owner: task.owner, text: task.text };
}

/** The school, its networks and library, and "my tasks": on every axis. */
function leadersMatrix(axis: Axis, onDoc: (expect: Expect, onReflection?: number | string) => Expect): Record<string, Case> {
  const obs = axis === 'observation';
  /** Networks: seen and managed by the leaders of their schools only; to everyone else they do not exist. */
  const networkLeaders = (ok: number): Expect => ({ anonymous: 401, outsider: 404, viewer: 404, guest: 404, member: 404, leader: ok, schoolLeader: ok });
  // Raw observation notes never leave the team; a private draft is shared with the team first (409).
  const publishers = (ok: number) => (obs ? editors(403) : axis === 'private' ? editors(409) : editors(ok));
  const withdrawAfter = async (res: Response) => {
    if (res.status === 201) expect((await sessions.leader.post(`/api/library/${res.json.id as string}/withdraw`)).status).toBe(204);
  };
  return {
    'GET /api/schools': { expect: signedIn(200) },
    'GET /api/schools/:schoolId/overview': { expect: schoolLeaders(200) },
    'GET /api/schools/:schoolId/teams/:teamId': { expect: schoolLeaders(200) },
    'GET /api/schools/:schoolId/learning-stories': { expect: schoolLeaders(200) },
    'GET /api/schools/:schoolId/leaders': { expect: schoolLeaders(200) },
    'POST /api/schools/:schoolId/leaders': { expect: schoolLeaders(201), prepare: async () => ({ body: { userId: ids.targetUserId } }) },
    'DELETE /api/schools/:schoolId/leaders/:userId': {
      expect: schoolLeaders(204),
      prepare: async () => {
        expect((await sessions.leader.post(`/api/schools/${ids.schoolId}/leaders`, { userId: ids.targetUserId })).status).toBe(201);
        return { params: { userId: ids.targetUserId } };
      },
    },
    'GET /api/teams/:teamId/learning-stories': { expect: readers(200) },
    'GET /api/networks': { expect: signedIn(200) },
    'POST /api/networks': { expect: schoolLeaders(201), prepare: async () => ({ body: { name: 'Nytt nettverk', schoolId: ids.schoolId } }) },
    'GET /api/networks/:networkId': { expect: networkLeaders(200) },
    'POST /api/networks/:networkId/invites': { expect: networkLeaders(201) },
    'DELETE /api/networks/:networkId/schools/:schoolId': {
      expect: networkLeaders(204),
      prepare: async () => ({ params: { networkId: (await sessions.leader.post('/api/networks', { name: 'Kortvarig', schoolId: ids.schoolId })).json.id as string } }),
    },
    // For whoever holds the link (signed in): the leader of another school decides with it.
    'GET /api/network-invites/:token': {
      expect: signedIn(200),
      public: true,
      prepare: async () => ({ params: { token: (await sessions.leader.post(`/api/networks/${ids.networkId}/invites`, {})).json.token as string } }),
    },
    // The outsider's network invites the team's school: only its leaders may bring it in.
    'POST /api/network-invites/:token/accept': {
      expect: schoolLeaders(200),
      prepare: async () => {
        const network = (await sessions.outsider.post('/api/networks', { name: 'Ottos nettverk', schoolId: ids.outsiderSchoolId })).json.id as string;
        const token = (await sessions.outsider.post(`/api/networks/${network}/invites`, {})).json.token as string;
        return { params: { token }, body: { schoolId: ids.schoolId } };
      },
    },
    // Raw observation notes are never published beyond the team.
    'GET /api/documents/:documentId/publish-check': { expect: onDoc(publishers(200), 403) },
    'POST /api/documents/:documentId/publish': { expect: onDoc(publishers(201), 403), body: { scope: 'school', confirmed: true }, after: withdrawAfter },
    'GET /api/library': { expect: signedIn(200) },
    // The school's library is for its own staff: guests and viewers are visitors.
    'GET /api/library/:publishedId': { expect: { anonymous: 401, outsider: 404, viewer: 404, guest: 404, member: 200, leader: 200, schoolLeader: 200 } },
    'POST /api/library/:publishedId/fork': {
      expect: { anonymous: 401, outsider: 404, viewer: 404, guest: 404, member: 201, leader: 201, schoolLeader: 404 },
      knownToSchoolLeader: true,
      prepare: async () => ({ body: { teamId: ids.teamId } }),
    },
    'POST /api/library/:publishedId/withdraw': {
      // Its publisher (the member), a leader of its team or a leader of its school.
      expect: { anonymous: 401, outsider: 404, viewer: 403, guest: 403, member: 204, leader: 204, schoolLeader: 204 },
      prepare: async () => ({ params: { publishedId: (await sessions.member.post(`/api/documents/${ids.reportId}/publish`, { scope: 'school', confirmed: true })).json.id as string } }),
    },
    'GET /api/me/tasks': { expect: signedIn(200) },
    // The leader's own action item: theirs to tick; anyone else who may comment is told it is not theirs.
    // (In the member's private draft, the member's own.)
    'PATCH /api/me/tasks/:documentId/:position': {
      expect: onDoc(
        axis === 'private'
          ? { anonymous: 401, outsider: 404, viewer: 404, guest: 404, member: 200, leader: 404, schoolLeader: 404 }
          : { anonymous: 401, outsider: 404, viewer: 403, guest: 409, member: 409, leader: 200, schoolLeader: 404 },
        409,
      ),
      prepare: async () => {
        await ensureTask(axis);
        return { params: { position: String(subject[axis].task.position) }, body: { done: true, owner: subject[axis].task.owner, text: subject[axis].task.text } };
      },
    },
  };
}

beforeAll(async () => {
  // Every persona is one address here, and each axis tries wrong passwords (changing one, deleting
  // the account), which count under the login limits like wrong passwords at login.
  server = await startTestServer({
    env: {
      SIGNUPS_PER_ADDRESS_PER_HOUR: '1000',
      PASSWORD_RESETS_PER_HOUR: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
      LOGIN_MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: '100',
      CHANGE_REPORT_MS: '20',
    },
  });
  const leader = await teamLeader(server.url, 'Lise Xyzzyleder', 'Team Xyzzy-Alfa');
  sessions.leader = leader.session;
  ids.teamId = leader.teamId;
  ids.cycleId = (await leader.session.post(`/api/teams/${leader.teamId}/cycles`, { title: 'Syklus Quux', researchQuestion: 'Grault?' })).json
    .id as string;
  const planId = await createDocument(leader.session, leader.teamId, 'lesson_plan', 'Hemmelig plan Plugh');
  sessions.member = await addMember(leader.session, leader.teamId, 'member', 'Mona Medlem');
  // The guest and the viewer start as members: mentioned in the observation thread then, they keep
  // those inbox items after they are made guest and viewer below.
  sessions.guest = await addMember(leader.session, leader.teamId, 'member', 'Gry Gjest');
  sessions.viewer = await addMember(leader.session, leader.teamId, 'member', 'Vera Leser');
  ids.targetUserId = (await addMember(leader.session, leader.teamId, 'member', 'Tor Target')).user.id;
  const invite = await leader.session.post(`/api/teams/${leader.teamId}/invites`, { role: 'guest' });
  ids.inviteId = invite.json.id as string;
  ids.token = invite.json.token as string;
  // In a school of its own, so an outsider who joins it stays a stranger to the team's school.
  ids.spareTeamId = (await leader.session.post('/api/teams', { name: 'Reserveteam', school: 'Reserveskolen' })).json.id as string;
  ids.schoolId = ((await leader.session.get(`/api/teams/${leader.teamId}`)).json.school as { id: string }).id;
  // The school leader works in the school (in its leadership team) but is in none of the team's business.
  const leadership = (await leader.session.post('/api/teams', { name: 'Skoleledelsen', school: 'Nordby skole' })).json.id as string;
  sessions.schoolLeader = await addMember(leader.session, leadership, 'member', 'Rita Rektor');
  expect((await leader.session.post(`/api/schools/${ids.schoolId}/leaders`, { userId: sessions.schoolLeader.user.id })).status).toBe(201);
  ids.networkId = (await leader.session.post('/api/networks', { name: 'Kommunens skoler', schoolId: ids.schoolId })).json.id as string;
  ids.reportId = (await leader.session.post(`/api/teams/${leader.teamId}/documents`, { kind: 'report', title: 'Delingsrapport Frobozz' })).json.id as string;
  ids.publishedId = (await leader.session.post(`/api/documents/${ids.reportId}/publish`, { scope: 'school', confirmed: true })).json.id as string;

  const start = async (documentId: string, body: string, mentions: string[] = [], by = leader.session, version = 'Versjon Fred') => {
    const thread = (await by.post(`/api/documents/${documentId}/threads`, threadBody(body, mentions))).json as {
      id: string;
      comments: Array<{ id: string }>;
    };
    const versionId = (await by.post(`/api/documents/${documentId}/versions`, { name: version })).json.id as string;
    return { documentId, threadId: thread.id, commentId: thread.comments[0]!.id, versionId, task: { position: -1, owner: '', text: '' } };
  };
  subject.plan = await start(planId, 'Waldo-kommentar');

  // The private draft: a member's plan, with content, a thread and a version of their own.
  const draftId = (await sessions.member.post(`/api/teams/${leader.teamId}/documents`, { kind: 'lesson_plan', title: 'Utkast Quibble', cycleId: ids.cycleId, visibility: 'private' }))
    .json.id as string;
  const drafter = await connectSynced(server.wsUrl, draftId, sessions.member.cookie);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText('Første tanker Kerfuffle')]);
  drafter.fragment.insert(drafter.fragment.length, [p]);
  subject.private = await start(draftId, 'Notat til meg selv Flibbertigibbet', [], sessions.member, 'Versjon Gazump');
  drafter.destroy();

  // The observation: a member observes the plan's lesson, writes a note about a pupil, and a
  // thread on it mentions the two people who are about to become guest and viewer.
  const observationPlan = (await leader.session.post(`/api/teams/${leader.teamId}/documents`, { kind: 'lesson_plan', title: 'Brøktimen', cycleId: ids.cycleId }))
    .json.id as string;
  const observationId = (await sessions.member.post(`/api/documents/${observationPlan}/observations`, { locale: 'nb' })).json.id as string;
  await sessions.member.request('PATCH', `/api/documents/${observationId}`, { title: 'Observasjon Zorblax' });
  const writer = await connectSynced(server.wsUrl, observationId, sessions.member.cookie);
  const note = new Y.Map<unknown>();
  for (const [k, v] of Object.entries({ id: 'n1', at: Date.now(), text: 'B gråter Snurfle', pupil: 'B', category: 'other', observerId: '' })) note.set(k, v);
  writer.doc.getArray(NOTES_FIELD).push([note]);
  subject.observation = await start(observationId, 'Sensitiv Blorptekst', [sessions.guest.user.id, sessions.viewer.user.id]);
  // A reply from the future guest too, so replies would reach them as well.
  await sessions.guest.post(`/api/threads/${subject.observation.threadId}/comments`, { body: 'Enig, Frobnitz' });
  writer.destroy();
  for (const [who, role] of [
    [sessions.guest, 'guest'],
    [sessions.viewer, 'viewer'],
  ] as const) {
    const res = await leader.session.request('PATCH', `/api/teams/${leader.teamId}/members/${who.user.id}`, { role });
    expect(res.status).toBe(200);
  }

  // The reflection: the post-lesson discussion of the lesson, which the school leader may join.
  const reflectionId = (await leader.session.post(`/api/teams/${leader.teamId}/documents`, { kind: 'reflection', title: 'Refleksjon Glorp', cycleId: ids.cycleId })).json
    .id as string;
  subject.reflection = await start(reflectionId, 'Glorpkommentar');

  for (const axis of AXES) await ensureTask(axis);

  const outsider = await teamLeader(server.url, 'Otto Utenfor', 'Annet team');
  sessions.outsider = outsider.session;
  ids.outsiderSchoolId = ((await outsider.session.get(`/api/teams/${outsider.teamId}`)).json.school as { id: string }).id;
  await signUp(server.url, 'Logg Inn', { email: 'login.target@skole.test' });
  // (Every thread quotes "Corge" and every version is "Fred": words of the team's, not of one document.)
  secrets.team.push(ids.teamId, ids.cycleId, 'Xyzzy', 'Quux', 'Grault', 'Frobozz', ids.publishedId, 'Corge', 'Fred');
  secrets.people.push(sessions.leader.user.email, sessions.member.user.email);
  secrets.plan.push(planId, subject.plan.threadId, 'Plugh', 'Waldo', 'Oppgave plan');
  secrets.observation.push(observationId, subject.observation.threadId, subject.observation.commentId, 'Zorblax', 'Snurfle', 'Blorptekst', 'Frobnitz', 'Oppgave observation');
  secrets.reflection.push(reflectionId, subject.reflection.threadId, 'Glorp');
  secrets.private.push(draftId, subject.private.threadId, subject.private.commentId, subject.private.versionId, 'Quibble', 'Kerfuffle', 'Flibbertigibbet', 'Gazump', 'Oppgave private');
});

afterAll(async () => {
  await server.close();
});

function fill(path: string, params: Record<string, string>) {
  return path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');
}

async function callRoute(method: string, path: string, persona: Persona, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { origin: server.url };
  if (persona !== 'anonymous') headers.cookie = sessions[persona].cookie;
  return request(server.url, method, path, method === 'GET' ? undefined : method === 'DELETE' ? body : (body ?? {}), headers);
}

function openSocket(path: string, persona: Persona): Promise<string | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.wsUrl.replace('/collab', '')}${path}`, {
      headers: { origin: server.url, ...(persona === 'anonymous' ? {} : { cookie: sessions[persona].cookie }) },
    });
    // A socket that has been sent the document's sync step 1 (only ever sent once the caller may
    // read it) is "open"; a refused one is closed with a code before any data.
    ws.once('message', () => {
      resolve('open');
      ws.close();
    });
    ws.on('close', (code) => resolve(code));
    ws.on('error', () => resolve('error'));
  });
}

/**
 * What a caller must never see, on an axis: outside the team, the team's and the axis' words; a
 * guest or viewer, the observation's; on the private axis anyone but its author, the draft's; a
 * school leader not in the team, the plan's, the observation's, the draft's and people's addresses
 * (the reflection they may read).
 */
function mustNotSee(axis: Axis, persona: Persona): string[] {
  if (persona === 'anonymous' || persona === 'outsider') return [...secrets.team, ...secrets.people, ...secrets[axis]];
  if (persona === 'schoolLeader') return [...secrets.people, ...secrets.plan, ...secrets.observation, ...secrets.private];
  if (axis === 'observation' && (persona === 'viewer' || persona === 'guest')) return secrets.observation;
  if (axis === 'private' && persona !== 'member') return secrets.private;
  return [];
}

/** An axis is this many tests, each probing its share of the routes (some 190 route × caller pairs). */
const PARTS = 4;

/**
 * Probes one part of the routes on an axis, in the order the matrix lists them (logging in and out
 * come last, in the last part).
 */
async function runAxis(axis: Axis, part: number) {
  const all = matrix(axis);
  const registered = [...new Set(server.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];
  if (part === 1) expect(registered.toSorted()).toEqual(Object.keys(all).toSorted());
  const entries = Object.entries(all);
  const size = Math.ceil(entries.length / PARTS);
  const cases = Object.fromEntries(entries.slice((part - 1) * size, part * size));

  let probes = 0;
  let leakChecks = 0;
  const failures: string[] = [];
  for (const [route, spec] of Object.entries(cases)) {
    const [method, pattern] = route.split(' ') as [string, string];
    for (const persona of PERSONAS) {
      const prepared = (await spec.prepare?.(persona)) ?? {};
      const params = {
        teamId: ids.teamId,
        documentId: subject[axis].documentId,
        cycleId: ids.cycleId,
        threadId: subject[axis].threadId,
        commentId: subject[axis].commentId,
        versionId: subject[axis].versionId,
        userId: ids.targetUserId,
        inviteId: ids.inviteId,
        token: ids.token,
        schoolId: ids.schoolId,
        networkId: ids.networkId,
        publishedId: ids.publishedId,
        position: '0',
        ...prepared.params,
      };
      const body = route === 'POST /api/auth/login' ? { email: 'login.target@skole.test', password: PASSWORD } : (prepared.body ?? spec.body);
      const path = fill(pattern, params) + (spec.query ?? '');
      probes++;
      if (pattern.startsWith('/collab')) {
        const got = await openSocket(path, persona);
        if (got !== spec.expect[persona]) failures.push(`${route} as ${persona}: expected ${spec.expect[persona]}, got ${got}`);
        continue;
      }
      const res = await callRoute(method, path, persona, body);
      if (res.status !== spec.expect[persona]) {
        failures.push(`${route} as ${persona}: expected ${spec.expect[persona]}, got ${res.status} ${res.text.slice(0, 120)}`);
      }
      await spec.after?.(res);
      const forbidden = spec.public ? [] : mustNotSee(axis, persona);
      if (forbidden.length > 0) {
        leakChecks++;
        const seen = `${res.text} ${res.headers.get('content-disposition') ?? ''}`;
        for (const secret of forbidden) {
          if (seen.includes(secret)) failures.push(`${route} as ${persona}: response contains "${secret}"`);
        }
        // (A school leader knows the reflection they may open, and the library's copies.)
        if (res.status === 404 && !(persona === 'schoolLeader' && (spec.knownToSchoolLeader || axis === 'reflection'))) {
          // Indistinguishable from ids that do not exist at all.
          // Every id in the path replaced by one that exists nowhere (other values, like a position, kept).
          const unknown = fill(pattern, Object.fromEntries(Object.entries(params).map(([k, v]) => [k, /^\d+$/.test(v) ? v : 'AAAAAAAAAAAAAAAAAAAAAA']))) + (spec.query ?? '');
          const missing = await callRoute(method, unknown, persona, body);
          if (missing.status !== 404 || missing.text !== res.text) {
            failures.push(`${route} as ${persona}: answer differs from a missing id (${missing.status} ${missing.text})`);
          }
        }
      }
    }
  }
  if (failures.length > 0) console.log(failures.join('\n'));
  expect(failures).toEqual([]);
  expect(probes).toBe(Object.keys(cases).length * PERSONAS.length);
  console.log(`access matrix (${axis}, part ${part} of ${PARTS}): ${probes} (route × caller) probes over ${Object.keys(cases).length} of ${entries.length} routes, ${leakChecks} leak checks, 0 leaks`);
}

/** Each axis ends every session (login rotates, logout ends): everyone signs in again. */
async function signInAgain() {
  for (const persona of ['outsider', 'viewer', 'guest', 'member', 'leader', 'schoolLeader'] as const) {
    const { email, id, name } = sessions[persona].user;
    const res = await request(server.url, 'POST', '/api/auth/login', { email, password: PASSWORD }, { origin: server.url });
    expect(res.status).toBe(200);
    sessions[persona] = new Session(server.url, sessionCookie(res), { email, id, name });
  }
}

describe('access matrix', () => {
  it('on a lesson plan: every registered route answers each kind of caller as its policy says, and outsiders learn nothing', async () => {
    await runAxis('plan', 1);
  });
  for (let part = 2; part <= PARTS; part++) {
    it(`on a lesson plan (part ${part} of ${PARTS} of the routes)`, async () => {
      await runAxis('plan', part);
    });
  }

  it('on an observation document, a thread on it and inbox items mentioning it: guests and viewers learn nothing either', async () => {
    await signInAgain();
    // Their inboxes hold mentions of the observation thread (from when they were members): not shown.
    for (const persona of ['guest', 'viewer'] as const) {
      const stored = await queryDatabase(server.dataDir, 'select kind from inbox_items where user_id = ? and thread_id = ?', sessions[persona].user.id, subject.observation.threadId);
      expect(stored).toEqual([{ kind: 'mention' }]);
      const inbox = await sessions[persona].get('/api/inbox');
      expect(inbox.status).toBe(200);
      const items = inbox.json.items as Array<{ threadId: string; documentId: string }>;
      expect(items.filter((i) => i.threadId === subject.observation.threadId || i.documentId === subject.observation.documentId)).toEqual([]);
    }
    // The leader's does show the reply the guest wrote while still a member.
    const leaderInbox = (await sessions.leader.get('/api/inbox')).json.items as Array<{ threadId: string }>;
    expect(leaderInbox.map((i) => i.threadId)).toContain(subject.observation.threadId);
    await runAxis('observation', 1);
  });
  for (let part = 2; part <= PARTS; part++) {
    it(`on an observation document (part ${part} of ${PARTS} of the routes)`, async () => {
      await runAxis('observation', part);
    });
  }

  it("on a member's private draft, a thread on it and its version: nobody else, leaders included, learns it exists", async () => {
    await signInAgain();
    await runAxis('private', 1);
  });
  for (let part = 2; part <= PARTS; part++) {
    it(`on a member's private draft (part ${part} of ${PARTS} of the routes)`, async () => {
      await runAxis('private', part);
    });
  }

  it('on a reflection: a leader of the school, not in the team, reads and comments on it and learns nothing else', async () => {
    await signInAgain();
    await runAxis('reflection', 1);
  });
  for (let part = 2; part <= PARTS; part++) {
    it(`on a reflection (part ${part} of ${PARTS} of the routes)`, async () => {
      await runAxis('reflection', part);
    });
  }
});
