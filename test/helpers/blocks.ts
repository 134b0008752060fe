import * as Y from 'yjs';
import { BlockNode, FIELD_NAME_ATTR, RowBlocks, type RowBlockName } from '../../shared/blocks/names';
import { contentOf, findBlocks } from '../../shared/blocks/read';

/** The paragraph of a row block's field, as a test writes into it (row by position, field by name). */
export function fieldParagraph(doc: Y.Doc, block: RowBlockName, row: number, field: string): Y.XmlElement {
  const [el] = findBlocks(doc, block, 1);
  if (!el) throw new Error(`no ${block} block`);
  const rowEl = el.toArray().filter((r) => r instanceof Y.XmlElement && r.nodeName === RowBlocks[block].row)[row] as Y.XmlElement | undefined;
  if (!rowEl) throw new Error(`no row ${row} in ${block}`);
  const fieldEl = rowEl.toArray().find((f) => f instanceof Y.XmlElement && f.getAttribute(FIELD_NAME_ATTR) === field) as Y.XmlElement | undefined;
  if (!fieldEl) throw new Error(`no field ${field}`);
  return fieldEl.get(0) as Y.XmlElement;
}

/** Appends `text` to a field of a row block. */
export function writeField(doc: Y.Doc, block: RowBlockName, row: number, field: string, text: string): void {
  const p = fieldParagraph(doc, block, row, field);
  p.insert(p.length, [new Y.XmlText(text)]);
}

/** Sets the text of the first finding of the findings block. */
export function writeFinding(doc: Y.Doc, index: number, text: string, cards: Array<Record<string, string>> = []): void {
  const [block] = findBlocks(doc, BlockNode.findings, 1);
  if (!block) throw new Error('no findings block');
  let finding = block.get(index) as Y.XmlElement | undefined;
  if (!finding) {
    finding = new Y.XmlElement(BlockNode.finding);
    finding.setAttribute('findingId', `f-${index}`);
    finding.insert(0, [new Y.XmlElement('paragraph')]);
    block.insert(block.length, [finding]);
  }
  (finding.get(0) as Y.XmlElement).insert(0, [new Y.XmlText(text)]);
  for (const attrs of cards) {
    const card = new Y.XmlElement('evidenceCard');
    for (const [k, v] of Object.entries(attrs)) card.setAttribute(k, v);
    finding.insert(finding.length, [card]);
  }
}

/** A top-level heading's text replaced (what a teacher renaming a section does). */
export function renameHeading(doc: Y.Doc, from: string, to: string): void {
  for (const node of contentOf(doc).toArray()) {
    if (!(node instanceof Y.XmlElement) || node.nodeName !== 'heading') continue;
    const text = node.get(0);
    if (text instanceof Y.XmlText && text.toString() === from) {
      text.delete(0, text.length);
      text.insert(0, to);
    }
  }
}

/** A table that is not a block, put at the top of the document. */
export function addTableAtTop(doc: Y.Doc, columns: number): void {
  const table = new Y.XmlElement('table');
  const rows = [0, 1].map(() => {
    const row = new Y.XmlElement('tableRow');
    row.insert(
      0,
      Array.from({ length: columns }, (_, i) => {
        const cell = new Y.XmlElement('tableCell');
        const p = new Y.XmlElement('paragraph');
        p.insert(0, [new Y.XmlText(String.fromCharCode(65 + i))]);
        cell.insert(0, [p]);
        return cell;
      }),
    );
    return row;
  });
  table.insert(0, rows);
  contentOf(doc).insert(0, [table]);
}

/** Moves the top-level node at `from` to the end of the document (a section reordered). */
export function moveToEnd(doc: Y.Doc, predicate: (el: Y.XmlElement) => boolean): void {
  const fragment = contentOf(doc);
  const nodes = fragment.toArray();
  const index = nodes.findIndex((n) => n instanceof Y.XmlElement && predicate(n));
  if (index < 0) throw new Error('nothing to move');
  const copy = (nodes[index] as Y.XmlElement).clone();
  fragment.delete(index, 1);
  fragment.insert(fragment.length, [copy]);
}

/** A block element around `children` (an action-items block around a task list, a finding around its parts). */
export function blockOf(name: string, children: Y.XmlElement[], attrs: Record<string, string> = {}): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.insert(0, children);
  return el;
}

/** Appends a row to a row block with these field values and id. */
export function addRow(doc: Y.Doc, block: RowBlockName, id: string, values: Record<string, string>): void {
  const [el] = findBlocks(doc, block, 1);
  if (!el) throw new Error(`no ${block} block`);
  const row = blockOf(
    RowBlocks[block].row,
    RowBlocks[block].fields.map((f) => {
      const p = new Y.XmlElement('paragraph');
      if (values[f]) p.insert(0, [new Y.XmlText(values[f])]);
      return blockOf(BlockNode.field, [p], { [FIELD_NAME_ATTR]: f });
    }),
    { rowId: id },
  );
  el.insert(el.length, [row]);
}

/** Removes the row at `index` of a row block. */
export function removeRow(doc: Y.Doc, block: RowBlockName, index: number): void {
  const [el] = findBlocks(doc, block, 1);
  el!.delete(index, 1);
}

/** Replaces a field's text with `text`, optionally marked as changed because of a finding. */
export function replaceField(doc: Y.Doc, block: RowBlockName, row: number, field: string, text: string, findingLink?: { reflectionId: string; finding: string }): void {
  const p = fieldParagraph(doc, block, row, field);
  p.delete(0, p.length);
  const t = new Y.XmlText();
  p.insert(0, [t]);
  t.insert(0, text, findingLink ? { findingLink } : {});
}
