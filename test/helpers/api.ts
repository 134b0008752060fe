import type { DocumentKind } from '../../shared/document-kinds';

/** Minimal HTTP helpers for tests: plain fetch against the running server. */
export async function request(baseUrl: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, json: json as Record<string, unknown> & { error?: { code: string; message: string } }, headers: res.headers };
}

export async function createTeamAndDocument(baseUrl: string, kind: DocumentKind = 'note', title = 'Test') {
  const team = await request(baseUrl, 'POST', '/api/teams', { name: 'Team', school: 'Skole' });
  if (team.status !== 201) throw new Error(`team: ${team.status} ${JSON.stringify(team.json)}`);
  const doc = await request(baseUrl, 'POST', `/api/teams/${team.json.id}/documents`, { kind, title });
  if (doc.status !== 201) throw new Error(`document: ${doc.status} ${JSON.stringify(doc.json)}`);
  return { teamId: team.json.id as string, documentId: doc.json.id as string };
}
