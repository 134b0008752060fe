/**
 * What one crafted document costs the readers of content (issue 11, class 2): a lesson plan whose
 * table cell spans a billion or a million columns, and one with content 10,000 levels deep, each
 * against the same plan as the template makes it. Each reader runs on each document (once to warm
 * up, then the median of three) in a child process of its own, with a 1 GiB heap cap, so a reader
 * that runs out of memory or stack takes down only that process; printed as time and peak memory,
 * and as time ratios to the ordinary plan.
 *
 *   npx tsx test/bench/hostile-content.ts                 (this checkout)
 *   npx tsx test/bench/hostile-content.ts --root <dir>    (the readers of another checkout, e.g. one
 *                                                          from before they were bounded)
 *
 * Not part of `npm run bench`; about a minute when the readers are bounded.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { DEFAULT_LOCALE } from '../../shared/locale';
import { templates } from '../../shared/templates';
import { table } from '../../shared/templates/nodes';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { deepUpdate } from '../helpers/crafted-updates';
import { repoRoot } from '../helpers/server';

const READERS = ['docx', 'markdown', 'compare', 'searchText', 'lessonOutline'] as const;
type Reader = (typeof READERS)[number];
const TIMEOUT_MS = 60_000;
const HEAP_MB = 1024;

const rootArg = process.argv.indexOf('--root');
const root = path.resolve(rootArg > 0 ? process.argv[rootArg + 1]! : repoRoot);

/**
 * The ordinary plan with a table of the team's own added (its flow and case pupils are blocks),
 * and the same with that table's first body cell given `attrs`.
 */
function plan(cellAttrs: Record<string, unknown> = {}): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, templateToUpdate([...templates.lesson_plan(DEFAULT_LOCALE), table(['Tid', 'Hva', 'Hvem'], [['', '', '']])]));
  const own = doc
    .getXmlFragment('default')
    .toArray()
    .find((n) => n instanceof Y.XmlElement && n.nodeName === 'table') as Y.XmlElement;
  const cell = (own.get(1) as Y.XmlElement).get(0) as Y.XmlElement;
  doc.transact(() => {
    for (const [key, value] of Object.entries(cellAttrs)) cell.setAttribute(key, value as string);
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

function deepPlan(depth: number): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, plan());
  Y.applyUpdate(doc, deepUpdate(doc, depth, 'bunnen'));
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

const documents: Record<string, Uint8Array> = {
  ordinary: plan(),
  'colspan 1e6': plan({ colspan: 1e6, colwidth: Array.from({ length: 3 }, () => 1e9) }),
  'colspan 1e9': plan({ colspan: 1e9 }),
  '10,000 deep': deepPlan(10_000),
};

/** Runs in the child: one reader on one document, from `root`'s sources. */
const CHILD = String.raw`
const [root, reader, file] = process.argv.slice(-3);
const fs = await import('node:fs');
const Y = await import('yjs');
const state = new Uint8Array(fs.readFileSync(file));
const has = (p) => fs.existsSync(root + '/' + p);
const doc = () => { const d = new Y.Doc(); Y.applyUpdate(d, state); return d; };
// How content is read for comparing: the bounded reader where there is one, else ProseMirror JSON as before it.
const tree = async (d) => has('server/documents/content-tree.ts')
  ? (await import(root + '/server/documents/content-tree.ts')).readContentTree(d.getXmlFragment('default'))
  : (await import('@tiptap/y-tiptap')).yXmlFragmentToProsemirrorJSON(d.getXmlFragment('default'));
// Each reader's modules load before the clock starts; reading the stored state into a document is part of the work.
const prepare = {
  docx: async () => { const { exportDocx } = await import(root + '/server/documents/export-docx.ts'); return () => exportDocx(state, 'Plan', 'nb'); },
  markdown: async () => {
    if (!has('server/export/markdown.ts')) return null;
    const { toMarkdown } = await import(root + '/server/export/markdown.ts');
    return () => toMarkdown(doc().getXmlFragment('default'));
  },
  compare: async () => {
    const { compareDocuments } = await import(root + '/server/versions/compare.ts');
    await tree(new Y.Doc());
    return async () => { const t = await tree(doc()); return compareDocuments(t, t); };
  },
  searchText: async () => { const { documentText } = await import(root + '/server/documents/document-text.ts'); return () => documentText(doc()); },
  lessonOutline: async () => { const { lessonOutline } = await import(root + '/server/observation/lesson.ts'); return () => lessonOutline('p', 'Plan', state); },
}[reader];
const run = await prepare();
// One run to warm up, then the median of three.
const times = [];
for (let i = 0; run && i < 4; i++) {
  const started = performance.now();
  await run();
  times.push(performance.now() - started);
}
const ms = times.slice(1).sort((a, b) => a - b)[1];
const out = run ? true : null;
process.stdout.write(JSON.stringify({ ms, skipped: out === null, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
`;

interface Outcome {
  ms?: number;
  maxRssMb?: number;
  skipped?: boolean;
  failed?: string;
}

function measure(reader: Reader, file: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const script = path.join(path.dirname(file), 'child.mjs');
    const child = spawn(process.execPath, [`--max-old-space-size=${HEAP_MB}`, '--import', 'tsx', script, root, reader, file], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 && out) return resolve(JSON.parse(out) as Outcome);
      const why = signal === 'SIGKILL' ? `killed after ${TIMEOUT_MS / 1000} s` : /heap out of memory/i.test(err) ? 'out of memory' : /call stack/i.test(err) ? 'stack overflow' : `exit ${code ?? signal}`;
      resolve({ failed: why });
    });
  });
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-content-'));
// The child resolves yjs and the rest as `root` does.
fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
fs.writeFileSync(path.join(dir, 'child.mjs'), CHILD);
const results: Record<string, Record<string, Outcome>> = {};
for (const [name, state] of Object.entries(documents)) {
  const file = path.join(dir, `${name.replace(/\W+/g, '-')}.yjs`);
  fs.writeFileSync(file, state);
  results[name] = {};
  for (const reader of READERS) results[name]![reader] = await measure(reader, file);
}
fs.rmSync(dir, { recursive: true, force: true });

console.log(`readers of ${root}`);
const cell = (o: Outcome, base: Outcome | undefined) => {
  if (o.failed) return o.failed;
  if (o.skipped) return '–';
  const ratio = base?.ms ? ` (×${(o.ms! / base.ms).toFixed(1)})` : '';
  return `${o.ms!.toFixed(0)} ms${ratio}, ${o.maxRssMb!.toFixed(0)} MB`;
};
const rows = Object.entries(results).map(([name, byReader]) => ({
  document: name,
  ...Object.fromEntries(READERS.map((r) => [r, cell(byReader[r]!, name === 'ordinary' ? undefined : results.ordinary![r])])),
}));
console.table(rows);
