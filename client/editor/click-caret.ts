import { Extension } from '@tiptap/core';
import type { EditorView } from '@tiptap/pm/view';
import { Plugin, PluginKey, Selection, TextSelection } from '@tiptap/pm/state';

/**
 * Where a plain click into text puts the caret: at `pos` in a text block, or, for a click beside
 * the text in a block holding text blocks (below the text of a lesson-flow field, a table cell's
 * padding), in its nearest text block, as the browser does. Null for a click ProseMirror handles
 * its own way (on a node inside the text, which it may select; on the document's margin; on
 * something not editable drawn in the document, such as a checkbox or a block's column heads).
 */
function caretForClick(view: EditorView, pos: number, event: MouseEvent): TextSelection | null {
  if (event.target instanceof Element && event.target.closest('[contenteditable="false"]')) return null;
  const { doc } = view.state;
  const $pos = doc.resolve(pos);
  const inside = view.posAtCoords({ left: event.clientX, top: event.clientY })?.inside ?? -1;
  if ($pos.parent.inlineContent) return inside < $pos.start() ? TextSelection.create(doc, pos) : null;
  if ($pos.depth === 0 || inside !== $pos.before()) return null;
  const near = Selection.findFrom($pos, -1, true) ?? Selection.findFrom($pos, 1, true);
  return near instanceof TextSelection && near.from >= $pos.start() && near.to <= $pos.end() ? near : null;
}

/**
 * A single click into text puts the caret there, even while colleagues' edits are being drawn.
 *
 * ProseMirror leaves a plain click to the browser and learns where the caret went from the next
 * "selectionchange" event, which Chrome fires some 10–40 ms after the mousedown. A colleague's
 * edit or caret drawn in that gap makes ProseMirror write its old selection back into the page
 * (EditorView.updateStateInner → selectionToDOM; ProseMirror guards against this only while a
 * drag is under way), so the click was lost: the caret stayed where it was and the typing went
 * there. At mouseup, when ProseMirror reports where the click landed, this puts the selection
 * there itself, as ProseMirror does for the clicks it handles on its own.
 */
export const ClickPlacesCaret = Extension.create({
  name: 'clickPlacesCaret',
  // After every other click handler (a comment anchor's): this one ends ProseMirror's handling.
  priority: 1,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('clickPlacesCaret'),
        props: {
          // Called for a plain single click only (not a drag, double click or shift-click).
          handleClick(view, pos, event) {
            // A modifier click is ProseMirror's own (Ctrl/Cmd-click selects the node around it).
            if (!view.editable || event.button !== 0 || event.ctrlKey || event.metaKey || event.altKey) return false;
            const caret = caretForClick(view, pos, event);
            if (!caret) return false;
            if (!view.hasFocus()) view.focus();
            if (!view.state.selection.eq(caret)) view.dispatch(view.state.tr.setSelection(caret).setMeta('pointer', true));
            return true;
          },
        },
      }),
    ];
  },
});
