import * as Y from 'yjs';

/** A valid comment anchor (a Yjs relative position, base64) for API calls that need one. */
export function anchorFor(index: number): string {
  const doc = new Y.Doc();
  const text = new Y.XmlText('abcdef');
  doc.getXmlFragment('default').insert(0, [text]);
  return Buffer.from(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, index))).toString('base64');
}
