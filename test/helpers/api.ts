import type { DocumentKind } from '../../shared/document-kinds';
import type { Role } from '../../shared/roles';

export interface Response {
  status: number;
  json: Record<string, unknown> & { error?: { code: string; message: string } };
  headers: Headers;
  text: string;
}

/** Plain HTTP against the running server, as a browser would send it (cookie + Origin). */
export async function request(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    redirect: 'manual',
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json: (json ?? {}) as Response['json'], headers: res.headers, text };
}

/** A signed-in person: every request carries their cookie and our Origin. */
export class Session {
  constructor(
    readonly baseUrl: string,
    readonly cookie: string,
    readonly user: { id: string; email: string; name: string },
  ) {}

  request(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    return request(this.baseUrl, method, path, body, { cookie: this.cookie, origin: this.baseUrl, ...headers });
  }
  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body?: unknown) {
    return this.request('POST', path, body ?? {});
  }
}

export function sessionCookie(res: Response): string {
  const header = res.headers.get('set-cookie') ?? '';
  const m = /fellesrom_session=([^;]+)/.exec(header);
  if (!m) throw new Error(`no session cookie in ${res.status} ${res.text}`);
  return `fellesrom_session=${m[1]}`;
}

let counter = 0;
export const uniqueEmail = (name: string) => `${name.toLowerCase().replace(/\W+/g, '.')}.${Date.now()}.${counter++}@skole.test`;
export const PASSWORD = 'korrekt hest batteri';

export async function signUp(
  baseUrl: string,
  name: string,
  extra: { school?: string; team?: string; inviteToken?: string; email?: string } = {},
): Promise<Session> {
  const email = extra.email ?? uniqueEmail(name);
  const res = await request(baseUrl, 'POST', '/api/auth/signup', { email, password: PASSWORD, name, ...extra }, { origin: baseUrl });
  if (res.status !== 201) throw new Error(`signup ${name}: ${res.status} ${res.text}`);
  return new Session(baseUrl, sessionCookie(res), res.json.user as Session['user']);
}

/** Someone who leads a fresh team (on a new database, the first account creates school and team). */
export async function teamLeader(baseUrl: string, name = 'Lise Leder', teamName = '5. trinn', school = 'Nordby skole') {
  const setup = await request(baseUrl, 'GET', '/api/auth/setup');
  if ((setup.json as { firstRun?: boolean }).firstRun) {
    const session = await signUp(baseUrl, name, { school, team: teamName });
    const me = await session.get('/api/auth/me');
    return { session, teamId: (me.json.teams as Array<{ id: string }>)[0]!.id };
  }
  const session = await signUp(baseUrl, name);
  const team = await session.post('/api/teams', { name: teamName, school });
  if (team.status !== 201) throw new Error(`team: ${team.status} ${team.text}`);
  return { session, teamId: team.json.id as string };
}

export async function createDocument(session: Session, teamId: string, kind: DocumentKind = 'note', title = 'Test') {
  const doc = await session.post(`/api/teams/${teamId}/documents`, { kind, title });
  if (doc.status !== 201) throw new Error(`document: ${doc.status} ${doc.text}`);
  return doc.json.id as string;
}

/** A leader, their team, and one document in it. */
export async function createTeamAndDocument(baseUrl: string, kind: DocumentKind = 'note', title = 'Test') {
  const { session, teamId } = await teamLeader(baseUrl);
  return { session, teamId, documentId: await createDocument(session, teamId, kind, title) };
}

/** Adds a new person to the team with `role`, through an invitation link as a real user would. */
export async function addMember(leader: Session, teamId: string, role: Role, name: string): Promise<Session> {
  const invite = await leader.post(`/api/teams/${teamId}/invites`, { role });
  if (invite.status !== 201) throw new Error(`invite: ${invite.status} ${invite.text}`);
  const person = await signUp(leader.baseUrl, name);
  const accepted = await person.post(`/api/invites/${invite.json.token}/accept`);
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${accepted.text}`);
  return person;
}
