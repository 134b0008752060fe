import type * as Y from 'yjs';
import { contentOf } from '../../shared/blocks/read';
import { documentPlainText } from '../../shared/blocks/walk';

/** The plain text of a document (what search finds): blocks on their own lines, table cells and row fields tab-separated. */
export function documentText(doc: Y.Doc): string {
  return documentPlainText(contentOf(doc));
}
