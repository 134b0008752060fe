import * as Y from 'yjs';
import type { TemplateNode } from '../../shared/templates';
import { toYjs } from './content-tree';

/** The Yjs update for a template: its nodes as y-prosemirror stores them (see content-tree toYjs). */
export function templateToUpdate(nodes: TemplateNode[], field = 'default'): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(field).insert(0, toYjs(nodes));
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
