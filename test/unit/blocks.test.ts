import { getSchema } from '@tiptap/core';
import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentExtensions } from '../../client/editor/content-extensions';
import { BlockNode } from '../../shared/blocks/names';
import {
  contentOf,
  hasBlocks,
  MAX_FIELD_CHARS,
  MAX_ROWS,
  readActionItems,
  readCasePupils,
  readFindings,
  readLessonFlow,
  readObservationFocus,
} from '../../shared/blocks/read';
import { documentPlainText, SuggestionMark } from '../../shared/blocks/walk';
import { Limits } from '../../shared/limits';
import { documentSearchText } from '../../server/documents/document-text';
import { templates } from '../../shared/templates';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { addTableAtTop, moveToEnd, renameHeading, writeField, writeFinding } from '../helpers/blocks';

const fromTemplate = (kind: keyof typeof templates, locale: 'nb' | 'nn' | 'en' = 'nb') => {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, templateToUpdate(templates[kind](locale)));
  return doc;
};

const el = (name: string, children: Array<Y.XmlElement | Y.XmlText> = [], attrs: Record<string, unknown> = {}) => {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  e.insert(0, children);
  return e;
};
const para = (text: string) => el('paragraph', text ? [new Y.XmlText(text)] : []);

describe('block readers', () => {
  it('read the lesson flow, case pupils and nothing else from a new plan, with stable row ids', () => {
    const doc = fromTemplate('lesson_plan');
    expect(hasBlocks(doc)).toBe(true);
    writeField(doc, BlockNode.lessonFlow, 1, 'anticipated', 'Sier at 1/4 er størst');
    writeField(doc, BlockNode.casePupils, 1, 'prediction', 'Gir opp uten tegning');
    const steps = readLessonFlow(doc);
    expect(steps.map((s) => [s.id, s.activity])).toEqual([
      ['step-1', 'Introduksjon'],
      ['step-2', 'Utforsking'],
      ['step-3', 'Oppsummering'],
    ]);
    expect(steps[1]).toMatchObject({ anticipated: 'Sier at 1/4 er størst', time: '', support: '', observe: '' });
    expect(readCasePupils(doc).map((p) => [p.code, p.prediction])).toEqual([
      ['A', ''],
      ['B', 'Gir opp uten tegning'],
      ['C', ''],
    ]);
    expect(readFindings(doc)).toEqual([]);
    expect(readActionItems(doc)).toEqual([]);
  });

  it('keep working when headings are renamed, sections reordered and tables added above the flow', () => {
    const doc = fromTemplate('lesson_plan');
    writeField(doc, BlockNode.lessonFlow, 0, 'observe', 'Hvem tegner?');
    renameHeading(doc, 'Gjennomføring av timen', 'Slik går timen');
    renameHeading(doc, 'Case-elever', 'Elevene vi følger');
    addTableAtTop(doc, 6);
    moveToEnd(doc, (n) => n.nodeName === BlockNode.lessonFlow);
    expect(readLessonFlow(doc).map((s) => s.activity)).toEqual(['Introduksjon', 'Utforsking', 'Oppsummering']);
    expect(readLessonFlow(doc)[0]!.observe).toBe('Hvem tegner?');
    expect(readCasePupils(doc).map((p) => p.code)).toEqual(['A', 'B', 'C']);

    const reflection = fromTemplate('reflection');
    writeFinding(reflection, 0, 'B løste oppgaven med tegning', [{ sourceDocumentId: 'obs1', noteId: 'n1', planId: 'plan1', step: '1', pupil: 'B' }]);
    renameHeading(reflection, 'Funn vi er enige om', 'Det vi så');
    moveToEnd(reflection, (n) => n.nodeName === BlockNode.findings);
    const [finding] = readFindings(reflection);
    expect(finding).toMatchObject({ id: 'finding-1', text: 'B løste oppgaven med tegning', steps: [1] });
    expect(finding!.evidence).toEqual([{ sourceDocumentId: 'obs1', noteId: 'n1', planId: 'plan1', step: '1', pupil: 'B' }]);
  });

  it('read action items and the observation focus from their blocks only', () => {
    const reflection = fromTemplate('reflection');
    const [block] = contentOf(reflection)
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === BlockNode.actionItems);
    const item = (block!.get(0) as Y.XmlElement).get(0) as Y.XmlElement;
    item.setAttribute('owner', 'Kari');
    item.setAttribute('due', '2026-12-01');
    (item.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Lage nytt arbeidsark')]);
    expect(readActionItems(reflection)).toEqual([{ text: 'Lage nytt arbeidsark', owner: 'Kari', due: '2026-12-01', done: false }]);

    const observation = fromTemplate('observation', 'en');
    expect(readObservationFocus(observation)).toBe('');
    const [focus] = contentOf(observation)
      .toArray()
      .filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === BlockNode.observationFocus);
    (focus!.get(0) as Y.XmlElement).insert(0, [new Y.XmlText('Who draws first?')]);
    expect(readObservationFocus(observation)).toBe('Who draws first?');
  });

  it('clamp absurd values, cap rows and survive a 10,000-deep document', () => {
    const doc = new Y.Doc();
    const huge = 'x'.repeat(1_000_000);
    const step = (i: number) =>
      el(BlockNode.lessonStep, [el(BlockNode.field, [para(i === 0 ? huge : `steg ${i}`)], { name: 'activity' }), el(BlockNode.field, [para('?')], { name: 'hacked' })], {
        rowId: i === 0 ? { not: 'an id' } : i === 1 ? 'bad id with spaces' : `s${i}`,
      });
    doc.transact(() => {
      contentOf(doc).insert(0, [el(BlockNode.lessonFlow, Array.from({ length: MAX_ROWS + 20 }, (_, i) => step(i)))]);
      contentOf(doc).insert(1, [
        el(BlockNode.casePupils, [
          el(BlockNode.casePupil, [el(BlockNode.field, [para('Emma')], { name: 'code' })]),
          el(BlockNode.casePupil, [el(BlockNode.field, [para('B')], { name: 'code' })]),
        ]),
      ]);
      let outer: Y.XmlFragment | Y.XmlElement = contentOf(doc);
      for (let depth = 0; depth < 10_000; depth++) {
        outer.insert(outer.length, [new Y.XmlElement('blockquote')]);
        outer = outer.get(outer.length - 1) as Y.XmlElement;
      }
      outer.insert(0, [el(BlockNode.findings, [el(BlockNode.finding, [para('dypt funn'), el('evidenceCard', [], { step: 1e308, planId: huge })], { findingId: '<script>' })])]);
    });
    const steps = readLessonFlow(doc);
    expect(steps).toHaveLength(MAX_ROWS);
    expect(steps[0]!.activity).toHaveLength(MAX_FIELD_CHARS);
    expect(steps.slice(0, 3).map((s) => s.id)).toEqual([null, null, 's2']);
    expect(Object.keys(steps[2]!)).not.toContain('hacked');
    expect(readCasePupils(doc).map((p) => p.code)).toEqual(['B']);
    const [finding] = readFindings(doc);
    expect(finding).toMatchObject({ id: null, text: 'dypt funn', steps: [] });
    expect(finding!.evidence[0]!.planId).toHaveLength(200);
  });

  it('leave suggested insertions out of accepted text, and suggested deletions out of the suggested view', () => {
    const doc = fromTemplate('lesson_plan');
    const p = (doc.getXmlFragment('default').toArray().find((n) => n instanceof Y.XmlElement && n.nodeName === BlockNode.lessonFlow) as Y.XmlElement)
      .get(0) as Y.XmlElement;
    const text = ((p.get(0) as Y.XmlElement).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    text.insert(text.length, ' med tegning', { [SuggestionMark.insert]: { authorId: 'u1', at: 1 } });
    text.format(0, 5, { [SuggestionMark.delete]: { authorId: 'u1', at: 1 } });
    expect(readLessonFlow(doc)[0]!.activity).toBe('Introduksjon');
    expect(readLessonFlow(doc, 'suggested')[0]!.activity).toBe('duksjon med tegning');
    expect(documentPlainText(contentOf(doc))).toContain('Introduksjon');
    expect(documentPlainText(contentOf(doc))).not.toContain('med tegning');
  });

  it('give search the beginning of a document past maxSearchChars, without walking the rest', () => {
    const doc = new Y.Doc();
    const fragment = contentOf(doc);
    const paragraphs = Array.from({ length: 5000 }, (_, i) => {
      const p = new Y.XmlElement('paragraph');
      p.insert(0, [new Y.XmlText(`avsnitt ${i} om brøk og tegning`)]);
      return p;
    });
    fragment.insert(0, paragraphs);
    const full = documentPlainText(fragment);
    expect(full.length).toBeGreaterThan(150_000);
    const clamped = documentSearchText(doc);
    expect(clamped.length).toBeLessThanOrEqual(Limits.content.maxSearchChars);
    expect(clamped.length).toBeGreaterThan(Limits.content.maxSearchChars - 100);
    expect(full.startsWith(clamped)).toBe(true);
    // It ends where a paragraph ends (so typing above does not change its last words).
    expect(full[clamped.length]).toBe('\n');
    // A paragraph that would throw if read: the walk stops before it.
    const trap = new Y.XmlElement('paragraph');
    fragment.insert(fragment.length, [trap]);
    Object.defineProperty(trap, 'toArray', {
      value: () => {
        throw new Error('read past the limit');
      },
    });
    expect(documentPlainText(fragment, 'accepted', 1000)).toHaveLength(1000);
    expect(() => documentPlainText(fragment)).toThrow('read past the limit');
  });

  it('every template is valid against the editor schema with its blocks', () => {
    const schema = getSchema(contentExtensions());
    for (const kind of ['lesson_plan', 'reflection', 'observation', 'peer_observation', 'action_learning'] as const) {
      const doc = fromTemplate(kind);
      const pm = yXmlFragmentToProseMirrorRootNode(contentOf(doc), schema);
      pm.check();
      const names = new Set<string>();
      pm.descendants((n) => {
        names.add(n.type.name);
        return true;
      });
      if (kind === 'lesson_plan') expect([...names]).toEqual(expect.arrayContaining([BlockNode.lessonFlow, BlockNode.lessonStep, BlockNode.casePupils, BlockNode.field]));
      if (kind === 'reflection') expect([...names]).toEqual(expect.arrayContaining([BlockNode.findings, BlockNode.finding, BlockNode.actionItems]));
      if (kind === 'observation') expect([...names]).toContain(BlockNode.observationFocus);
    }
  });
});
