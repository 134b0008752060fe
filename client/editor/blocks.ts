import { Extension, Node } from '@tiptap/core';
import type { Node as PMNode, NodeType } from '@tiptap/pm/model';
import { TextSelection } from '@tiptap/pm/state';
import { fieldLabels } from '../../shared/blocks/labels';
import { BlockNode, FIELD_NAME_ATTR, FINDING_ID_ATTR, ROW_ID_ATTR, RowBlocks } from '../../shared/blocks/names';

/**
 * The structured blocks of a document (names and fields in shared/blocks/names.ts): lesson flow,
 * case pupils, findings, action items, observation focus. Each has its own nodes, so the
 * server finds them by name whatever the headings above them say.
 */
export interface BlockOptions {
  /** What a field is called (a column heading of the lesson flow, a label on a case pupil). */
  fieldLabel: (name: string) => string;
}

const defaultFieldLabel = (name: string) => fieldLabels[name]?.nb ?? name;

const newId = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

const idAttr = (name: string, data: string) => ({
  [name]: {
    default: null,
    parseHTML: (el: HTMLElement) => el.getAttribute(`data-${data}`),
    renderHTML: (attrs: Record<string, unknown>) => (attrs[name] ? { [`data-${data}`]: String(attrs[name]) } : {}),
  },
});

export const BlockField = Node.create<BlockOptions>({
  name: BlockNode.field,
  content: 'paragraph+',
  isolating: true,
  defining: true,
  addOptions: () => ({ fieldLabel: defaultFieldLabel }),
  addAttributes: () => idAttr(FIELD_NAME_ATTR, 'field'),
  parseHTML: () => [{ tag: 'div[data-field]' }],
  renderHTML({ node, HTMLAttributes }) {
    const name = String(node.attrs[FIELD_NAME_ATTR] ?? '');
    return ['div', { ...HTMLAttributes, class: 'block-field', 'data-label': this.options.fieldLabel(name) }, 0];
  },
});

function rowBlock(block: keyof typeof RowBlocks, className: string) {
  const { row, fields } = RowBlocks[block];
  const Block = Node.create<BlockOptions>({
    name: block,
    group: 'block',
    content: `${row}+`,
    isolating: true,
    addOptions: () => ({ fieldLabel: defaultFieldLabel }),
    parseHTML: () => [{ tag: `section[data-block="${block}"]` }],
    renderHTML({ HTMLAttributes }) {
      return [
        'section',
        { ...HTMLAttributes, 'data-block': block, class: `block ${className}` },
        ['div', { class: 'block-head', contenteditable: 'false', 'aria-hidden': 'true' }, ...fields.map((f) => ['span', {}, this.options.fieldLabel(f)])],
        ['div', { class: 'block-rows' }, 0],
      ];
    },
  });
  const Row = Node.create<BlockOptions>({
    name: row,
    content: `${BlockNode.field}{${fields.length}}`,
    isolating: true,
    addOptions: () => ({ fieldLabel: defaultFieldLabel }),
    addAttributes: () => idAttr(ROW_ID_ATTR, 'row-id'),
    parseHTML: () => [{ tag: `div[data-row="${row}"]` }],
    renderHTML: ({ HTMLAttributes }) => ['div', { ...HTMLAttributes, 'data-row': row, class: 'block-row' }, 0],
  });
  return [Block, Row] as const;
}

const [LessonFlow, LessonStep] = rowBlock(BlockNode.lessonFlow, 'lesson-flow');
const [CasePupils, CasePupil] = rowBlock(BlockNode.casePupils, 'case-pupils');

export const Findings = Node.create({
  name: BlockNode.findings,
  group: 'block',
  content: `${BlockNode.finding}+`,
  isolating: true,
  parseHTML: () => [{ tag: `section[data-block="${BlockNode.findings}"]` }],
  renderHTML: ({ HTMLAttributes }) => ['section', { ...HTMLAttributes, 'data-block': BlockNode.findings, class: 'block findings' }, 0],
});

export const Finding = Node.create({
  name: BlockNode.finding,
  content: 'paragraph (paragraph | evidenceCard)*',
  defining: true,
  addAttributes: () => idAttr(FINDING_ID_ATTR, 'finding-id'),
  parseHTML: () => [{ tag: 'div[data-finding]' }],
  renderHTML: ({ HTMLAttributes }) => ['div', { ...HTMLAttributes, 'data-finding': '', class: 'finding' }, 0],
});

export const ActionItems = Node.create({
  name: BlockNode.actionItems,
  group: 'block',
  content: 'taskList',
  parseHTML: () => [{ tag: `section[data-block="${BlockNode.actionItems}"]` }],
  renderHTML: ({ HTMLAttributes }) => ['section', { ...HTMLAttributes, 'data-block': BlockNode.actionItems, class: 'block action-items' }, 0],
});

export const ObservationFocus = Node.create({
  name: BlockNode.observationFocus,
  group: 'block',
  content: 'paragraph+',
  defining: true,
  parseHTML: () => [{ tag: `section[data-block="${BlockNode.observationFocus}"]` }],
  renderHTML: ({ HTMLAttributes }) => ['section', { ...HTMLAttributes, 'data-block': BlockNode.observationFocus, class: 'block observation-focus' }, 0],
});

/** Row nodes the row commands work on, and how an empty one of each is made. */
const ROWS: Record<string, (type: NodeType) => PMNode> = {
  [BlockNode.lessonStep]: (type) => emptyRow(type, RowBlocks.lessonFlow.fields),
  [BlockNode.casePupil]: (type) => emptyRow(type, RowBlocks.casePupils.fields),
  [BlockNode.finding]: (type) => type.create({ [FINDING_ID_ATTR]: newId('f') }, type.schema.nodes.paragraph!.create()),
};

function emptyRow(type: NodeType, fields: readonly string[]): PMNode {
  const { blockField, paragraph } = type.schema.nodes;
  return type.create(
    { [ROW_ID_ATTR]: newId('r') },
    fields.map((f) => blockField!.create({ [FIELD_NAME_ATTR]: f }, paragraph!.create())),
  );
}

/** The innermost row (step, case pupil, finding) around the selection: its depth. */
function rowDepth(state: { selection: { $from: { depth: number; node(d: number): PMNode } } }): number | null {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if (ROWS[$from.node(d).type.name]) return d;
  return null;
}

export const isInBlockRow = (state: Parameters<typeof rowDepth>[0]) => rowDepth(state) !== null;

export const BlockCommands = Extension.create({
  name: 'blockCommands',
  addCommands() {
    return {
      addBlockRow:
        () =>
        ({ state, tr, dispatch }) => {
          const depth = rowDepth(state);
          if (depth === null) return false;
          const { $from } = state.selection;
          const current = $from.node(depth);
          const after = $from.after(depth);
          if (dispatch) {
            tr.insert(after, ROWS[current.type.name]!(current.type));
            tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1)));
            dispatch(tr.scrollIntoView());
          }
          return true;
        },
      deleteBlockRow:
        () =>
        ({ state, tr, dispatch }) => {
          const depth = rowDepth(state);
          if (depth === null) return false;
          const { $from } = state.selection;
          // A block keeps at least one row: an empty block would lose its place in the document.
          if ($from.node(depth - 1).childCount <= 1) return false;
          if (dispatch) dispatch(tr.delete($from.before(depth), $from.after(depth)));
          return true;
        },
    };
  },
});

export const blockExtensions = (options?: BlockOptions) => [
  options ? BlockField.configure(options) : BlockField,
  options ? LessonFlow.configure(options) : LessonFlow,
  LessonStep,
  options ? CasePupils.configure(options) : CasePupils,
  CasePupil,
  Findings,
  Finding,
  ActionItems,
  ObservationFocus,
  BlockCommands,
];

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    blockCommands: {
      /** Adds an empty row (step, case pupil, finding) after the one the cursor is in. */
      addBlockRow: () => ReturnType;
      /** Deletes the row the cursor is in, unless it is its block's last. */
      deleteBlockRow: () => ReturnType;
    };
  }
}
