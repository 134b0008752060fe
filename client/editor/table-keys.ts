import { Extension } from '@tiptap/core';
import { TextSelection } from '@tiptap/pm/state';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';

/** Moves the keyboard focus to the next (or previous) focusable element outside `from`. */
function focusBeyond(from: HTMLElement, backwards: boolean): void {
  const all = [...document.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !from.contains(el) && el.getClientRects().length > 0);
  const following = (el: HTMLElement) => (from.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0;
  const target = backwards ? all.filter((el) => !following(el)).at(-1) : all.find(following);
  if (target) target.focus();
  else from.blur();
}

/**
 * Keys in a table that never trap a keyboard user: Tab and Shift+Tab move between cells and, past
 * the last (or first) cell, on out of the editor (no silently added rows); Esc puts the cursor
 * just after the table.
 */
export const TableKeys = Extension.create({
  name: 'tableKeys',
  // Before the table extension's own Tab (which adds a row at the end).
  priority: 1000,
  addKeyboardShortcuts() {
    const inTable = () => this.editor.isActive('table');
    return {
      Tab: () => {
        if (!inTable()) return false;
        if (this.editor.commands.goToNextCell()) return true;
        focusBeyond(this.editor.view.dom, false);
        return true;
      },
      'Shift-Tab': () => {
        if (!inTable()) return false;
        if (this.editor.commands.goToPreviousCell()) return true;
        focusBeyond(this.editor.view.dom, true);
        return true;
      },
      Escape: () => {
        const { state, view } = this.editor;
        const { $from } = state.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          if ($from.node(depth).type.name !== 'table') continue;
          const after = $from.after(depth);
          const tr = state.tr;
          if (!tr.doc.nodeAt(after)?.isTextblock) {
            if (!this.editor.isEditable) {
              focusBeyond(view.dom, false);
              return true;
            }
            tr.insert(after, state.schema.nodes.paragraph!.create());
          }
          view.dispatch(tr.setSelection(TextSelection.near(tr.doc.resolve(after + 1))).scrollIntoView());
          return true;
        }
        return false;
      },
    };
  },
});
