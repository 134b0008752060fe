import * as Y from 'yjs';
import { BLOCKS_VERSION, BLOCKS_VERSION_KEY, CONTENT_FIELD, META_FIELD } from '../../shared/blocks/names';
import type { TemplateNode } from '../../shared/templates';
import { toYjs } from './content-tree';

/**
 * The Yjs update for a template: its nodes as y-prosemirror stores them (see content-tree toYjs).
 * It is born at the current block structure, so it is never migrated.
 */
export function templateToUpdate(nodes: TemplateNode[]): Uint8Array {
  const doc = new Y.Doc();
  doc.getXmlFragment(CONTENT_FIELD).insert(0, toYjs(nodes));
  doc.getMap(META_FIELD).set(BLOCKS_VERSION_KEY, BLOCKS_VERSION);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}
