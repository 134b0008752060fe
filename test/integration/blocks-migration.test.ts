import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { BlockNode } from '../../shared/blocks/names';
import { contentOf, hasBlocks, readActionItems, readFindings, readLessonFlow } from '../../shared/blocks/read';
import { Session, teamLeader } from '../helpers/api';
import { type Client, connectSynced } from '../helpers/clients';
import { replaceStoredState } from '../helpers/db-files';
import { startTestServer, type TestServer } from '../helpers/server';
import { storedDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

/** Documents as main's templates made them before the blocks (see test/unit/migrate-blocks.test.ts). */
const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/pre-blocks-templates.json'), 'utf8')) as Record<string, string>;

let server: TestServer | null = null;
const clients: Client[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await server?.close();
  server = null;
});

/** An old plan with its lesson-flow table filled in, and an old reflection with a finding and an action item. */
function oldContent() {
  const plan = new Y.Doc();
  Y.applyUpdate(plan, Buffer.from(fixtures['lesson_plan.nb']!, 'base64'));
  const flow = contentOf(plan)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'table')!;
  (((flow.get(1) as Y.XmlElement).get(4) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Hvem tegner først?')]);
  const reflection = new Y.Doc();
  Y.applyUpdate(reflection, Buffer.from(fixtures['reflection.nb']!, 'base64'));
  const nodes = contentOf(reflection).toArray();
  const heading = nodes.findIndex((n) => n instanceof Y.XmlElement && n.toString().includes('Funn vi er enige om'));
  const list = nodes.slice(heading).find((n) => n instanceof Y.XmlElement && n.nodeName === 'bulletList') as Y.XmlElement;
  ((list.get(0) as Y.XmlElement).get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Tegning hjelper B')]);
  const task = (nodes.find((n) => n instanceof Y.XmlElement && n.nodeName === 'taskList') as Y.XmlElement).get(0) as Y.XmlElement;
  task.setAttribute('owner', 'Kari');
  task.setAttribute('due', '2026-12-01');
  return { plan: Y.encodeStateAsUpdate(plan), reflection: Y.encodeStateAsUpdate(reflection) };
}

describe('documents made before the structured blocks', () => {
  it('are converted once on load, server-side, and stored like any update; readers and live clients see the blocks', async () => {
    server = await startTestServer();
    const dataDir = server.dataDir;
    const { session: first, teamId } = await teamLeader(server.url);
    const cycleId = (await first.post(`/api/teams/${teamId}/cycles`, { title: 'Brøk' })).json.id as string;
    const planId = (await first.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Plan', cycleId })).json.id as string;
    const reflectionId = (await first.post(`/api/teams/${teamId}/documents`, { kind: 'reflection', title: 'Refleksjon', cycleId })).json.id as string;
    await server.close();
    const old = oldContent();
    await replaceStoredState(dataDir, planId, old.plan);
    await replaceStoredState(dataDir, reflectionId, old.reflection);
    expect(hasBlocks((await storedDocument(dataDir, planId)).doc)).toBe(false);

    server = await startTestServer({ dataDir });
    const leader = new Session(server.url, first.cookie, first.user);
    // A reader that never opens a socket (the observers' outline) gets the converted plan.
    const outline = (await leader.get(`/api/documents/${planId}/lesson`)).json as { steps: Array<{ activity: string; observe: string }> };
    expect(outline.steps.map((s) => s.activity)).toEqual(['Introduksjon', 'Utforsking', 'Oppsummering']);
    expect(outline.steps[0]!.observe).toBe('Hvem tegner først?');
    const findings = (await leader.get(`/api/documents/${planId}/findings`)).json.findings as Array<{ text: string }>;
    expect(findings.map((f) => f.text)).toEqual(['Tegning hjelper B']);

    // Stored: the conversion is in the document's log (or folded into its state), with the mark.
    const stored = (await storedDocument(dataDir, planId)).doc;
    expect(hasBlocks(stored)).toBe(true);
    expect(readLessonFlow(stored)[0]!.observe).toBe('Hvem tegner først?');
    expect(readActionItems((await storedDocument(dataDir, reflectionId)).doc)).toEqual([{ text: '', owner: 'Kari', due: '2026-12-01', done: false }]);
    expect(readFindings((await storedDocument(dataDir, reflectionId)).doc).map((f) => f.text)).toEqual(['Tegning hjelper B']);

    // Two clients, a restart, and a third: still exactly one lesson-flow block.
    const a = await connectSynced(server.wsUrl, planId, leader.cookie);
    const b = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(a, b);
    const flows = (doc: Y.Doc) => contentOf(doc).toArray().filter((n) => n instanceof Y.XmlElement && n.nodeName === BlockNode.lessonFlow).length;
    expect(flows(a.doc)).toBe(1);
    expect(flows(b.doc)).toBe(1);
    expect(contentOf(a.doc).toArray().some((n) => n instanceof Y.XmlElement && n.nodeName === 'table')).toBe(false);
    for (const c of clients.splice(0)) c.destroy();
    await server.close();
    server = await startTestServer({ dataDir });
    const c = await connectSynced(server.wsUrl, planId, leader.cookie);
    clients.push(c);
    await waitFor(() => c.provider.synced);
    expect(flows(c.doc)).toBe(1);
    expect(readLessonFlow(c.doc).map((s) => s.id)).toEqual(['step-1', 'step-2', 'step-3']);
  });
});
