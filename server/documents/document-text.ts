import type * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { contentOf } from '../../shared/blocks/read';
import { documentPlainText } from '../../shared/blocks/walk';
import { MAX_CHARS } from '../search/text-chunks';

/** The plain text of a document: blocks on their own lines, table cells and row fields tab-separated. */
export function documentText(doc: Y.Doc): string {
  return documentPlainText(contentOf(doc));
}

/**
 * What search indexes of a document (documents.search_text): its text's first
 * `Limits.content.maxSearchChars` characters (`searchTextOf`). Whatever must see all of the text
 * (the check for pupil references before publishing) reads `documentText`.
 */
export function documentSearchText(doc: Y.Doc): string {
  return searchTextOf(documentPlainText(contentOf(doc), 'accepted', Limits.content.maxSearchChars));
}

/**
 * A document's plain text as search indexes it: cut at the limit, or where a block ends just before
 * it — then text typed above does not push a character out at the end with every keystroke, and the
 * index's last chunk stays as it was.
 */
export function searchTextOf(text: string): string {
  if (text.length < Limits.content.maxSearchChars) return text;
  const clamped = text.slice(0, Limits.content.maxSearchChars);
  const end = clamped.lastIndexOf('\n');
  return end > clamped.length - MAX_CHARS ? clamped.slice(0, end) : clamped;
}
