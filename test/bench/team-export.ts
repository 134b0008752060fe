/**
 * Team export and import for a team of 50 documents (and 5, to see how it scales).
 * Run: npx tsx test/bench/team-export.ts (not part of `npm run bench`; about a minute)
 *
 * Each document gets about three pages typed as separate edits (so its Yjs state carries editing
 * history, as a real one does), two comment threads with a reply, and a named version.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import type { DocumentKind } from '../../shared/document-kinds';
import { teamLeader } from '../helpers/api';
import { connectSynced } from '../helpers/clients';
import { startTestServer } from '../helpers/server';
import { readStoredDocument } from '../helpers/stored';
import { waitFor } from '../helpers/wait';

const RUNS = 5;
const PARAGRAPHS = 45; // ~3 pages of 30-word paragraphs
const vocabulary = 'elevene forklarer brøk tegning hvorfor lærer spør observerer case prediksjon mestring samtale gruppe oppgave tenker'.split(' ');
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sentence = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ');
const kinds: DocumentKind[] = ['lesson_plan', 'observation', 'reflection', 'log', 'note'];
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startTestServer({ env: { IMPORT_MAX_MB: '500' } });

async function makeTeam(name: string, documents: number) {
  const { session, teamId } = await teamLeader(server.url, 'Bench Leder', name);
  const cycle = (await session.post(`/api/teams/${teamId}/cycles`, { title: 'Syklus' })).json.id as string;
  let textBytes = 0;
  for (let i = 0; i < documents; i++) {
    const kind = kinds[i % kinds.length]!;
    const id = (await session.post(`/api/teams/${teamId}/documents`, { kind, title: `Dokument ${i + 1}`, cycleId: cycle })).json.id as string;
    const client = await connectSynced(server.wsUrl, id, session.cookie);
    for (let p = 0; p < PARAGRAPHS; p++) {
      const text = `${sentence(30)}.`;
      textBytes += Buffer.byteLength(text);
      const el = new Y.XmlElement('paragraph');
      el.insert(0, [new Y.XmlText(text)]);
      client.fragment.push([el]);
    }
    const length = client.fragment.length;
    await waitFor(() => readStoredDocument(server.dataDir, id).doc.getXmlFragment('default').length === length, 30_000, 'stored');
    const first = client.fragment.get(client.fragment.length - 1) as Y.XmlElement;
    const anchor = Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(first.get(0) as Y.XmlText, 0))).toString('base64');
    for (let t = 0; t < 2; t++) {
      const thread = await session.post(`/api/documents/${id}/threads`, { anchorStart: anchor, anchorEnd: anchor, quote: 'elevene', body: sentence(20) });
      await session.post(`/api/threads/${thread.json.id}/comments`, { body: sentence(15) });
    }
    await session.post(`/api/documents/${id}/versions`, { name: 'Før forskningstimen' });
    client.destroy();
  }
  return { session, teamId, textBytes };
}

async function measure(name: string, documents: number) {
  const { session, teamId, textBytes } = await makeTeam(name, documents);
  const times: number[] = [];
  let zip = new Uint8Array();
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/teams/${teamId}/export`, { headers: { cookie: session.cookie } });
    zip = new Uint8Array(await res.arrayBuffer());
    times.push(performance.now() - started);
  }
  const importTimes: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const started = performance.now();
    const res = await fetch(`${server.url}/api/teams/import`, { method: 'POST', body: zip, headers: { cookie: session.cookie, origin: server.url, 'content-type': 'application/zip' } });
    if (res.status !== 201) throw new Error(`import: ${res.status} ${await res.text()}`);
    importTimes.push(performance.now() - started);
  }
  return { documents, textBytes, zipBytes: zip.length, exportMs: median(times), importMs: median(importTimes) };
}

const small = await measure('Lite team', 5);
const big = await measure('Stort team', 50);
await server.close();
const dbBytes = fs.statSync(path.join(server.dataDir, 'fellesrom.sqlite')).size;

const kb = (n: number) => `${(n / 1024).toFixed(0)} kB`;
console.log(`\nTeam export (median of ${RUNS}; each document ~3 pages typed as ${PARAGRAPHS} edits, 2 threads with a reply, 1 version)\n`);
console.log('| documents | typed text | zip | zip / text | export | per document | import |');
console.log('|---:|---:|---:|---:|---:|---:|---:|');
for (const m of [small, big]) {
  console.log(
    `| ${m.documents} | ${kb(m.textBytes)} | ${kb(m.zipBytes)} | ${(m.zipBytes / m.textBytes).toFixed(2)} | ${m.exportMs.toFixed(0)} ms | ${(m.exportMs / m.documents).toFixed(1)} ms | ${m.importMs.toFixed(0)} ms |`,
  );
}
console.log(`\n50 vs 5 documents: export time ×${(big.exportMs / small.exportMs).toFixed(1)}, zip size ×${(big.zipBytes / small.zipBytes).toFixed(1)} (×10 would be linear)`);
console.log(`database file after the run: ${kb(dbBytes)}`);
