import * as Y from 'yjs';

/** The plain text of a Tiptap-shaped document: blocks on their own lines, table cells tab-separated. */
export function documentText(doc: Y.Doc, field = 'default'): string {
  const out: string[] = [];
  const walk = (node: Y.XmlElement | Y.XmlText | Y.XmlFragment | Y.XmlHook) => {
    if (node instanceof Y.XmlText) {
      for (const op of node.toDelta() as Array<{ insert: unknown }>) if (typeof op.insert === 'string') out.push(op.insert);
      return;
    }
    if (node instanceof Y.XmlHook) return;
    if (node instanceof Y.XmlElement && node.nodeName === 'evidenceCard') {
      out.push(String(node.getAttribute('text') ?? ''), '\n');
      return;
    }
    for (const child of node.toArray()) walk(child as Y.XmlElement | Y.XmlText);
    if (node instanceof Y.XmlElement) out.push(node.nodeName === 'tableCell' || node.nodeName === 'tableHeader' ? '\t' : '\n');
  };
  walk(doc.getXmlFragment(field));
  return out
    .join('')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
