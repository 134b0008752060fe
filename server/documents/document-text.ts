import type * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { contentOf } from '../../shared/blocks/read';
import { documentPlainText } from '../../shared/blocks/walk';

/**
 * The plain text of a document (what search finds): blocks on their own lines, table cells and row
 * fields tab-separated; its first `Limits.content.maxSearchChars` characters.
 */
export function documentText(doc: Y.Doc): string {
  return documentPlainText(contentOf(doc), 'accepted', Limits.content.maxSearchChars);
}
