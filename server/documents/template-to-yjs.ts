import * as Y from 'yjs';
import { BLOCKS_VERSION, BLOCKS_VERSION_KEY, CONTENT_FIELD, META_FIELD } from '../../shared/blocks/names';
import type { TemplateNode } from '../../shared/templates';

/**
 * Builds the Yjs update for a template, shaped exactly as y-prosemirror (Tiptap's Collaboration)
 * stores ProseMirror content: an element per node with its non-null attrs, and runs of text in
 * one XmlText whose formatting attributes are the marks. It is born at the current block
 * structure, so it is never migrated.
 */
export function templateToUpdate(nodes: TemplateNode[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(CONTENT_FIELD).insert(0, toChildren(nodes));
  doc.getMap(META_FIELD).set(BLOCKS_VERSION_KEY, BLOCKS_VERSION);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

function toChildren(nodes: TemplateNode[]): Array<Y.XmlElement | Y.XmlText> {
  const children: Array<Y.XmlElement | Y.XmlText> = [];
  let textRun: TemplateNode[] = [];
  const endTextRun = () => {
    if (textRun.length === 0) return;
    const text = new Y.XmlText();
    text.applyDelta(
      textRun.map((n) => ({
        insert: n.text ?? '',
        attributes: Object.fromEntries((n.marks ?? []).map((m) => [m.type, m.attrs ?? {}])),
      })),
    );
    children.push(text);
    textRun = [];
  };
  for (const node of nodes) {
    if (node.type === 'text') {
      textRun.push(node);
      continue;
    }
    endTextRun();
    const element = new Y.XmlElement(node.type);
    for (const [key, value] of Object.entries(node.attrs ?? {})) {
      if (value !== null) element.setAttribute(key, value as string);
    }
    element.insert(0, toChildren(node.content ?? []));
    children.push(element);
  }
  endTextRun();
  return children;
}
