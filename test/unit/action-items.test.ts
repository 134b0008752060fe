import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { readActionItems, setActionItemDone } from '../../server/documents/action-items';

function taskItem(attrs: Record<string, unknown>, text = 'Gjøremål'): Y.XmlElement {
  const item = new Y.XmlElement('taskItem');
  for (const [k, v] of Object.entries(attrs)) item.setAttribute(k, v as string);
  const p = new Y.XmlElement('paragraph');
  p.insert(0, [new Y.XmlText(text)]);
  item.insert(0, [p]);
  return item;
}

describe('action items in a document', () => {
  it('reads owner, due date and done from task items, in document order', () => {
    const doc = new Y.Doc();
    const list = new Y.XmlElement('taskList');
    list.insert(0, [
      taskItem({ checked: false, owner: ' Mona Medlem ', due: '2026-03-04' }),
      taskItem({ checked: true, owner: 'Lise', due: '2026-03-05' }),
      taskItem({ checked: false, owner: null, due: '2026-03-05' }),
      taskItem({ checked: 'true', owner: 'Per', due: '2026-03-06' }),
    ]);
    doc.getXmlFragment('default').insert(0, [list]);
    expect(readActionItems(doc)).toEqual([
      { position: 0, owner: 'Mona Medlem', due: '2026-03-04', done: false, text: 'Gjøremål' },
      { position: 1, owner: 'Lise', due: '2026-03-05', done: true, text: 'Gjøremål' },
      { position: 3, owner: 'Per', due: '2026-03-06', done: true, text: 'Gjøremål' },
    ]);
  });

  it('survives a 10,000-deep document and absurd attribute values', () => {
    const doc = new Y.Doc();
    // Built inside the document one level at a time (Yjs itself recurses on a deep preliminary tree).
    doc.transact(() => {
      let outer: Y.XmlElement | Y.XmlFragment = doc.getXmlFragment('default');
      for (let depth = 0; depth < 10_000; depth++) {
        outer.insert(0, [new Y.XmlElement('blockquote')]);
        outer = outer.get(0) as Y.XmlElement;
      }
      outer.insert(0, [
        taskItem({ owner: 'x'.repeat(1_000_000), due: '2026-01-01', checked: 5 }, 'y'.repeat(100_000)),
        taskItem({ owner: 'Ok', due: '2026-13-45T00:00; drop table', checked: false }),
        taskItem({ owner: { nested: true }, due: 20260101 }),
      ]);
    });
    const items = readActionItems(doc);
    expect(items).toEqual([{ position: 0, owner: 'x'.repeat(80), due: '2026-01-01', done: false, text: 'y'.repeat(300) }]);
  });

  it('marks an item done only while it is the item the caller saw', () => {
    const doc = new Y.Doc();
    const list = new Y.XmlElement('taskList');
    list.insert(0, [taskItem({ checked: false, owner: 'Mona', due: '2026-03-04' }, 'Ringe foresatte'), taskItem({ checked: false, owner: 'Lise', due: '2026-03-05' }, 'Lage plan')]);
    doc.getXmlFragment('default').insert(0, [list]);
    expect(setActionItemDone(doc, 1, { owner: 'Lise', text: 'Lage plan' }, true)).toMatchObject({ position: 1, done: false });
    expect(readActionItems(doc).map((i) => i.done)).toEqual([false, true]);
    // Another owner, other words, or no such item: nothing changes.
    expect(setActionItemDone(doc, 0, { owner: 'Lise', text: 'Ringe foresatte' }, true)).toBeNull();
    expect(setActionItemDone(doc, 0, { owner: 'Mona', text: 'Ringe noen' }, true)).toBeNull();
    expect(setActionItemDone(doc, 7, { owner: 'Mona', text: 'Ringe foresatte' }, true)).toBeNull();
    expect(readActionItems(doc).map((i) => i.done)).toEqual([false, true]);
  });
});
