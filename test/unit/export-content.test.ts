import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readActionItems } from '../../shared/blocks/read';
import { elements, MAX_ATTRIBUTE_CHARS, plainText } from '../../shared/blocks/walk';
import { toMarkdown } from '../../server/export/markdown';
import { redactCards } from '../../server/retention/redact-evidence';

const el = (name: string, children: Array<Y.XmlElement | Y.XmlText> = [], attrs: Record<string, unknown> = {}) => {
  const e = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v as string);
  e.insert(0, children);
  return e;
};
const text = (s: string) => new Y.XmlText(s);

/** A document whose content is nested `depth` levels deep, with a marker at the bottom (built top-down in one transaction: Yjs integrates a prebuilt deep tree recursively). */
function deepDocument(depth: number) {
  const doc = new Y.Doc();
  doc.transact(() => {
    let parent: Y.XmlFragment | Y.XmlElement = doc.getXmlFragment('default');
    for (let i = 0; i < depth; i++) {
      const list: Y.XmlElement = new Y.XmlElement(i % 2 ? 'blockquote' : 'bulletList');
      parent.insert(0, [list]);
      const item: Y.XmlElement = new Y.XmlElement('listItem');
      list.insert(0, [item]);
      parent = item;
    }
    parent.insert(0, [el('paragraph', [text('bunnen')])]);
  });
  return doc;
}

describe('content walkers of the export', () => {
  it('walk a 10,000-deep document without recursion, and render it depth-bounded', () => {
    const doc = deepDocument(10_000);
    const fragment = doc.getXmlFragment('default');
    expect([...elements(fragment)].length).toBe(20_001);
    expect(plainText(fragment)).toBe('bunnen');
    const md = toMarkdown(fragment);
    expect(md).toContain('bunnen');
    expect(md.length).toBeLessThan(10_000);
    expect(readActionItems(doc)).toEqual([]);
  });

  it('clamp absurd attribute values', () => {
    const doc = new Y.Doc();
    const huge = 'x'.repeat(1_000_000);
    const item = el('taskItem', [el('paragraph', [text('Ring foreldre')])], { checked: { nested: true }, owner: huge, due: 1e308 });
    doc.getXmlFragment('default').insert(0, [
      el('heading', [text('Tittel')], { level: 1_000_000_000 }),
      el('orderedList', [el('listItem', [el('paragraph', [text('først')])])], { start: -5 }),
      el('actionItems', [el('taskList', [item])]),
      el('evidenceCard', [], { text: huge, pupil: { not: 'a string' }, time: '10:32' }),
      el('table', [el('tableRow', [el('tableCell', [el('paragraph', [text('a|b')])], { colspan: 1e9 })])]),
      el('unknownThing', [el('paragraph', [text('inni')])]),
    ]);
    const fragment = doc.getXmlFragment('default');
    const [action] = readActionItems(doc);
    expect(action).toMatchObject({ text: 'Ring foreldre', done: false, due: null });
    expect(action!.owner!.length).toBe(80);
    const md = toMarkdown(fragment);
    expect(md).toMatch(/^###### Tittel$/m);
    expect(md).toContain('0. først');
    expect(md).toContain('| a\\|b |');
    expect(md).toContain('inni');
    expect(md.length).toBeLessThan(3 * MAX_ATTRIBUTE_CHARS);
  });

  it('escapes what would otherwise be Markdown', () => {
    const doc = new Y.Doc();
    doc.getXmlFragment('default').insert(0, [el('paragraph', [text('# ikke en overskrift *ikke uthevet* [ikke lenke](x)')])]);
    expect(toMarkdown(doc.getXmlFragment('default')).trim()).toBe('\\# ikke en overskrift \\*ikke uthevet\\* \\[ikke lenke\\](x)');
  });

  it('redacts names in evidence cards from deleted notes, and leaves the others alone', () => {
    const doc = new Y.Doc();
    const fragment = doc.getXmlFragment('default');
    fragment.insert(0, [
      el('evidenceCard', [], { sourceDocumentId: 'gone', noteId: 'n1', pupil: 'B', text: 'Emma hjalp B' }),
      el('bulletList', [el('listItem', [el('evidenceCard', [], { sourceDocumentId: 'gone', text: 'Zyrax sa at det var lett' })])]),
      el('evidenceCard', [], { sourceDocumentId: 'kept', text: 'Emma igjen' }),
    ]);
    expect(redactCards(fragment, new Set(['gone']))).toBe(2);
    const cards = [...elements(fragment)].filter((e) => e.nodeName === 'evidenceCard').map((e) => e.getAttributes());
    expect(cards).toEqual([{ pupil: 'B', text: '[elev] hjalp B' }, { text: '[elev] sa at det var lett' }, { sourceDocumentId: 'kept', text: 'Emma igjen' }]);
  });
});
