import * as Y from 'yjs';
import { fieldLabels } from '../../shared/blocks/labels';
import { BlockNode, FIELD_NAME_ATTR, RowBlocks } from '../../shared/blocks/names';
import { attrNumber, attrString, MAX_RENDER_DEPTH, plainText } from '../../shared/blocks/walk';
import { DEFAULT_LOCALE } from '../../shared/locale';

/**
 * A document as Markdown (CommonMark with GitHub tables and task lists), for people who open the
 * export without Fellesrom. Hand-written rather than prosemirror-markdown: that needs a schema
 * built from the editor's extensions and throws on any node it does not know, while a document
 * here may hold whatever a hand-made client wrote; this renders unknown nodes as their content,
 * stops nesting at MAX_RENDER_DEPTH (deeper content comes out as plain text) and clamps attributes.
 */
export function toMarkdown(fragment: Y.XmlFragment): string {
  const blocks = renderBlocks(fragment.toArray(), 0);
  return `${blocks.join('\n\n').replace(/\n{3,}/g, '\n\n').trim()}\n`;
}

type YNode = Y.XmlElement | Y.XmlText | Y.XmlHook;

const escapeText = (s: string) => s.replace(/([\\`*_[\]<>])/g, '\\$1');
const escapeLineStart = (s: string) => s.replace(/^(\s*)([#>+-]|\d+[.)])(?=\s)/, '$1\\$2');

function inline(el: Y.XmlElement | Y.XmlText): string {
  const parts: string[] = [];
  const texts = el instanceof Y.XmlText ? [el] : el.toArray();
  for (const child of texts) {
    if (child instanceof Y.XmlElement) {
      if (child.nodeName === 'hardBreak') parts.push('  \n');
      else parts.push(escapeText(plainText(child)));
      continue;
    }
    if (!(child instanceof Y.XmlText)) continue;
    for (const op of child.toDelta() as Array<{ insert: unknown; attributes?: Record<string, unknown> }>) {
      if (typeof op.insert !== 'string' || op.insert === '') continue;
      const a = op.attributes ?? {};
      const has = (mark: string) => Object.keys(a).some((k) => k === mark || k.startsWith(`${mark}--`));
      // Marks wrap the trimmed text: "** bold**" is not bold in Markdown.
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(op.insert) ?? [];
      if (!core) {
        parts.push(op.insert);
        continue;
      }
      let text = has('code') ? `\`${core.replaceAll('`', "'")}\`` : escapeText(core);
      if (has('bold')) text = `**${text}**`;
      if (has('italic')) text = `_${text}_`;
      if (has('strike')) text = `~~${text}~~`;
      const href = (a.link as { href?: unknown } | undefined)?.href;
      if (typeof href === 'string' && /^(https?:|mailto:)/.test(href)) text = `[${text}](${href.slice(0, 2000).replace(/[()\s]/g, encodeURIComponent)})`;
      parts.push(lead + text + trail);
    }
  }
  return parts.join('');
}

const indentLines = (text: string, prefix: string, first = prefix) =>
  text
    .split('\n')
    .map((line, i) => (line ? (i === 0 ? first : prefix) + line : line))
    .join('\n');

function renderBlocks(nodes: YNode[], depth: number): string[] {
  const out: string[] = [];
  for (const node of nodes) {
    if (node instanceof Y.XmlText) {
      const text = inline(node);
      if (text.trim()) out.push(text);
      continue;
    }
    if (!(node instanceof Y.XmlElement)) continue;
    if (depth >= MAX_RENDER_DEPTH) {
      const text = plainText(node);
      if (text) out.push(escapeText(text));
      continue;
    }
    out.push(...renderBlock(node, depth));
  }
  return out;
}

function renderBlock(node: Y.XmlElement, depth: number): string[] {
  const children = () => renderBlocks(node.toArray(), depth + 1);
  switch (node.nodeName) {
    case 'heading':
      return [`${'#'.repeat(attrNumber(node, 'level', 1, 6, 1))} ${inline(node)}`];
    case 'paragraph': {
      const text = inline(node);
      return text.trim() ? [escapeLineStart(text)] : [];
    }
    case 'bulletList':
    case 'orderedList':
    case 'taskList': {
      let n = node.nodeName === 'orderedList' ? attrNumber(node, 'start', 0, 1_000_000, 1) : 0;
      const items = node
        .toArray()
        .filter((i): i is Y.XmlElement => i instanceof Y.XmlElement)
        .map((item) => {
          let marker = '- ';
          if (node.nodeName === 'orderedList') marker = `${n++}. `;
          if (item.nodeName === 'taskItem') {
            const checked = item.getAttribute('checked') as unknown;
            marker = `- [${checked === true || checked === 'true' ? 'x' : ' '}] `;
          }
          const body = renderBlocks(item.toArray(), depth + 2).join('\n\n');
          const meta = item.nodeName === 'taskItem' ? taskMeta(item) : '';
          return indentLines(body + meta || ' ', ' '.repeat(marker.length), marker);
        });
      return [items.join('\n')];
    }
    case 'table':
      return [table(node)];
    case BlockNode.lessonFlow:
    case BlockNode.casePupils:
      return [rowBlockTable(node, RowBlocks[node.nodeName].fields)];
    case BlockNode.findings:
      return [
        node
          .toArray()
          .filter((f): f is Y.XmlElement => f instanceof Y.XmlElement)
          .map((f) => indentLines(renderBlocks(f.toArray(), depth + 2).join('\n\n') || ' ', '  ', '- '))
          .join('\n'),
      ];
    case 'blockquote':
      return [indentLines(children().join('\n\n'), '> ')];
    case 'codeBlock': {
      const code = plainText(node).replaceAll('```', "'''");
      return [`\`\`\`\n${code}\n\`\`\``];
    }
    case 'horizontalRule':
      return ['---'];
    case 'evidenceCard': {
      const meta = ['time', 'pupil', 'observer'].map((a) => attrString(node, a)).filter(Boolean).join(' · ');
      return [`> **${escapeText(meta)}**: _${escapeText(attrString(node, 'text') ?? '')}_`];
    }
    default:
      return children();
  }
}

function taskMeta(item: Y.XmlElement): string {
  const owner = attrString(item, 'owner');
  const due = attrString(item, 'due');
  return owner || due ? ` _(${[owner, due].filter(Boolean).map((v) => escapeText(v!)).join(', ')})_` : '';
}

const cellText = (cell: Y.XmlElement) =>
  cell
    .toArray()
    .map((b) => (b instanceof Y.XmlElement && b.nodeName === 'paragraph' ? inline(b) : b instanceof Y.XmlElement || b instanceof Y.XmlText ? escapeText(plainText(b)) : ''))
    .filter(Boolean)
    .join('<br>')
    .replace(/\n/g, '<br>')
    .replaceAll('|', '\\|');

const elementChildren = (el: Y.XmlElement) => el.toArray().filter((c): c is Y.XmlElement => c instanceof Y.XmlElement);

/** A row block (lesson flow, case pupils) as a table with its field names as the header. */
function rowBlockTable(node: Y.XmlElement, fields: readonly string[]): string {
  const header = fields.map((f) => escapeText(fieldLabels[f]?.[DEFAULT_LOCALE] ?? f));
  const rows = elementChildren(node).map((row) => {
    const byName = new Map(elementChildren(row).map((f) => [attrString(f, FIELD_NAME_ATTR), f]));
    return fields.map((f) => {
      const field = byName.get(f);
      return field ? cellText(field) : '';
    });
  });
  return gridTable([header, ...rows]);
}

/** A GitHub table: one line per row, cells as inline text with `<br>` for line breaks. */
function table(node: Y.XmlElement): string {
  return gridTable(elementChildren(node).map((r) => elementChildren(r).map(cellText)));
}

function gridTable(rows: string[][]): string {
  if (rows.length === 0) return '';
  const columns = Math.max(1, ...rows.map((r) => r.length));
  const line = (cells: string[]) => `| ${Array.from({ length: columns }, (_, i) => cells[i] ?? '').join(' | ')} |`;
  return [line(rows[0]!), line(Array.from({ length: columns }, () => '---')), ...rows.slice(1).map(line)].join('\n');
}
