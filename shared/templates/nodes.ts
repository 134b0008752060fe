import { BlockNode, FIELD_NAME_ATTR, FINDING_ID_ATTR, ROW_ID_ATTR, type RowBlockName, RowBlocks } from '../blocks/names';
import type { Localized } from '../locale';

/**
 * Template content is ProseMirror JSON with the node and mark names of the editor's schema
 * (Tiptap StarterKit + tables + task lists + the structured blocks of shared/blocks). The server turns it into Yjs once, at creation.
 */
export type Attrs = Record<string, string | number | boolean | null>;
export interface TemplateMark {
  type: string;
  attrs?: Attrs;
}
export interface TemplateNode {
  type: string;
  attrs?: Attrs;
  content?: TemplateNode[];
  text?: string;
  marks?: TemplateMark[];
}

const text = (value: string, marks?: TemplateMark[]): TemplateNode =>
  marks ? { type: 'text', text: value, marks } : { type: 'text', text: value };

export const heading = (level: 1 | 2 | 3, value: string): TemplateNode => ({
  type: 'heading',
  attrs: { level },
  content: [text(value)],
});

export const paragraph = (value = ''): TemplateNode =>
  value ? { type: 'paragraph', content: [text(value)] } : { type: 'paragraph' };

/** An empty paragraph that shows `hint` (greyed) until someone writes in it. */
export const writeHere = (hint: string): TemplateNode => ({ type: 'paragraph', attrs: { hint } });

/** The word before a worked example. */
export const exampleLabel: Localized = { nb: 'Eksempel', nn: 'Døme', en: 'Example' };

/** "Eksempel: …" – a short worked example under a prompt. */
export const example = (label: string, value: string): TemplateNode => ({
  type: 'paragraph',
  content: [text(`${label}: `, [{ type: 'bold' }, { type: 'italic' }]), text(value, [{ type: 'italic' }])],
});

/** A guiding prompt: italic, so teachers see it as help text to replace or keep. */
export const prompt = (value: string): TemplateNode => ({
  type: 'paragraph',
  content: [text(value, [{ type: 'italic' }])],
});

/** "Label: " in bold followed by room to write. */
export const field = (label: string, value = ''): TemplateNode => ({
  type: 'paragraph',
  content: value
    ? [text(`${label}: `, [{ type: 'bold' }]), text(value)]
    : [text(`${label}: `, [{ type: 'bold' }])],
});

export const bulletList = (items: string[]): TemplateNode => ({
  type: 'bulletList',
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
});

export const orderedList = (items: string[]): TemplateNode => ({
  type: 'orderedList',
  attrs: { start: 1 },
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
});

/** Action items: what, with an owner and a due date kept as attributes of each item. */
export const taskList = (items: string[]): TemplateNode => ({
  type: 'taskList',
  content: items.map((item) => ({
    type: 'taskItem',
    attrs: { checked: false },
    content: [paragraph(item)],
  })),
});

const cell = (type: 'tableHeader' | 'tableCell', value: string): TemplateNode => ({
  type,
  attrs: { colspan: 1, rowspan: 1, colwidth: null },
  content: [paragraph(value)],
});

/** A table with a header row and `rows` (each row as many cells as there are headers). */
export const table = (headers: string[], rows: string[][]): TemplateNode => ({
  type: 'table',
  content: [
    { type: 'tableRow', content: headers.map((h) => cell('tableHeader', h)) },
    ...rows.map((row) => ({
      type: 'tableRow',
      content: headers.map((_, i) => cell('tableCell', row[i] ?? '')),
    })),
  ],
});

const blockField = (name: string, value = '', hint?: string): TemplateNode => ({
  type: BlockNode.field,
  attrs: { [FIELD_NAME_ATTR]: name },
  content: [hint && !value ? writeHere(hint) : paragraph(value)],
});

/** A row block (lesson flow, case pupils): each row a node with an id and one field per column. */
const rowBlock = (block: RowBlockName, idPrefix: string, rows: Array<Partial<Record<string, string>>>): TemplateNode => ({
  type: block,
  content: rows.map((values, i) => ({
    type: RowBlocks[block].row,
    attrs: { [ROW_ID_ATTR]: `${idPrefix}${i + 1}` },
    content: RowBlocks[block].fields.map((f) => blockField(f, values[f] ?? '')),
  })),
});

/** The lesson flow: one step per activity (activity/key questions, time, anticipated responses, support, what to observe). */
export const lessonFlow = (activities: string[]): TemplateNode =>
  rowBlock(BlockNode.lessonFlow, 'step-', activities.map((activity) => ({ activity })));

/** Case pupils by code only (A, B, C), each with why and a prediction. */
export const casePupils = (codes: string[]): TemplateNode => rowBlock(BlockNode.casePupils, 'pupil-', codes.map((code) => ({ code })));

/** Agreed findings: each finding its text and the evidence cards that support it. */
export const findings = (hint: string): TemplateNode => ({
  type: BlockNode.findings,
  content: [{ type: BlockNode.finding, attrs: { [FINDING_ID_ATTR]: 'finding-1' }, content: [writeHere(hint)] }],
});

/** Action items: task items with owner and due date, in a block reminders and "My tasks" read. */
export const actionItems = (items: string[]): TemplateNode => ({ type: BlockNode.actionItems, content: [taskList(items)] });

export const observationFocus = (hint: string): TemplateNode => ({ type: BlockNode.observationFocus, content: [writeHere(hint)] });
