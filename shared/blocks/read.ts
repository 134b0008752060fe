/**
 * Reads each structured block from a Y.Doc. Every consumer (observation, timeline, evidence,
 * findings, DOCX, search text, versions and compare, reminders and tasks) goes through these:
 * a block is found by its node name, wherever it sits and whatever the headings above it say.
 * The walks are iterative and capped; every attribute is clamped (a document is input).
 */
import * as Y from 'yjs';
import {
  BLOCKS_VERSION,
  BLOCKS_VERSION_KEY,
  BlockNode,
  CONTENT_FIELD,
  CasePupilFields,
  ContentNode,
  FIELD_NAME_ATTR,
  FINDING_ID_ATTR,
  LessonStepFields,
  META_FIELD,
  ROW_ID_ATTR,
  type RowBlockName,
  RowBlocks,
} from './names';
import { attrString, elements, plainText, type TextView } from './walk';

/** Elements looked at, at most, per read; rows and items returned, at most. */
export const MAX_VISITED = 200_000;
export const MAX_ROWS = 500;
/** A field's text is cut here: enough for a lesson step, not a book. */
export const MAX_FIELD_CHARS = 4000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-ZÆØÅ]$/;

export const contentOf = (doc: Y.Doc): Y.XmlFragment => doc.getXmlFragment(CONTENT_FIELD);

/** Whether the document is at the current block structure (new documents are; old ones are migrated on load). */
export function hasBlocks(doc: Y.Doc): boolean {
  const v = doc.getMap(META_FIELD).get(BLOCKS_VERSION_KEY);
  return typeof v === 'number' && v >= BLOCKS_VERSION;
}

/** Every element named `name` under the content, in document order, capped. */
export function findBlocks(doc: Y.Doc, name: string, limit = MAX_ROWS): Y.XmlElement[] {
  const found: Y.XmlElement[] = [];
  let visited = 0;
  for (const el of elements(contentOf(doc))) {
    if (++visited > MAX_VISITED || found.length >= limit) break;
    if (el.nodeName === name) found.push(el);
  }
  return found;
}

const childElements = (el: Y.XmlElement, name?: string): Y.XmlElement[] =>
  el.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement && (name === undefined || c.nodeName === name));

/** The text of a row's field: its paragraphs, one per line. */
function fieldText(field: Y.XmlElement, view: TextView): string {
  return childElements(field)
    .map((p) => plainText(p, view))
    .join('\n')
    .trim()
    .slice(0, MAX_FIELD_CHARS);
}

export const rowId = (row: Y.XmlElement): string | null => {
  const id = attrString(row, ROW_ID_ATTR);
  return id && ID.test(id) ? id : null;
};

/** The rows of a row block as field → text, with each row's id; unknown fields are ignored. */
export function readRows<B extends RowBlockName>(block: Y.XmlElement, kind: B, view: TextView = 'accepted') {
  const { row: rowName, fields } = RowBlocks[kind];
  type Row = { id: string | null } & Record<(typeof fields)[number], string>;
  const rows: Row[] = [];
  for (const row of childElements(block, rowName).slice(0, MAX_ROWS)) {
    const values = Object.fromEntries(fields.map((f) => [f, ''])) as Record<string, string>;
    for (const field of childElements(row, BlockNode.field)) {
      const name = attrString(field, FIELD_NAME_ATTR);
      if (name && (fields as readonly string[]).includes(name) && !values[name]) values[name] = fieldText(field, view);
    }
    rows.push({ id: rowId(row), ...values } as Row);
  }
  return rows;
}

export type LessonStep = { id: string | null } & Record<(typeof LessonStepFields)[number], string>;
export type CasePupilRow = { id: string | null } & Record<(typeof CasePupilFields)[number], string>;

/** The lesson flow: the steps of the document's (first) lesson-flow block. */
export function readLessonFlow(doc: Y.Doc, view: TextView = 'accepted'): LessonStep[] {
  const [block] = findBlocks(doc, BlockNode.lessonFlow, 1);
  return block ? readRows(block, BlockNode.lessonFlow, view) : [];
}

/** The case pupils (code A–Z, why this pupil, prediction); a row without a one-letter code is left out. */
export function readCasePupils(doc: Y.Doc, view: TextView = 'accepted'): CasePupilRow[] {
  const [block] = findBlocks(doc, BlockNode.casePupils, 1);
  return block ? readRows(block, BlockNode.casePupils, view).filter((p) => CODE.test(p.code)) : [];
}

/** The observation focus: the text of every observation-focus block. */
export function readObservationFocus(doc: Y.Doc, view: TextView = 'accepted'): string {
  return findBlocks(doc, BlockNode.observationFocus, 20)
    .map((b) => fieldText(b, view))
    .filter(Boolean)
    .join('\n')
    .slice(0, MAX_FIELD_CHARS);
}

export interface EvidenceLink {
  sourceDocumentId: string | null;
  noteId: string | null;
  planId: string | null;
  step: string | null;
  pupil: string | null;
}

export interface FindingFact {
  id: string | null;
  text: string;
  evidence: EvidenceLink[];
  /** Plan steps (indexes in the plan's lesson flow) the finding's evidence points at. */
  steps: number[];
}

const clamp200 = (el: Y.XmlElement, name: string) => attrString(el, name)?.slice(0, 200) ?? null;

export const evidenceLink = (card: Y.XmlElement): EvidenceLink => ({
  sourceDocumentId: clamp200(card, 'sourceDocumentId'),
  noteId: clamp200(card, 'noteId'),
  planId: clamp200(card, 'planId'),
  step: clamp200(card, 'step'),
  pupil: clamp200(card, 'pupil'),
});

/** The agreed findings: every finding of every findings block, with its evidence cards. */
export function readFindings(doc: Y.Doc, view: TextView = 'accepted'): FindingFact[] {
  const out: FindingFact[] = [];
  for (const block of findBlocks(doc, BlockNode.findings, 20)) {
    for (const finding of childElements(block, BlockNode.finding)) {
      if (out.length >= MAX_ROWS) return out;
      const parts = childElements(finding);
      const text = parts
        .filter((p) => p.nodeName !== ContentNode.evidenceCard)
        .map((p) => plainText(p, view))
        .join(' ')
        .trim()
        .slice(0, MAX_FIELD_CHARS);
      const evidence = parts.filter((p) => p.nodeName === ContentNode.evidenceCard).map(evidenceLink);
      if (!text && evidence.length === 0) continue;
      const id = attrString(finding, FINDING_ID_ATTR);
      const steps = [...new Set(evidence.map((e) => Number(e.step)).filter((n) => Number.isInteger(n) && n >= 0 && n < MAX_ROWS))];
      out.push({ id: id && ID.test(id) ? id : null, text, evidence, steps });
    }
  }
  return out;
}

export interface ActionItemFact {
  text: string;
  owner: string | null;
  due: string | null;
  done: boolean;
}

/**
 * The action items: every task item of the content, with owner, due date and state. The templates
 * put them in action-items blocks, but the editor offers owner and date on any task item, so one
 * typed anywhere else is an action item too (and reminders and "My tasks" find it).
 */
export function readActionItems(doc: Y.Doc, view: TextView = 'accepted'): ActionItemFact[] {
  return findBlocks(doc, ContentNode.taskItem).map((el) => {
    const checked = el.getAttribute('checked') as unknown;
    const due = attrString(el, 'due');
    return {
      text: plainText(el, view).slice(0, MAX_FIELD_CHARS),
      owner: attrString(el, 'owner')?.trim().slice(0, 80) || null,
      due: due && DATE.test(due) ? due : null,
      done: checked === true || checked === 'true',
    };
  });
}

export interface FindingLinkFact {
  reflectionId: string | null;
  text: string;
}

/** The findings a part of a plan is marked as changed because of (the `findingLink` mark on its text). */
export function findingLinksIn(root: Y.XmlElement): FindingLinkFact[] {
  const found = new Map<string, FindingLinkFact>();
  const texts: Y.XmlText[] = root.toArray().filter((c): c is Y.XmlText => c instanceof Y.XmlText);
  for (const el of elements(root)) for (const c of el.toArray()) if (c instanceof Y.XmlText) texts.push(c);
  for (const t of texts) {
    for (const op of t.toDelta() as Array<{ attributes?: Record<string, unknown> }>) {
      const link = op.attributes?.findingLink as { reflectionId?: unknown; finding?: unknown } | undefined;
      if (!link || typeof link.finding !== 'string' || !link.finding.trim()) continue;
      const text = link.finding.slice(0, MAX_FIELD_CHARS);
      const reflectionId = typeof link.reflectionId === 'string' && ID.test(link.reflectionId) ? link.reflectionId : null;
      found.set(`${reflectionId}\u0000${text}`, { reflectionId, text });
      if (found.size >= 50) return [...found.values()];
    }
  }
  return [...found.values()];
}

/** The row elements of a document's first block of this kind, in order (what readRows reads). */
export function rowElements(doc: Y.Doc, kind: RowBlockName): Y.XmlElement[] {
  const [block] = findBlocks(doc, kind, 1);
  return block ? childElements(block, RowBlocks[kind].row).slice(0, MAX_ROWS) : [];
}
