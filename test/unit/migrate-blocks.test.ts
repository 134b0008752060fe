import { readFileSync } from 'node:fs';
import path from 'node:path';
import { getSchema } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentExtensions } from '../../client/editor/content-extensions';
import { BlockNode } from '../../shared/blocks/names';
import { contentOf, hasBlocks, readActionItems, readCasePupils, readFindings, readLessonFlow, readObservationFocus } from '../../shared/blocks/read';
import { documentPlainText } from '../../shared/blocks/walk';
import { migrateToBlocks } from '../../server/documents/migrate-blocks';

/**
 * Documents as the templates made them before the structured blocks (generated with the
 * template code of main at 64aa3c8: tables, headings and bare task lists).
 */
const fixtures = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/pre-blocks-templates.json'), 'utf8')) as Record<string, string>;
const schema = getSchema(contentExtensions());

function oldDocument(name: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Buffer.from(fixtures[name]!, 'base64'));
  return doc;
}

const top = (doc: Y.Doc) => contentOf(doc).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement);
const cellParagraph = (table: Y.XmlElement, row: number, col: number) => ((table.get(row) as Y.XmlElement).get(col) as Y.XmlElement).get(0) as Y.XmlElement;

describe('migrating documents made by the old templates', () => {
  it('turns a filled-in old plan into lesson-flow and case-pupil blocks, keeping every word and format', () => {
    const doc = oldDocument('lesson_plan.nb');
    expect(hasBlocks(doc)).toBe(false);
    const [flow, pupils] = top(doc).filter((n) => n.nodeName === 'table');
    doc.transact(() => {
      cellParagraph(flow!, 2, 2).insert(0, [new Y.XmlText('Sier at 1/4 er størst')]);
      (cellParagraph(flow!, 2, 2).get(0) as Y.XmlText).format(0, 4, { bold: {} });
      cellParagraph(flow!, 3, 4).insert(0, [new Y.XmlText('Hvem tegner?')]);
      cellParagraph(pupils!, 2, 2).insert(0, [new Y.XmlText('Gir opp uten tegning')]);
    });
    const before = documentPlainText(contentOf(doc)).replace(/\s+/g, ' ');
    let made = 0;
    doc.transact(() => {
      made = migrateToBlocks(doc, 'lesson_plan');
    });
    expect(made).toBe(2);
    expect(hasBlocks(doc)).toBe(true);
    expect(top(doc).filter((n) => n.nodeName === 'table')).toHaveLength(0);
    const steps = readLessonFlow(doc);
    expect(steps.map((s) => [s.id, s.activity])).toEqual([
      ['step-1', 'Introduksjon'],
      ['step-2', 'Utforsking'],
      ['step-3', 'Oppsummering'],
    ]);
    expect(steps[1]!.anticipated).toBe('Sier at 1/4 er størst');
    expect(steps[2]!.observe).toBe('Hvem tegner?');
    expect(readCasePupils(doc).map((p) => [p.code, p.prediction])).toEqual([
      ['A', ''],
      ['B', 'Gir opp uten tegning'],
      ['C', ''],
    ]);
    // The header row's words are now the block's labels; the rest of the text is all still there.
    const after = documentPlainText(contentOf(doc)).replace(/\s+/g, ' ');
    for (const word of ['Sier at 1/4 er størst', 'Hvem tegner?', 'Gir opp uten tegning', 'Forskningstema og langsiktig mål', 'Datainnsamling']) expect(after).toContain(word);
    expect(after.length).toBeLessThan(before.length);
    const pm = yXmlFragmentToProseMirrorRootNode(contentOf(doc), schema);
    pm.check();
    expect(JSON.stringify(pm.toJSON())).toContain('"bold"');
  });

  it('turns an old reflection’s findings list (with evidence cards) and task list into blocks', () => {
    const doc = oldDocument('reflection.nb');
    const list = top(doc).find((n, i, all) => n.nodeName === 'bulletList' && all[i - 3]?.nodeName === 'heading' && all[i - 3]!.toString().includes('Funn'))!;
    const item = list.get(0) as Y.XmlElement;
    doc.transact(() => {
      (item.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('B løste oppgaven med tegning')]);
      const card = new Y.XmlElement('evidenceCard');
      card.setAttribute('step', '1');
      card.setAttribute('planId', 'plan1');
      card.setAttribute('text', 'B tegner');
      item.insert(1, [card]);
      const task = (top(doc).find((n) => n.nodeName === 'taskList')!.get(0) as Y.XmlElement);
      task.setAttribute('owner', 'Kari');
      task.setAttribute('due', '2026-12-01');
      (task.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Nytt arbeidsark')]);
    });
    doc.transact(() => migrateToBlocks(doc, 'reflection'));
    expect(readFindings(doc)).toEqual([
      { id: 'finding-1', text: 'B løste oppgaven med tegning', steps: [1], evidence: [{ sourceDocumentId: null, noteId: null, planId: 'plan1', step: '1', pupil: null }] },
    ]);
    expect(readActionItems(doc)).toEqual([{ text: 'Nytt arbeidsark', owner: 'Kari', due: '2026-12-01', done: false }]);
    // The evidence list ("A: ", "B: ", "C: ") and the changes list are not findings: they stay lists.
    expect(top(doc).filter((n) => n.nodeName === 'bulletList')).toHaveLength(2);
    yXmlFragmentToProseMirrorRootNode(contentOf(doc), schema).check();
  });

  it('wraps an old observation’s focus (not its prompt) and leaves its note tables alone', () => {
    const doc = oldDocument('observation.en');
    const nodes = top(doc);
    const focusAt = nodes.findIndex((n) => n.nodeName === 'heading' && n.toString().includes('Observation focus'));
    doc.transact(() => (nodes[focusAt + 2]!).insert(0, [new Y.XmlText('Who draws first?')]));
    doc.transact(() => migrateToBlocks(doc, 'observation'));
    expect(readObservationFocus(doc)).toBe('Who draws first?');
    expect(top(doc).filter((n) => n.nodeName === 'table')).toHaveLength(2);
    expect(readCasePupils(doc)).toEqual([]);
    yXmlFragmentToProseMirrorRootNode(contentOf(doc), schema).check();
  });

  it('converts every old template in every language into a valid document, once', () => {
    for (const name of Object.keys(fixtures)) {
      const doc = oldDocument(name);
      const kind = name.split('.')[0]!;
      doc.transact(() => migrateToBlocks(doc, kind));
      yXmlFragmentToProseMirrorRootNode(contentOf(doc), schema).check();
      if (kind === 'lesson_plan') expect(readLessonFlow(doc), name).toHaveLength(3);
      if (kind === 'lesson_plan') expect(readCasePupils(doc).map((p) => p.code), name).toEqual(['A', 'B', 'C']);
      if (['reflection', 'peer_observation', 'action_learning'].includes(kind)) expect(top(doc).some((n) => n.nodeName === BlockNode.actionItems), name).toBe(true);
      const state = Y.encodeStateAsUpdate(doc);
      // A second run changes nothing: the document is marked.
      let again = -1;
      doc.transact(() => {
        again = migrateToBlocks(doc, kind);
      });
      expect(again).toBe(0);
      expect(Y.encodeStateAsUpdate(doc)).toEqual(state);
    }
  });
});
