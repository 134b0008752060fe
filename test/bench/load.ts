import * as Y from 'yjs';

/** A Tiptap-shaped document: each client types into its own paragraph of the `default` fragment. */
export function ownParagraph(doc: Y.Doc): Y.XmlText {
  const p = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  p.insert(0, [text]);
  doc.getXmlFragment('default').push([p]);
  return text;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
