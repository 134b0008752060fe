/**
 * Every reader of document content against what a hand-made client can store: 10,000 levels of
 * nesting and absurd attribute values. Each must answer (not throw, not hang, not allocate without
 * bound) and keep the text.
 */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { NOTES_FIELD } from '../../shared/observation';
import { type ContentNode, readContentTree, toYjs, withDocument } from '../../server/documents/content-tree';
import { readActionItems } from '../../server/documents/action-items';
import { documentText } from '../../server/documents/document-text';
import { exportDocx } from '../../server/documents/export-docx';
import { toMarkdown } from '../../server/export/markdown';
import { findingsIn } from '../../server/observation/findings';
import { lessonOutline, readNotes } from '../../server/observation/lesson';
import { compareDocuments } from '../../server/versions/compare';
import { readDocx } from '../helpers/docx';

const DEPTH = 10_000;
const HUGE = 'x'.repeat(1_000_000);

/** Appends `depth` nested elements of `nodeName` under `parent`, with `text` at the bottom; one transaction. */
function nest(doc: Y.Doc, parent: Y.XmlFragment, depth: number, text: string, nodeName = 'blockquote'): void {
  doc.transact(() => {
    let at: Y.XmlFragment = parent;
    for (let i = 0; i < depth; i++) {
      const el = new Y.XmlElement(nodeName);
      at.insert(at.length, [el]);
      at = el;
    }
    const p = new Y.XmlElement('paragraph');
    at.insert(0, [p]);
    p.insert(0, [new Y.XmlText(text)]);
  });
}

const paragraph = (text: string, attrs: Record<string, unknown> = {}) => {
  const p = new Y.XmlElement('paragraph');
  for (const [k, v] of Object.entries(attrs)) p.setAttribute(k, v as string);
  p.insert(0, [new Y.XmlText(text)]);
  return p;
};

function cell(text: string, attrs: Record<string, unknown>, name = 'tableCell') {
  const c = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) c.setAttribute(k, v as string);
  c.insert(0, [paragraph(text)]);
  return c;
}

const absurd = { colspan: 1e9, rowspan: -5, colwidth: Array.from({ length: 100_000 }, () => 1e12), level: 1e9, start: Number.MAX_VALUE, hint: HUGE, nested: { deep: [HUGE] } };

/**
 * A document that is everything at once: a heading with an absurd level, a table whose cells span
 * a billion columns, a findings list, 10,000 levels of blockquotes and lists, a huge attribute.
 */
function hostileDocument(): Uint8Array {
  const doc = new Y.Doc();
  const f = doc.getXmlFragment('default');
  doc.transact(() => {
    const heading = new Y.XmlElement('heading');
    heading.setAttribute('level', 1e9 as unknown as string);
    heading.insert(0, [new Y.XmlText('Funn vi er enige om')]);
    const list = new Y.XmlElement('bulletList');
    const item = new Y.XmlElement('listItem');
    item.insert(0, [paragraph('Tegning hjelper')]);
    list.insert(0, [item]);
    const table = new Y.XmlElement('table');
    const header = new Y.XmlElement('tableRow');
    header.insert(0, ['Aktivitet', 'Tid', 'Forventet', 'Støtte', 'Observer'].map((t) => cell(t, absurd, 'tableHeader')));
    const row = new Y.XmlElement('tableRow');
    row.insert(0, ['Introduksjon', '5', 'Sier 1/4', 'Tegn', 'Hvem'].map((t) => cell(t, absurd)));
    table.insert(0, [header, row]);
    // The structured blocks: a lesson flow with one step (absurd attributes on its fields) and findings.
    const flow = new Y.XmlElement('lessonFlow');
    const step = new Y.XmlElement('lessonStep');
    step.setAttribute('rowId', 'step-1');
    step.insert(
      0,
      Object.entries({ activity: 'Introduksjon', time: '5', anticipated: 'Sier 1/4', support: 'Tegn', observe: 'Hvem' }).map(([name, text]) => {
        const field = new Y.XmlElement('blockField');
        for (const [k, v] of Object.entries({ ...absurd, name })) field.setAttribute(k, v as string);
        field.insert(0, [paragraph(text)]);
        return field;
      }),
    );
    flow.insert(0, [step]);
    const findings = new Y.XmlElement('findings');
    const first = new Y.XmlElement('finding');
    first.insert(0, [paragraph('Tegning hjelper')]);
    findings.insert(0, [first, new Y.XmlElement('finding')]);
    f.insert(0, [heading, list, table, flow, findings, paragraph('Vanlig avsnitt', absurd)]);
  });
  nest(doc, f, DEPTH, 'Bunnen av blockquotes');
  // A finding whose text lies 10,000 levels down.
  nest(doc, (f.get(4) as Y.XmlElement).get(1) as Y.XmlElement, DEPTH, 'Dypt funn');
  // Lists in lists: the deepest item is also under the findings heading's list.
  nest(doc, f.get(1) as Y.XmlElement, DEPTH, 'Dypt funn', 'listItem');
  return Y.encodeStateAsUpdate(doc);
}

const state = hostileDocument();

function depthOf(node: ContentNode): number {
  let max = 0;
  const stack: Array<[ContentNode, number]> = [[node, 0]];
  while (stack.length) {
    const [n, d] = stack.pop()!;
    max = Math.max(max, d);
    for (const c of n.content ?? []) stack.push([c, d + 1]);
  }
  return max;
}

describe('content readers on a 10,000-deep document with absurd attributes', () => {
  it('the content tree: bounded depth, clamped attributes, no text lost', () => {
    const tree = withDocument(state, (doc) => readContentTree(doc.getXmlFragment('default')));
    expect(depthOf(tree)).toBeLessThanOrEqual(Limits.document.maxDepth + 2);
    const json = JSON.stringify(tree);
    expect(json).toContain('Bunnen av blockquotes');
    expect(json).toContain('Dypt funn');
    expect(json.length).toBeLessThan(2_000_000);
    const cells = tree.content!.find((n) => n.type === 'table')!.content![1]!.content!;
    for (const c of cells) {
      expect(c.attrs).toMatchObject({ colspan: Limits.content.maxTableSpan, rowspan: 1 });
      expect((c.attrs!.colwidth as number[]).length).toBeLessThanOrEqual(Limits.content.maxTableSpan);
      expect(Math.max(...(c.attrs!.colwidth as number[]))).toBeLessThanOrEqual(Limits.content.maxColumnWidth);
      expect((c.attrs!.hint as string).length).toBe(Limits.content.maxAttributeChars);
      expect(c.attrs).not.toHaveProperty('nested');
    }
    expect(tree.content![0]!.attrs).toEqual({ level: Limits.content.maxHeadingLevel });
  });

  it('DOCX export: a Word file, grid spans clamped, the deepest text kept', async () => {
    const file = await exportDocx(state, 'Fiendtlig', 'nb');
    const { documentXml, text } = readDocx(file);
    expect(text).toContain('Bunnen av blockquotes');
    expect(text).toContain('Dypt funn');
    const spans = [...documentXml.matchAll(/<w:gridSpan w:val="(\d+)"/g)].map((m) => Number(m[1]));
    expect(spans.length).toBeGreaterThan(0);
    expect(Math.max(...spans)).toBeLessThanOrEqual(Limits.content.maxTableSpan);
    expect(file.length).toBeLessThan(5_000_000);
  });

  it('compare: two hostile versions compare, with the change found', () => {
    const older = withDocument(state, (doc) => readContentTree(doc.getXmlFragment('default')));
    const newer = withDocument(state, (doc) => {
      (doc.getXmlFragment('default').get(3) as Y.XmlElement).insert(1, [new Y.XmlText(' og nytt')]);
      return readContentTree(doc.getXmlFragment('default'));
    });
    const result = compareDocuments(older, newer);
    expect(result.added).toBe(2);
    expect(result.removed).toBe(0);
    expect(JSON.stringify(result.doc)).toContain('Dypt funn');
  });

  it('versions: the content is rebuilt bounded and clamped, and reads back the same', () => {
    const tree = withDocument(state, (doc) => readContentTree(doc.getXmlFragment('default')));
    const copy = new Y.Doc();
    copy.getXmlFragment('default').insert(0, toYjs(tree.content!));
    const again = withDocument(Y.encodeStateAsUpdate(copy), (doc) => readContentTree(doc.getXmlFragment('default')));
    copy.destroy();
    expect(again).toEqual(tree);
  });

  it('search text: every word, from the top to the bottom', () => {
    const text = withDocument(state, (doc) => documentText(doc));
    expect(text).toContain('Funn vi er enige om');
    expect(text).toMatch(/Introduksjon\s+5\s+Sier 1\/4/);
    expect(text).toContain('Bunnen av blockquotes');
    expect(text).toContain('Dypt funn');
  });

  it('lesson outline: the steps of the lesson-flow block', () => {
    const outline = lessonOutline('p', 'Plan', state);
    expect(outline.steps).toEqual([{ id: 'step-1', activity: 'Introduksjon', time: '5', anticipated: 'Sier 1/4', support: 'Tegn', observe: 'Hvem' }]);
  });

  it('findings: the findings block, however deep a finding’s text goes', () => {
    const findings = findingsIn(state);
    expect(findings.map((f) => f.text)).toEqual(['Tegning hjelper', 'Dypt funn']);
  });

  it('observation notes: nested values, absurd fields and huge strings are cleaned, not followed', () => {
    const doc = new Y.Doc();
    const notes = doc.getArray(NOTES_FIELD);
    doc.transact(() => {
      const good = new Y.Map<unknown>();
      for (const [k, v] of Object.entries({ id: 'n1', at: 5, text: HUGE, pupil: 'B', category: 'nonsense', minute: 'x', step: Infinity })) good.set(k, v);
      const nestedText = new Y.Map<unknown>();
      nestedText.set('id', 'n2');
      nestedText.set('at', 6);
      nestedText.set('text', new Y.Map());
      notes.push([good, nestedText]);
    });
    // A note whose id is 10,000 maps deep.
    doc.transact(() => {
      const deepNote = new Y.Map<unknown>();
      notes.push([deepNote]);
      let at = deepNote;
      for (let i = 0; i < DEPTH; i++) {
        const next = new Y.Map<unknown>();
        at.set('id', next);
        at = next;
      }
    });
    const read = readNotes(Y.encodeStateAsUpdate(doc));
    expect(read.notes).toHaveLength(1);
    expect(read.notes[0]).toMatchObject({ id: 'n1', at: 5, pupil: 'B', category: 'other', minute: null, step: null });
    expect(read.notes[0]!.text).toHaveLength(2000);
  });
});

describe('content readers on raw values where blocks belong', () => {
  // A hand-made client can write strings, numbers and objects into the document's fragment (Yjs
  // types it by the first `get`, not by what the bytes hold): one with an `end` key, too.
  const mixed = (() => {
    const crafted = new Y.Doc();
    crafted.getArray('default').insert(0, ['D', 42, { end: 'FORGED' }, null]);
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('default');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(crafted));
    fragment.insert(fragment.length, [paragraph('Ekte tekst')]);
    return Y.encodeStateAsUpdate(doc);
  })();

  it('search text, the content tree (versions, compare), Markdown, DOCX and action items skip them and keep the real text', async () => {
    expect(withDocument(mixed, (doc) => documentText(doc))).toBe('Ekte tekst');
    const tree = withDocument(mixed, (doc) => readContentTree(doc.getXmlFragment('default')));
    expect(JSON.stringify(tree)).toContain('Ekte tekst');
    expect(JSON.stringify(tree)).not.toContain('FORGED');
    expect(compareDocuments(tree, tree).added).toBe(0);
    const markdown = withDocument(mixed, (doc) => toMarkdown(doc.getXmlFragment('default')));
    expect(markdown).toContain('Ekte tekst');
    expect(markdown).not.toContain('FORGED');
    expect(readDocx(await exportDocx(mixed, 'Blandet', 'nb')).text).toContain('Ekte tekst');
    expect(withDocument(mixed, (doc) => readActionItems(doc))).toEqual([]);
  });
});
