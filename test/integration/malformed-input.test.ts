/**
 * Every route the app registers × malformed input, as a signed-in leader (so that the request gets
 * past authorization to the part that reads the body): any answer is a 4xx with our JSON error
 * body or a 2xx, never a 5xx. The route list is read from the app, like the access matrix.
 */
import http from 'node:http';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isErrorBody } from '../../shared/errors';
import { addMember, createDocument, request, type Session, teamLeader } from '../helpers/api';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
let leader: Session;
const ids: Record<string, string> = {};

function anchor(): string {
  const doc = new Y.Doc();
  const t = new Y.XmlText('abcdef');
  doc.getXmlFragment('default').insert(0, [t]);
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(t, 1))).toString('base64');
}

/** A valid body per route that takes one: each of its fields is then broken in turn. */
const goodBodies: Record<string, Record<string, unknown>> = {
  'POST /api/auth/signup': { email: 'ny@skole.test', password: 'korrekt hest batteri', name: 'Ny', school: 'S', team: 'T', inviteToken: 'x' },
  'POST /api/auth/login': { email: 'ny@skole.test', password: 'korrekt hest batteri' },
  'POST /api/teams': { name: 'Team', school: 'Skole' },
  'PATCH /api/teams/:teamId': { name: 'Team', focus: 'Lesing', focusTags: ['a'], memberEmailsVisibleToGuests: true },
  'POST /api/teams/:teamId/cycles': { title: 'Syklus', researchQuestion: 'Hvorfor?', tags: ['a'], plannedRounds: 3 },
  'PATCH /api/cycles/:cycleId': { title: 'Syklus', researchQuestion: 'Hvorfor?', tags: ['a'], phase: 'observe', plannedRounds: 3 },
  'POST /api/teams/:teamId/documents': { kind: 'note', title: 'Notat', locale: 'nb', cycleId: 'AAAAAAAAAAAAAAAAAAAAAA', round: 1, tags: ['a'] },
  'PATCH /api/documents/:documentId': { title: 'Tittel', tags: ['a'], archived: false },
  'POST /api/documents/:documentId/threads': { anchorStart: anchor(), anchorEnd: anchor(), quote: 'b', body: 'Hei', mentions: [] },
  'POST /api/threads/:threadId/comments': { body: 'Svar', mentions: [] },
  'PATCH /api/threads/:threadId/comments/:commentId': { body: 'Rettet', mentions: [] },
  'POST /api/threads/:threadId/resolve': { resolved: true },
  'POST /api/documents/:documentId/versions': { name: 'Versjon' },
  'POST /api/documents/:documentId/observations': { locale: 'nb' },
  'PATCH /api/documents/:documentId/meeting': { step: 'teacher', facilitatorId: 'AAAAAAAAAAAAAAAAAAAAAA', ended: true },
  'POST /api/inbox/read': { ids: ['AAAAAAAAAAAAAAAAAAAAAA'] },
  'PATCH /api/teams/:teamId/members/:userId': { role: 'member' },
  'POST /api/teams/:teamId/invites': { role: 'guest', expiresInDays: 7, maxUses: 1 },
  'POST /api/documents/:documentId/lesson/clock': { startedAt: 1_700_000_000_000 },
  'POST /api/cycles/:cycleId/advance': { locale: 'nb' },
  'PUT /api/cycles/:cycleId/retention': { observationRetentionDays: 30 },
  'PATCH /api/account/notifications': { language: 'nn', mentions: true, comments: false, tasks: true, digest: false, digestDay: 3 },
  'POST /api/auth/password-reset': { email: 'ny@skole.test' },
  'POST /api/auth/password-reset/confirm': { token: 'x'.repeat(43), password: 'korrekt hest batteri' },
  // Bodies that can never succeed whichever field is broken: nothing here changes a password or deletes the team.
  'POST /api/auth/password': { currentPassword: 'feil passord', newPassword: 'korrekt hest batteri' },
  'DELETE /api/auth/me': { password: 'feil passord', confirm: 'feil@skole.test' },
  'DELETE /api/teams/:teamId': { confirm: 'Feil navn' },
  'DELETE /api/cycles/:cycleId': { confirm: 'Feil navn' },
  // School leaders, networks, publishing, the library and my tasks.
  'POST /api/schools/:schoolId/leaders': { userId: 'AAAAAAAAAAAAAAAAAAAAAA' },
  'POST /api/networks': { name: 'Nettverk', schoolId: 'AAAAAAAAAAAAAAAAAAAAAA' },
  'POST /api/network-invites/:token/accept': { schoolId: 'AAAAAAAAAAAAAAAAAAAAAA' },
  'POST /api/documents/:documentId/publish': { scope: 'school', confirmed: true, subject: 'Matematikk', grade: '5' },
  'POST /api/library/:publishedId/fork': { teamId: 'AAAAAAAAAAAAAAAAAAAAAA', locale: 'nb' },
  'PATCH /api/me/tasks/:documentId/:position': { done: true, owner: 'Lise Leder', text: 'Oppgave' },
};

/** Bodies of another type, for the routes that take one (the import takes a zip). */
const otherBodies: Record<string, Array<{ label: string; body: Uint8Array; type: string }>> = {
  'POST /api/teams/import': [
    { label: 'empty zip', body: new Uint8Array(), type: 'application/zip' },
    { label: 'a zip header and nothing else', body: new Uint8Array([0x50, 0x4b, 0x03, 0x04]), type: 'application/zip' },
    { label: 'a zip cut in half', body: zipSync({ 'team.json': strToU8('{}'.repeat(500)) }).slice(0, 200), type: 'application/zip' },
    { label: 'a zip of nothing', body: zipSync({}), type: 'application/zip' },
    { label: 'team.json 10,000 levels deep', body: zipSync({ 'team.json': strToU8(`${'['.repeat(10_000)}${']'.repeat(10_000)}`) }), type: 'application/zip' },
    { label: 'team.json with a BOM and junk', body: zipSync({ 'team.json': strToU8('\ufeff{"format": 1e999}') }), type: 'application/zip' },
    { label: 'a file whose sizes lie', body: lyingZip(), type: 'application/zip' },
    { label: 'garbage as octet-stream', body: new Uint8Array(4096).map((_, i) => (i * 7919) % 251), type: 'application/octet-stream' },
  ],
};

/** A zip whose entry says it inflates to 4 GiB: refused from the header, before anything is inflated. */
function lyingZip(): Uint8Array {
  const zip = zipSync({ 'team.json': strToU8('{}') }, { level: 0 });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i + 4 <= zip.length; i++) {
    const signature = view.getUint32(i, true);
    // Local file header (uncompressed size at +22) and central directory entry (at +24).
    if (signature === 0x04034b50) view.setUint32(i + 22, 0xffffffff, true);
    if (signature === 0x02014b50) view.setUint32(i + 24, 0xffffffff, true);
  }
  return zip;
}

/** Values that are wrong for nearly any field. */
const wrongValues: unknown[] = [
  null,
  -1,
  1e308,
  3.5,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000\uffff\ud800',
  [],
  [null],
  {},
  { $gt: '' },
  true,
  ['x'.repeat(100)].concat(Array.from({ length: 60 }, () => 'y')),
];

/** Raw bodies that are not what any route expects. */
const rawBodies: Array<{ label: string; body: string | Uint8Array; type?: string }> = [
  { label: 'nothing', body: '' },
  { label: 'not JSON', body: 'ikke json' },
  { label: 'cut-off JSON', body: '{"name": "Te' },
  { label: 'null', body: 'null' },
  { label: 'an array', body: '[1,2,3]' },
  { label: 'a number', body: '42' },
  { label: 'a string', body: '"hei"' },
  { label: 'an empty object', body: '{}' },
  { label: 'unknown fields', body: '{"unknown": 1, "__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}' },
  { label: '10,000 levels deep', body: `${'['.repeat(10_000)}${']'.repeat(10_000)}` },
  { label: 'a deep object', body: `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}` },
  { label: 'over the size limit', body: JSON.stringify({ name: 'x'.repeat(100_000) }) },
  { label: 'broken UTF-8', body: new Uint8Array([0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x22, 0x7d]) },
  { label: 'JSON as text/plain', body: '{"name": "Team"}', type: 'text/plain' },
  { label: 'a form', body: 'name=Team&school=S', type: 'application/x-www-form-urlencoded' },
  { label: 'JSON with a charset and a strange type', body: '{}', type: 'application/vnd.evil+json; charset=utf-16' },
];

/** Query strings that are wrong for the GET routes that read one. */
const badQueries = ['?q=', '?q=%', '?q=a&q=b', `?q=${'x'.repeat(3000)}`, '?from=..%2F..', '?from=current&to=', '?before=igår', '?status=alle', '?locale=zz', '?verb=%00', '?actor=1&documentId=[]', '?tag='];

/** Parameter values that are not ids. */
const badIds = ['x', 'A'.repeat(300), '%00', '..%2F..%2Fetc', '%E0%A4%A', "'%20or%201=1--"];

beforeAll(async () => {
  server = await startTestServer({ env: { SIGNUPS_PER_ADDRESS_PER_HOUR: '10000', LOGIN_MAX_FAILURES_PER_ADDRESS: '100000' } });
  const led = await teamLeader(server.url);
  leader = led.session;
  ids.teamId = led.teamId;
  ids.documentId = await createDocument(leader, led.teamId, 'reflection', 'Refleksjon');
  ids.cycleId = (await leader.post(`/api/teams/${led.teamId}/cycles`, { title: 'Syklus' })).json.id as string;
  const thread = (await leader.post(`/api/documents/${ids.documentId}/threads`, goodBodies['POST /api/documents/:documentId/threads'])).json as {
    id: string;
    comments: Array<{ id: string }>;
  };
  ids.threadId = thread.id;
  ids.commentId = thread.comments[0]!.id;
  ids.versionId = (await leader.post(`/api/documents/${ids.documentId}/versions`, { name: 'V' })).json.id as string;
  ids.userId = (await addMember(leader, led.teamId, 'member', 'Mona')).user.id;
  const invite = (await leader.post(`/api/teams/${led.teamId}/invites`, { role: 'guest', maxUses: 100 })).json;
  ids.inviteId = invite.id as string;
  ids.token = invite.token as string;
  // Ids of things this leader has none of: a linked identity, a running export.
  ids.identityId = 'AAAAAAAAAAAAAAAAAAAAAA';
  ids.exportId = 'no-such-export';
  await leader.post(`/api/documents/${ids.documentId}/meeting`);
  // The leader made the school, so leads it; a network of it, and a copy in its library.
  ids.schoolId = ((await leader.get(`/api/teams/${led.teamId}`)).json.school as { id: string }).id;
  ids.networkId = (await leader.post('/api/networks', { name: 'Nettverk', schoolId: ids.schoolId })).json.id as string;
  ids.publishedId = (await leader.post(`/api/documents/${ids.documentId}/publish`, { scope: 'school', confirmed: true })).json.id as string;
  ids.position = '0';
});
afterAll(async () => {
  await server.close();
});

const fill = (path: string, params: Record<string, string>) => path.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '');

/** Connections are kept between requests; one the server ends (after a 413) is not reused. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** One request, answered in full. */
function send(method: string, path: string, body: string | Uint8Array | undefined, type = 'application/json'): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { origin: server.url };
  // Logging in or out would end the leader's session: those routes are tried without it.
  if (!path.startsWith('/api/auth/log')) headers.cookie = leader.cookie;
  if (body !== undefined) {
    headers['content-type'] = type;
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const attempt = (): Promise<{ status: number; text: string }> =>
    new Promise((resolve, reject) => {
      const req = http.request(`${server.url}${path}`, { method, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      // The server may answer (413) and hang up before it has read all we send; the answer counts.
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed as idle just as this request went out never
        // reached a route: Node's documented answer is to send it again on a new connection.
        if (req.reusedSocket && error.code === 'ECONNRESET') attempt().then(resolve, reject);
        else reject(error);
      });
      req.end(body === undefined ? undefined : Buffer.from(body));
    });
  return attempt();
}

describe('malformed input', () => {
  // The budget is for the amount of work: some 2,300 requests.
  it('never gets a 5xx from any route, and every refusal is a JSON error with our codes', { timeout: 300_000 }, async () => {
    // Deletions last, as they take away the objects the other routes are tried on; among them
    // the narrower first (a comment before its document).
    const params = (route: string) => route.split(':').length;
    const routes = [...new Set(server.app.routes.filter((r) => r.method !== 'ALL' && r.path.startsWith('/api')).map((r) => `${r.method} ${r.path}`))].toSorted(
      (a, b) => Number(a.startsWith('DELETE')) - Number(b.startsWith('DELETE')) || (a.startsWith('DELETE') ? params(b) - params(a) : 0),
    );
    const perRoute = new Map<string, number>();
    const failures: string[] = [];
    let probes = 0;
    const check = async (route: string, method: string, path: string, body?: string | Uint8Array, type?: string) => {
      probes++;
      perRoute.set(route, (perRoute.get(route) ?? 0) + 1);
      let res: { status: number; text: string };
      try {
        res = await send(method, path, body, type);
      } catch (error) {
        failures.push(`${route} ${path.slice(0, 80)} ${typeof body === 'string' ? body.slice(0, 60) : ''}: ${String(error)} ${String((error as Error).cause)}`);
        return;
      }
      const label = `${route} ${path.slice(0, 80)} ${typeof body === 'string' ? body.slice(0, 60) : body ? '<bytes>' : ''}`;
      if (res.status >= 500) failures.push(`${label}: ${res.status} ${res.text.slice(0, 200)}`);
      else if (res.status >= 400) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(res.text);
        } catch {
          // not JSON
        }
        if (!isErrorBody(parsed)) failures.push(`${label}: ${res.status} without an error body: ${res.text.slice(0, 200)}`);
      }
    };

    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const path = fill(pattern, ids);
      // Bad queries on every route (some read one whatever their method, e.g. one-click unsubscribe).
      for (const query of badQueries) await check(route, method, `${path}${query}`, method === 'GET' ? undefined : '{}');
      if (method !== 'GET') {
        for (const raw of rawBodies) await check(route, method, path, raw.body, raw.type);
        for (const other of otherBodies[route] ?? []) await check(route, method, path, other.body, other.type);
        const good = goodBodies[route];
        if (good) {
          for (const field of Object.keys(good)) {
            for (const wrong of wrongValues) await check(route, method, path, JSON.stringify({ ...good, [field]: wrong }));
            const { [field]: _dropped, ...without } = good;
            await check(route, method, path, JSON.stringify(without));
          }
        }
      }
      // Every path parameter replaced by something that is not an id.
      const names = [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);
      for (const name of names) {
        for (const bad of badIds) await check(route, method, fill(pattern, { ...ids, [name]: bad }), method === 'GET' ? undefined : '{}');
      }
    }
    if (failures.length > 0) console.log(failures.join('\n'));
    expect(failures).toEqual([]);
    // The server is still up and still itself.
    expect((await request(server.url, 'GET', '/api/health')).json).toEqual({ ok: true });
    expect((await leader.get(`/api/teams/${ids.teamId}`)).status).toBe(200);
    const counts = [...perRoute.values()];
    console.log(
      `malformed input: ${probes} probes over ${routes.length} routes (${Math.min(...counts)}–${Math.max(...counts)} per route), ${failures.length} failures (5xx or no JSON error)`,
    );
  });
});
