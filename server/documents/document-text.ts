import * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { walk } from './content-tree';

/** The plain text of a Tiptap-shaped document: blocks on their own lines, table cells tab-separated. */
export function documentText(doc: Y.Doc, field = 'default'): string {
  const out: string[] = [];
  walk(
    doc.getXmlFragment(field),
    (node) => {
      if (node instanceof Y.XmlText) {
        for (const op of node.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') out.push(op.insert);
        return false;
      }
      if (!(node instanceof Y.XmlElement)) return false;
      if (node.nodeName === 'evidenceCard') {
        out.push(String(node.getAttribute('text') ?? '').slice(0, Limits.content.maxAttributeChars));
        return false;
      }
      return true;
    },
    (node) => {
      if (node instanceof Y.XmlElement) out.push(node.nodeName === 'tableCell' || node.nodeName === 'tableHeader' ? '\t' : '\n');
    },
  );
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
