/**
 * The structured blocks of a Fellesrom document: their node and attribute names as the editor
 * (client/editor/blocks.ts) stores them in Yjs, and what each block's rows hold. Consumers find
 * a block by its node name, never by a heading's wording or a table's shape.
 */

/** The Y.XmlFragment that holds the Tiptap content (the contract's `default`). */
export const CONTENT_FIELD = 'default';

/** A Y.Map beside the content: which structure version the document is at. */
export const META_FIELD = 'fellesrom';
export const BLOCKS_VERSION_KEY = 'blocks';
/** Documents at this version hold structured blocks; older ones are converted once on load. */
export const BLOCKS_VERSION = 1;

export const BlockNode = {
  lessonFlow: 'lessonFlow',
  lessonStep: 'lessonStep',
  casePupils: 'casePupils',
  casePupil: 'casePupil',
  findings: 'findings',
  finding: 'finding',
  actionItems: 'actionItems',
  observationFocus: 'observationFocus',
  /** One named field of a row (a step's time, a pupil's prediction), holding paragraphs. */
  field: 'blockField',
} as const;

/** Nodes the blocks reuse from the rest of the schema. */
export const ContentNode = {
  paragraph: 'paragraph',
  heading: 'heading',
  table: 'table',
  tableRow: 'tableRow',
  taskList: 'taskList',
  taskItem: 'taskItem',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  listItem: 'listItem',
  evidenceCard: 'evidenceCard',
} as const;

export const LessonStepFields = ['activity', 'time', 'anticipated', 'support', 'observe'] as const;
export type LessonStepField = (typeof LessonStepFields)[number];
export const CasePupilFields = ['code', 'why', 'prediction'] as const;
export type CasePupilField = (typeof CasePupilFields)[number];

/** Row blocks: the row node and the fields every row has, in the order they are shown. */
export const RowBlocks = {
  [BlockNode.lessonFlow]: { row: BlockNode.lessonStep, fields: LessonStepFields },
  [BlockNode.casePupils]: { row: BlockNode.casePupil, fields: CasePupilFields },
} as const;
export type RowBlockName = keyof typeof RowBlocks;

/** Attributes: a row's stable id (kept when a plan is copied into the next round), a field's name. */
export const ROW_ID_ATTR = 'rowId';
export const FIELD_NAME_ATTR = 'name';
export const FINDING_ID_ATTR = 'findingId';
