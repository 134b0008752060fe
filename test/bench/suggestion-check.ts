/**
 * What checking a suggestion costs the server (server/sync/suggestions.ts): one typed character
 * from a suggesting socket, checked against plans of growing size — on a fresh copy of the
 * document each time, and on the copy the engine keeps while someone suggests — against applying
 * the same update to a copy of the document. Printed as time per update and as ratios.
 *
 *   npx tsx test/bench/suggestion-check.ts
 *
 * Not part of `npm run bench`; a few seconds.
 */
import * as Y from 'yjs';
import { BlockNode } from '../../shared/blocks/names';
import { findBlocks } from '../../shared/blocks/read';
import { SuggestionMark } from '../../shared/blocks/walk';
import { DEFAULT_LOCALE } from '../../shared/locale';
import { templates } from '../../shared/templates';
import { lessonFlow } from '../../shared/templates/nodes';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { checkSuggestion, suggestionScratch } from '../../server/sync/suggestions';

const user = { id: 'guest', name: 'Ingrid' };

function planWith(steps: number): Y.Doc {
  const doc = new Y.Doc();
  const nodes = templates.lesson_plan(DEFAULT_LOCALE).map((n) =>
    n.type === BlockNode.lessonFlow ? lessonFlow(Array.from({ length: steps }, (_, i) => `Steg ${i + 1}: ${'la elevene forklare hvordan de tenker '.repeat(3)}`)) : n,
  );
  Y.applyUpdate(doc, templateToUpdate(nodes));
  return doc;
}

/** One suggested character in the last step, as the guest's device would send it. */
function keystroke(server: Y.Doc): Uint8Array {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  const [flow] = findBlocks(device, BlockNode.lessonFlow, 1);
  const step = flow!.get(flow!.length - 1) as Y.XmlElement;
  const text = ((step.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
  text.insert(text.length, 'x', { [SuggestionMark.insert]: { authorId: user.id, authorName: user.name, at: Date.now() } });
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  device.destroy();
  return update;
}

const keptSamples: number[] = [];
const median = (xs: number[]) => xs.toSorted((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function time(run: () => void, rounds = 30): number {
  run();
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    run();
    samples.push(performance.now() - t);
  }
  return median(samples);
}

console.log('steps  state KiB  fresh ms  kept ms  apply ms  fresh/apply  kept/apply');
for (const steps of [3, 50, 200, 500]) {
  const server = planWith(steps);
  const update = keystroke(server);
  const fresh = time(() => {
    if (!checkSuggestion(server, update, user).ok) throw new Error('refused');
  });
  // The kept copy already holds the keystroke after the first round; each round pays what the
  // engine pays per keystroke: applying it to the copy (here: known, so cheap) and the compare.
  time(() => {
    const copy = suggestionScratch(server);
    const t = performance.now();
    if (!checkSuggestion(server, update, user, copy).ok) throw new Error('refused');
    keptSamples.push(performance.now() - t);
    copy.destroy();
  }, 10);
  const keptMs = median(keptSamples.splice(0));
  const apply = time(() => {
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(server));
    Y.applyUpdate(copy, update);
    copy.destroy();
  });
  const kib = Y.encodeStateAsUpdate(server).length / 1024;
  console.log(
    `${String(steps).padStart(5)}  ${kib.toFixed(1).padStart(9)}  ${fresh.toFixed(2).padStart(8)}  ${keptMs.toFixed(2).padStart(7)}  ${apply.toFixed(2).padStart(8)}  ${(fresh / apply).toFixed(2).padStart(11)}  ${(keptMs / apply).toFixed(2).padStart(10)}`,
  );
}
