import { Extension, Mark } from '@tiptap/core';
import type { Mark as PMMark, Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey, type EditorState, TextSelection, type Transaction } from '@tiptap/pm/state';
import { ySyncPluginKey } from '@tiptap/y-tiptap';
import { SuggestionMark } from '../../shared/blocks/walk';

/**
 * Suggestion mode: while it is on, typing inserts text inside an insertion mark of one's own and
 * deleting only marks text with a deletion mark of one's own (one's own suggested text is really
 * removed). Nothing else changes the document. Guests are always in it (the server refuses
 * anything else from them); members can switch it on. Someone who edits accepts or rejects.
 */
export interface Suggester {
  id: string;
  name: string;
}

export interface SuggestionAttrs {
  authorId: string;
  authorName: string;
  at: number;
}

/** A run of suggested text: one kind, one author, one moment. */
export interface Suggestion extends SuggestionAttrs {
  kind: 'insert' | 'delete';
  from: number;
  to: number;
  text: string;
}

/** A colour per author, the same on every screen (hue from the id). */
export function authorHue(authorId: string): number {
  let h = 0;
  for (const ch of authorId) h = (h * 31 + ch.charCodeAt(0)) % 360;
  return h;
}

const suggestionMark = (name: string, tag: 'ins' | 'del', label: (a: SuggestionAttrs) => string) =>
  Mark.create<{ label: (a: SuggestionAttrs) => string }>({
    name,
    inclusive: false,
    addOptions: () => ({ label }),
    addAttributes: () => ({
      authorId: { default: '' },
      authorName: { default: '' },
      at: { default: 0 },
    }),
    parseHTML: () => [{ tag: `${tag}[data-suggestion]` }],
    renderHTML({ mark }) {
      const a = mark.attrs as SuggestionAttrs;
      return [
        tag,
        {
          'data-suggestion': tag === 'ins' ? 'insert' : 'delete',
          'data-author': a.authorId,
          class: `suggestion ${tag === 'ins' ? 'insert' : 'delete'}`,
          style: `--author-hue: ${authorHue(String(a.authorId))}`,
          title: this.options.label(a),
        },
        0,
      ];
    },
  });

// The editor passes a label in the reader's language (useEditorLabels); this default only names the author.
const defaultLabel = (a: SuggestionAttrs) => a.authorName;
export const SuggestInsert = suggestionMark(SuggestionMark.insert, 'ins', defaultLabel);
export const SuggestDelete = suggestionMark(SuggestionMark.delete, 'del', defaultLabel);

export const suggestKey = new PluginKey<{ on: boolean }>('suggestMode');
const SUGGESTION = 'suggestion';

const isOwnInsert = (marks: readonly PMMark[], user: Suggester) => marks.some((m) => m.type.name === SuggestionMark.insert && m.attrs.authorId === user.id);

/**
 * Marks [from, to) as suggested for deletion by `user`; text that is the user's own suggestion
 * is removed instead. Only text inside one textblock is touched.
 */
function suggestDeletion(state: EditorState, tr: Transaction, from: number, to: number, user: Suggester): void {
  const mark =
    adjacentOwn(state, from, SuggestionMark.delete, user) ??
    adjacentOwn(state, to, SuggestionMark.delete, user) ??
    state.schema.marks[SuggestionMark.delete]!.create({ authorId: user.id, authorName: user.name, at: Date.now() });
  const own: Array<[number, number]> = [];
  state.doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isText) return true;
    const a = Math.max(from, pos);
    const b = Math.min(to, pos + node.nodeSize);
    if (isOwnInsert(node.marks, user)) own.push([a, b]);
    else if (!node.marks.some((m) => m.type.name === SuggestionMark.delete)) tr.addMark(a, b, mark);
    return false;
  });
  for (const [a, b] of own.toReversed()) tr.delete(a, b);
}

/** The user's own mark of this kind right beside `pos`, so typing on continues one suggestion. */
function adjacentOwn(state: EditorState, pos: number, name: string, user: Suggester): PMMark | undefined {
  const $pos = state.doc.resolve(pos);
  for (const node of [$pos.nodeBefore, $pos.nodeAfter]) {
    const mark = node?.marks.find((m) => m.type.name === name && m.attrs.authorId === user.id);
    if (mark) return mark;
  }
  return undefined;
}

function insertSuggested(state: EditorState, user: Suggester, from: number, to: number, text: string): Transaction {
  const tr = state.tr;
  const { schema } = state;
  if (from < to) suggestDeletion(state, tr, from, to, user);
  const at = tr.mapping.map(to);
  const carried = (state.storedMarks ?? state.doc.resolve(from).marks()).filter((m) => m.type.name !== SuggestionMark.insert && m.type.name !== SuggestionMark.delete);
  const mark =
    adjacentOwn(state, from, SuggestionMark.insert, user) ?? schema.marks[SuggestionMark.insert]!.create({ authorId: user.id, authorName: user.name, at: Date.now() });
  tr.insert(at, schema.text(text, [...carried, mark]));
  tr.setSelection(TextSelection.create(tr.doc, at + text.length));
  return tr.setMeta(SUGGESTION, true);
}

export const SuggestMode = Extension.create<{ user: Suggester | null; forced: boolean }>({
  name: 'suggestMode',
  addOptions: () => ({ user: null, forced: false }),

  addCommands() {
    return {
      setSuggesting:
        (on: boolean) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(suggestKey, { on: on || this.options.forced });
          return true;
        },
      reviewSuggestions:
        (items: Suggestion[], accept: boolean) =>
        ({ tr, state, dispatch }) => {
          if (!dispatch) return true;
          // From the end, so earlier positions stay right.
          for (const s of items.toSorted((a, b) => b.from - a.from)) {
            const keep = (s.kind === 'insert') === accept;
            if (keep) tr.removeMark(s.from, s.to, state.schema.marks[s.kind === 'insert' ? SuggestionMark.insert : SuggestionMark.delete]);
            else tr.delete(s.from, s.to);
          }
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    const { user, forced } = this.options;
    const on = (state: EditorState) => Boolean(user && suggestKey.getState(state)?.on);
    return [
      new Plugin<{ on: boolean }>({
        key: suggestKey,
        state: {
          init: () => ({ on: forced }),
          apply: (tr, value) => (tr.getMeta(suggestKey) as { on: boolean } | undefined) ?? value,
        },
        // While suggesting, nothing but a suggestion (or a change from elsewhere) touches the document.
        filterTransaction: (tr, state) => !on(state) || !tr.docChanged || tr.getMeta(SUGGESTION) === true || tr.getMeta(ySyncPluginKey) !== undefined,
        props: {
          handleTextInput(view, from, to, text) {
            if (!on(view.state) || !user) return false;
            view.dispatch(insertSuggested(view.state, user, from, to, text));
            return true;
          },
          handleKeyDown(view, event) {
            if (!on(view.state) || !user) return false;
            const { state } = view;
            const { $from, from, to, empty } = state.selection;
            if (event.key === 'Enter') return true;
            if (event.key !== 'Backspace' && event.key !== 'Delete') return false;
            let [a, b] = [from, to];
            if (empty) {
              if (event.key === 'Backspace') {
                if ($from.parentOffset === 0) return true;
                a = from - 1;
              } else {
                if ($from.parentOffset === $from.parent.content.size) return true;
                b = from + 1;
              }
            }
            const tr = state.tr;
            suggestDeletion(state, tr, a, b, user);
            tr.setSelection(TextSelection.create(tr.doc, tr.mapping.map(event.key === 'Backspace' ? a : b)));
            view.dispatch(tr.setMeta(SUGGESTION, true));
            return true;
          },
          handlePaste(view, _event, slice) {
            if (!on(view.state) || !user) return false;
            const text = slice.content.textBetween(0, slice.content.size, ' ', ' ');
            if (text) view.dispatch(insertSuggested(view.state, user, view.state.selection.from, view.state.selection.to, text));
            return true;
          },
          handleDrop: (view) => on(view.state),
        },
      }),
    ];
  },
});

/** Every suggestion in the document, as runs of one kind, author and moment. */
export function suggestionsIn(doc: PMNode): Suggestion[] {
  const out: Suggestion[] = [];
  doc.descendants((node, pos) => {
    if (!node.isText) return true;
    for (const kind of ['insert', 'delete'] as const) {
      const mark = node.marks.find((m) => m.type.name === (kind === 'insert' ? SuggestionMark.insert : SuggestionMark.delete));
      if (!mark) continue;
      const a = mark.attrs as SuggestionAttrs;
      const last = out.at(-1);
      if (last && last.kind === kind && last.authorId === a.authorId && last.at === a.at && last.to === pos) {
        last.to = pos + node.nodeSize;
        last.text += node.text ?? '';
      } else {
        out.push({ kind, authorId: String(a.authorId), authorName: String(a.authorName), at: Number(a.at), from: pos, to: pos + node.nodeSize, text: node.text ?? '' });
      }
    }
    return false;
  });
  return out;
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    suggestMode: {
      /** Switches suggestion mode (a guest's stays on). */
      setSuggesting: (on: boolean) => ReturnType;
      /** Accepts (or rejects) these suggestions: an ordinary edit by someone who edits. */
      reviewSuggestions: (items: Suggestion[], accept: boolean) => ReturnType;
    };
  }
}
