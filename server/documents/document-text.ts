import type * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { contentOf } from '../../shared/blocks/read';
import { documentPlainText } from '../../shared/blocks/walk';

/** The plain text of a document: blocks on their own lines, table cells and row fields tab-separated. */
export function documentText(doc: Y.Doc): string {
  return documentPlainText(contentOf(doc));
}

/**
 * What search indexes of a document (documents.search_text): its text's first
 * `Limits.content.maxSearchChars` characters. Whatever must see all of the text (the check for
 * pupil references before publishing) reads `documentText`.
 */
export function documentSearchText(doc: Y.Doc): string {
  return documentPlainText(contentOf(doc), 'accepted', Limits.content.maxSearchChars);
}
