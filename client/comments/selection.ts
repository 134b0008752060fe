import type { Editor } from '@tiptap/core';
import { absolutePositionToRelativePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import type * as Y from 'yjs';
import { Limits } from '../../shared/limits';
import { encodeAnchor } from './anchors';

export interface PendingAnchor {
  anchorStart: string;
  anchorEnd: string;
  quote: string;
}

/** The editor's selection as a comment anchor: two Yjs relative positions and the quoted text. */
export function anchorFromSelection(editor: Editor): PendingAnchor | null {
  const { from, to, empty } = editor.state.selection;
  const quote = editor.state.doc.textBetween(from, to, ' ').trim();
  // A comment is about some text; a selection of only empty space anchors to nothing visible.
  if (empty || !quote) return null;
  const ystate = ySyncPluginKey.getState(editor.state) as { type: Y.XmlFragment; binding: { mapping: never } | null } | undefined;
  if (!ystate?.binding) return null;
  return {
    anchorStart: encodeAnchor(absolutePositionToRelativePosition(from, ystate.type, ystate.binding.mapping)),
    anchorEnd: encodeAnchor(absolutePositionToRelativePosition(to, ystate.type, ystate.binding.mapping)),
    quote: quote.slice(0, Limits.comment.quote),
  };
}
