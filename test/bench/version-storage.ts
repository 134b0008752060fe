/**
 * Storage cost of 100 named versions of a 20-page research-lesson plan.
 * Run: npx tsx test/bench/version-storage.ts (not part of `npm run bench`)
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { createDocument, teamLeader } from '../helpers/api';
import { connectSynced, whenStored } from '../helpers/clients';
import { startTestServer } from '../helpers/server';

const PAGES = 20;
const WORDS_PER_PAGE = 450;
const VERSIONS = 100;
const vocabulary = 'elevene forklarer brøk tegning hvorfor lærer spør observerer case prediksjon mestring samtale gruppe oppgave tenker'.split(' ');

const server = await startTestServer();
const { session, teamId } = await teamLeader(server.url);
const id = await createDocument(session, teamId, 'lesson_plan', 'Stor plan');
const client = await connectSynced(server.wsUrl, id, session.cookie);
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sentence = (n: number) => Array.from({ length: n }, () => vocabulary[Math.floor(rand() * vocabulary.length)]).join(' ');

// ~20 pages: paragraphs of 30 words.
const paragraphs = Math.round((PAGES * WORDS_PER_PAGE) / 30);
client.doc.transact(() => {
  for (let i = 0; i < paragraphs; i++) {
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText(`${sentence(30)}.`)]);
    client.fragment.push([p]);
  }
});
await whenStored(client);
const textBytes = Buffer.byteLength(client.fragment.toString().replace(/<[^>]+>/g, ''));

for (let v = 0; v < VERSIONS; v++) {
  // Between versions: a few paragraphs rewritten, one added, typed as edits.
  for (let e = 0; e < 5; e++) {
    const texts = client.fragment.toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.get(0) instanceof Y.XmlText);
    const t = texts[Math.floor(rand() * texts.length)]!.get(0) as Y.XmlText;
    if (t.length > 20) t.delete(Math.floor(rand() * (t.length - 20)), 15);
    t.insert(0, `${sentence(6)} `);
  }
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(sentence(25))]);
  client.fragment.push([p]);
  // The version is made from what is stored: wait for the server's confirmation, not a clock.
  await whenStored(client);
  const res = await session.post(`/api/documents/${id}/versions`, { name: `versjon ${v + 1}` });
  if (res.status !== 201) throw new Error(res.text);
}
await whenStored(client);
const history = Y.encodeStateAsUpdate(client.doc).length;
client.destroy();
await server.close();

const db = new Database(path.join(server.dataDir, 'fellesrom.sqlite'), { readonly: true });
const stats = db.prepare('select count(*) as n, sum(length(content)) as total, max(length(content)) as largest from document_versions where document_id = ?').get(id) as {
  n: number;
  total: number;
  largest: number;
};
const stored = db.prepare('select length(state) as s from document_states where document_id = ?').get(id) as { s: number };
db.close();
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
console.log(`plan: ${PAGES} pages ≈ ${paragraphs + VERSIONS} paragraphs, ${kb(textBytes)} of text at the start`);
console.log(`live document with its editing history (Yjs state): ${kb(history)}; stored compacted state: ${kb(stored.s)}`);
console.log(`${stats.n} versions: ${kb(stats.total)} in total, ${kb(stats.total / stats.n)} each on average, largest ${kb(stats.largest)}`);
console.log(`copying the full Yjs history per version instead would take ≈ ${kb(history * stats.n)}`);
