import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  type ParagraphChild,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import { blockLabels, fieldLabels } from '../../shared/blocks/labels';
import { BlockNode, CONTENT_FIELD, FIELD_NAME_ATTR, RowBlocks } from '../../shared/blocks/names';
import { SuggestionMark } from '../../shared/blocks/walk';
import type { Locale } from '../../shared/locale';
import type { RoundComparison } from '../../shared/schemas/round-compare';
import { type ContentNode, readContentTree, withDocument } from './content-tree';

const labels = {
  nb: { owner: 'ansvarlig', due: 'frist', changesFrom: 'Endringer fra runde', none: 'Ingen endringer.', added: 'lagt til', removed: 'fjernet', changed: 'endret', finding: 'Funn', focus: 'Observasjonsfokus', pupil: 'Case-elev' },
  nn: { owner: 'ansvarleg', due: 'frist', changesFrom: 'Endringar frå runde', none: 'Ingen endringar.', added: 'lagt til', removed: 'fjerna', changed: 'endra', finding: 'Funn', focus: 'Observasjonsfokus', pupil: 'Case-elev' },
  en: { owner: 'owner', due: 'due', changesFrom: 'Changes from round', none: 'No changes.', added: 'added', removed: 'removed', changed: 'changed', finding: 'Finding', focus: 'Observation focus', pupil: 'Case pupil' },
};

const headingLevels = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4];

type Block = Paragraph | Table;
interface Context {
  locale: Locale;
  /** "Med forslag": suggested insertions and deletions shown marked. Without, the accepted text only. */
  suggestions: boolean;
  list?: { ordered: boolean; level: number; instance: number };
  nextInstance: () => number;
}

/**
 * A Word document with the document's headings, lists, action items, blocks and tables intact;
 * a plan of a later round ends with its changes from round 1 ("Endringer fra runde 1").
 */
export async function exportDocx(
  state: Uint8Array,
  title: string,
  locale: Locale,
  options: { changes?: RoundComparison | null; suggestions?: boolean } = {},
): Promise<Buffer> {
  const tree = withDocument(state, (doc) => readContentTree(doc.getXmlFragment(CONTENT_FIELD)));
  let instance = 0;
  const ctx: Context = { locale, suggestions: options.suggestions ?? false, nextInstance: () => ++instance };
  const children = blocks(tree.content ?? [], ctx);
  if (options.changes) children.push(...roundChanges(options.changes, locale));
  const file = new Document({
    title,
    creator: 'Fellesrom',
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: [0, 1, 2, 3].map((level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children: children.length > 0 ? children : [new Paragraph('')] }],
  });
  return Packer.toBuffer(file);
}

const textOf = (nodes: ContentNode[] = []): string => nodes.map((n) => n.text ?? textOf(n.content)).join('');

/** Blocks for Word. Recursion follows the tree, which readContentTree bounds. */
function blocks(nodes: ContentNode[], ctx: Context): Block[] {
  const out: Block[] = [];
  for (const node of nodes) {
    const attrs = node.attrs ?? {};
    const children = node.content ?? [];
    switch (node.type) {
      case 'text':
        out.push(new Paragraph({ children: inline([node], ctx) }));
        break;
      case 'heading': {
        const level = Math.min(Number(attrs.level) || 1, 4);
        out.push(new Paragraph({ heading: headingLevels[level - 1], children: inline(children, ctx) }));
        break;
      }
      case 'paragraph':
        out.push(
          new Paragraph({
            children: inline(children, ctx),
            ...(ctx.list
              ? ctx.list.ordered
                ? { numbering: { reference: 'ordered', level: ctx.list.level, instance: ctx.list.instance } }
                : { bullet: { level: ctx.list.level } }
              : {}),
          }),
        );
        break;
      case 'bulletList':
      case 'orderedList': {
        const level = ctx.list ? ctx.list.level + 1 : 0;
        const list = { ordered: node.type === 'orderedList', level: Math.min(level, 3), instance: ctx.nextInstance() };
        for (const item of children) out.push(...blocks(item.content ?? [], { ...ctx, list }));
        break;
      }
      case 'taskList':
        for (const item of children) {
          const a = item.attrs ?? {};
          const meta = [a.owner ? `${labels[ctx.locale].owner}: ${String(a.owner)}` : '', a.due ? `${labels[ctx.locale].due}: ${String(a.due)}` : '']
            .filter(Boolean)
            .join(', ');
          const [first, ...rest] = item.content ?? [];
          out.push(
            new Paragraph({
              children: [
                new TextRun(a.checked === true || a.checked === 'true' ? '☑ ' : '☐ '),
                ...(first && first.type !== 'text' ? inline(first.content ?? [], ctx) : []),
                ...(meta ? [new TextRun({ text: ` (${meta})`, italics: true })] : []),
              ],
            }),
          );
          out.push(...blocks(rest, ctx));
        }
        break;
      case 'table':
        out.push(table(node, ctx));
        break;
      case BlockNode.lessonFlow:
      case BlockNode.casePupils:
        out.push(rowBlockTable(node, RowBlocks[node.type].fields, ctx));
        break;
      case BlockNode.findings: {
        const list = { ordered: false, level: 0, instance: ctx.nextInstance() };
        for (const finding of children) out.push(...blocks(finding.content ?? [], { ...ctx, list }));
        break;
      }
      case 'blockquote':
        out.push(...blocks(children, ctx));
        break;
      case 'codeBlock':
        out.push(new Paragraph({ children: [new TextRun({ text: textOf(children), font: 'Courier New' })] }));
        break;
      case 'evidenceCard': {
        const meta = [attrs.time, attrs.pupil, attrs.observer].filter(Boolean).map(String).join(' · ');
        out.push(
          new Paragraph({
            indent: { left: 360 },
            border: { left: { style: 'single', size: 12, color: '1D6B3A', space: 6 } },
            children: [new TextRun({ text: `${meta}: `, bold: true }), new TextRun({ text: String(attrs.text ?? ''), italics: true })],
          }),
        );
        break;
      }
      case 'horizontalRule':
        out.push(new Paragraph({ border: { bottom: { style: 'single', size: 6, color: '999999', space: 1 } }, children: [] }));
        break;
      default:
        out.push(...blocks(children, ctx));
    }
  }
  return out;
}

const cellShading = { shading: { type: ShadingType.CLEAR, fill: 'EEF1F4', color: 'auto' } } as const;

/** A row block (lesson flow, case pupils) as a Word table, its field names as the header row. */
function rowBlockTable(node: ContentNode, fields: readonly string[], ctx: Context): Table {
  const width = { size: Math.round(100 / fields.length), type: WidthType.PERCENTAGE };
  const rows = (node.content ?? []).filter((r) => r.type !== 'text');
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: fields.map(
          (f) => new TableCell({ width, ...cellShading, children: [new Paragraph({ children: [new TextRun({ text: fieldLabels[f]?.[ctx.locale] ?? f, bold: true })] })] }),
        ),
      }),
      ...rows.map((row) => {
        const byName = new Map((row.content ?? []).map((f) => [f.attrs?.[FIELD_NAME_ATTR], f]));
        return new TableRow({
          children: fields.map((f) => {
            const content = blocks(byName.get(f)?.content ?? [], { ...ctx, list: undefined });
            return new TableCell({ width, children: content.length > 0 ? content : [new Paragraph('')] });
          }),
        });
      }),
    ],
  });
}

/** The plan's changes from an earlier round: each changed row, its fields word by word, and its findings. */
function roundChanges(comparison: RoundComparison, locale: Locale): Paragraph[] {
  const w = labels[locale];
  const out = [new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(`${w.changesFrom} ${comparison.from.round}`)] })];
  if (comparison.changes.length === 0) out.push(new Paragraph(w.none));
  for (const change of comparison.changes) {
    const what =
      change.block === 'observationFocus'
        ? w.focus
        : change.block === 'casePupils'
          ? `${w.pupil} ${change.title}`
          : `${blockLabels.step[locale]} ${change.index + 1}${change.title ? `: ${change.title}` : ''}`;
    out.push(new Paragraph({ heading: HeadingLevel.HEADING_3, children: [new TextRun(`${what} (${w[change.status]})`)] }));
    for (const field of change.fields) {
      out.push(
        new Paragraph({
          children: [
            new TextRun({ text: `${fieldLabels[field.name]?.[locale] ?? w.focus}: `, bold: true }),
            ...field.parts.map(
              (p) =>
                new TextRun({
                  text: p.text,
                  ...(p.op === 'removed' ? { strike: true, color: 'A32020' } : p.op === 'added' ? { underline: {}, color: '1D6B3A' } : {}),
                }),
            ),
          ],
        }),
      );
    }
    for (const f of change.findings) out.push(new Paragraph({ indent: { left: 360 }, children: [new TextRun({ text: `${w.finding}: `, bold: true }), new TextRun({ text: f.text, italics: true })] }));
  }
  return out;
}

/** Spans are clamped already; the grid is as wide as the widest row. */
function table(node: ContentNode, ctx: Context): Table {
  const rows = (node.content ?? []).filter((r) => r.type !== 'text');
  const cellsOf = (row: ContentNode) => (row.content ?? []).filter((c) => c.type !== 'text');
  const span = (cell: ContentNode) => Number(cell.attrs?.colspan) || 1;
  const columns = Math.max(1, ...rows.map((r) => cellsOf(r).reduce((sum, c) => sum + span(c), 0)));
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: rows.map(
      (row) =>
        new TableRow({
          tableHeader: cellsOf(row).length > 0 && cellsOf(row).every((c) => c.type === 'tableHeader'),
          children: cellsOf(row).map((cell) => {
            const header = cell.type === 'tableHeader';
            const content = blocks(cell.content ?? [], { ...ctx, list: undefined });
            return new TableCell({
              columnSpan: span(cell),
              width: { size: Math.round((100 / columns) * span(cell)), type: WidthType.PERCENTAGE },
              ...(header ? cellShading : {}),
              children: content.length > 0 ? content : [new Paragraph('')],
            });
          }),
        }),
    ),
  });
}

function inline(nodes: ContentNode[], ctx: Context): ParagraphChild[] {
  const runs: ParagraphChild[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      const has = (mark: string) => (node.marks ?? []).some((m) => m.type === mark);
      const inserted = has(SuggestionMark.insert);
      const deleted = has(SuggestionMark.delete);
      // Without suggestions: the text as accepted (suggested insertions left out, deletions not yet made).
      if (inserted && !ctx.suggestions) continue;
      const run = new TextRun({
        text: node.text ?? '',
        bold: has('bold'),
        italics: has('italic'),
        strike: has('strike') || (ctx.suggestions && deleted),
        ...(ctx.suggestions && inserted ? { color: '1D6B3A' } : ctx.suggestions && deleted ? { color: 'A32020' } : {}),
        ...(has('underline') || (ctx.suggestions && inserted) ? { underline: {} } : {}),
        ...(has('code') ? { font: 'Courier New' } : {}),
      });
      const link = node.marks?.find((m) => m.type === 'link')?.attrs?.href;
      runs.push(typeof link === 'string' && /^https?:|^mailto:/.test(link) ? new ExternalHyperlink({ link, children: [run] }) : run);
    } else if (node.type === 'hardBreak') {
      runs.push(new TextRun({ text: '', break: 1 }));
    } else {
      // Blocks where text was expected (a hand-made document): their text, inline.
      const text = textOf(node.content);
      if (text) runs.push(new TextRun(text));
    }
  }
  return runs;
}
