/**
 * Converts a document written before the structured blocks (lesson flow and case pupils as
 * tables, findings as a list under a heading, action items as a bare task list, observation focus
 * as paragraphs under a heading) into blocks, once. The sync server runs it on load as one
 * transaction of its own, stored and broadcast like any edit; the document is then marked so it
 * never runs again. Only the top level is looked at, as today's templates wrote it.
 */
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import {
  BLOCKS_VERSION,
  BLOCKS_VERSION_KEY,
  BlockNode,
  CasePupilFields,
  ContentNode,
  FIELD_NAME_ATTR,
  FINDING_ID_ATTR,
  LessonStepFields,
  META_FIELD,
  ROW_ID_ATTR,
} from '../../shared/blocks/names';
import { contentOf, hasBlocks } from '../../shared/blocks/read';
import { plainText } from '../../shared/blocks/walk';
import type { DbOrTx } from '../db/open';
import { documents } from '../db/schema';

const FINDINGS_HEADING = /funn|finding/i;
const FOCUS_HEADING = /observasjonsfokus|observation focus/i;
const CODE = /^[A-ZÆØÅ]$/;
const MAX_TOP_LEVEL = 5_000;

type Child = Y.XmlElement | Y.XmlText;

const elementsOf = (el: Y.XmlElement) => el.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);

/** A paragraph kept as it is, anything else (a nested list, a table) as a paragraph of its text. */
function asParagraph(node: Y.XmlElement): Y.XmlElement {
  if (node.nodeName === ContentNode.paragraph) return node.clone() as Y.XmlElement;
  const p = new Y.XmlElement(ContentNode.paragraph);
  const text = plainText(node);
  if (text) p.insert(0, [new Y.XmlText(text)]);
  return p;
}

function element(name: string, attrs: Record<string, string>, children: Child[]): Y.XmlElement {
  const el = new Y.XmlElement(name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  el.insert(0, children.length > 0 ? children : [new Y.XmlElement(ContentNode.paragraph)]);
  return el;
}

function field(name: string, cell: Y.XmlElement | undefined): Y.XmlElement {
  return element(BlockNode.field, { [FIELD_NAME_ATTR]: name }, cell ? elementsOf(cell).map(asParagraph) : []);
}

function rowsBlock(table: Y.XmlElement, block: string, row: string, fields: readonly string[], prefix: string): Y.XmlElement {
  const body = elementsOf(table).slice(1);
  const rows = body.map((r, i) => {
    const cells = elementsOf(r);
    return element(row, { [ROW_ID_ATTR]: `${prefix}${i + 1}` }, fields.map((f, c) => field(f, cells[c])));
  });
  if (rows.length === 0) rows.push(element(row, { [ROW_ID_ATTR]: `${prefix}1` }, fields.map((f) => field(f, undefined))));
  return element(block, {}, rows);
}

const cellTexts = (row: Y.XmlElement) => elementsOf(row).map((c) => plainText(c));

function findingsBlock(list: Y.XmlElement, start: number): Y.XmlElement {
  const findings = elementsOf(list).map((item, i) => {
    const parts = elementsOf(item).map((c) => (c.nodeName === ContentNode.evidenceCard ? (c.clone() as Y.XmlElement) : asParagraph(c)));
    // A finding starts with its text; a card first gets an empty paragraph before it.
    if (parts[0]?.nodeName !== ContentNode.paragraph) parts.unshift(new Y.XmlElement(ContentNode.paragraph));
    return element(BlockNode.finding, { [FINDING_ID_ATTR]: `finding-${start + i + 1}` }, parts);
  });
  return element(BlockNode.findings, {}, findings);
}

const isPromptOnly = (p: Y.XmlElement) =>
  p.nodeName === ContentNode.paragraph &&
  p.length > 0 &&
  p.toArray().every((t) => t instanceof Y.XmlText && (t.toDelta() as Array<{ attributes?: Record<string, unknown> }>).every((d) => d.attributes && 'italic' in d.attributes));

/**
 * Converts `doc` in place (call it inside a transaction) and marks it as converted. Returns how
 * many blocks were made. A document already at the current structure is left alone.
 */
export function migrateToBlocks(doc: Y.Doc, kind: string): number {
  if (hasBlocks(doc)) return 0;
  const fragment = contentOf(doc);
  const top = fragment.toArray().slice(0, MAX_TOP_LEVEL);
  const replace: Array<{ index: number; with: Y.XmlElement[]; remove: number }> = [];
  let flowDone = false;
  let pupilsDone = false;
  let section: 'findings' | 'focus' | null = null;
  let findingCount = 0;
  for (let i = 0; i < top.length; i++) {
    const node = top[i];
    if (!(node instanceof Y.XmlElement)) continue;
    if (node.nodeName === ContentNode.heading) {
      const title = plainText(node);
      section = FINDINGS_HEADING.test(title) ? 'findings' : kind === 'observation' && FOCUS_HEADING.test(title) ? 'focus' : null;
      continue;
    }
    if (kind === 'lesson_plan' && node.nodeName === ContentNode.table) {
      const rows = elementsOf(node);
      const columns = rows[0] ? elementsOf(rows[0]).length : 0;
      if (!flowDone && columns >= 5) {
        flowDone = true;
        replace.push({ index: i, with: [rowsBlock(node, BlockNode.lessonFlow, BlockNode.lessonStep, LessonStepFields, 'step-')], remove: 1 });
        continue;
      }
      if (!pupilsDone && rows.length > 1 && rows.slice(1).every((r) => CODE.test(cellTexts(r)[0] ?? ''))) {
        pupilsDone = true;
        replace.push({ index: i, with: [rowsBlock(node, BlockNode.casePupils, BlockNode.casePupil, CasePupilFields, 'pupil-')], remove: 1 });
        continue;
      }
    }
    if (node.nodeName === ContentNode.taskList) {
      replace.push({ index: i, with: [element(BlockNode.actionItems, {}, [node.clone() as Y.XmlElement])], remove: 1 });
      continue;
    }
    if (section === 'findings' && (node.nodeName === ContentNode.bulletList || node.nodeName === ContentNode.orderedList)) {
      replace.push({ index: i, with: [findingsBlock(node, findingCount)], remove: 1 });
      findingCount += node.length;
      continue;
    }
    if (section === 'focus' && node.nodeName === ContentNode.paragraph) {
      // The paragraphs of the focus section become its block (the template's italic prompt stays above it).
      let end = i;
      while (end < top.length && top[end] instanceof Y.XmlElement && (top[end] as Y.XmlElement).nodeName === ContentNode.paragraph) end++;
      let from = i;
      if (end - from > 1 && isPromptOnly(node)) from++;
      const paragraphs = top.slice(from, end).map((p) => (p as Y.XmlElement).clone() as Y.XmlElement);
      replace.push({ index: from, with: [element(BlockNode.observationFocus, {}, paragraphs)], remove: end - from });
      section = null;
      i = end - 1;
    }
  }
  // From the end, so earlier indexes stay right.
  for (const r of replace.toReversed()) {
    fragment.delete(r.index, r.remove);
    fragment.insert(r.index, r.with);
  }
  doc.getMap(META_FIELD).set(BLOCKS_VERSION_KEY, BLOCKS_VERSION);
  return replace.length;
}

/** For the sync server's `upgrade`: the conversion a loaded document still needs, or null. */
export async function blocksUpgrade(db: DbOrTx, documentId: string, doc: Y.Doc): Promise<((doc: Y.Doc) => void) | null> {
  if (hasBlocks(doc)) return null;
  const kind = (await db.select({ kind: documents.kind }).from(documents).where(eq(documents.id, documentId)))[0]?.kind ?? '';
  return (d) => {
    migrateToBlocks(d, kind);
  };
}
