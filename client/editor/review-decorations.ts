import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { relativePositionToAbsolutePosition, ySyncPluginKey } from '@tiptap/y-tiptap';
import * as Y from 'yjs';
import { contentOf } from '../../shared/blocks/read';
import { decodeAnchor } from '../comments/anchors';

export interface AnchoredThread {
  id: string;
  anchorStart: string;
  anchorEnd: string;
  resolved: boolean;
}

interface ReviewState {
  threads: AnchoredThread[];
  activeThreadId: string | null;
  /** Content newer than this state vector is highlighted as new since the last visit. */
  since: Map<number, number> | null;
}

export const reviewKey = new PluginKey<ReviewState>('review');

type YType = Y.XmlElement | Y.XmlText | Y.XmlFragment;

/** Whether anything in `type` was written after the state vector `sv`. */
export function changedSince(type: YType, sv: Map<number, number>): boolean {
  const isNew = (item: Y.Item | null) => item !== null && !item.deleted && item.id.clock >= (sv.get(item.id.client) ?? 0);
  if (type instanceof Y.XmlElement && isNew(type._item)) return true;
  if (type instanceof Y.XmlElement) {
    for (const item of type._map.values()) if (isNew(item)) return true;
  }
  for (let n = type._start; n !== null; n = n.right) {
    if (n.deleted) continue;
    if (n.content instanceof Y.ContentType) {
      if (changedSince(n.content.type as YType, sv)) return true;
    } else if (isNew(n)) return true;
  }
  return false;
}

/** Headings of the sections that hold content newer than `sv`. */
export function changedSections(doc: Y.Doc, sv: Map<number, number>): string[] {
  const sections: string[] = [];
  let heading = '';
  for (const node of contentOf(doc).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === 'heading') heading = (node.toArray() as Y.XmlText[]).map((t) => t.toString().replace(/<[^>]+>/g, '')).join('');
    if ((node instanceof Y.XmlElement || node instanceof Y.XmlText) && changedSince(node, sv)) {
      if (heading && !sections.includes(heading)) sections.push(heading);
    }
  }
  return sections;
}

/**
 * Draws comment ranges (from their Yjs anchors, so they follow concurrent edits) and marks blocks
 * with content new since the reader's last visit. Set state with `editor.commands.setReview`.
 */
export const ReviewDecorations = Extension.create({
  name: 'reviewDecorations',

  addCommands() {
    return {
      setReview:
        (review: Partial<ReviewState>) =>
        ({ tr, dispatch }) => {
          if (dispatch) tr.setMeta(reviewKey, review);
          return true;
        },
    };
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<ReviewState>({
        key: reviewKey,
        state: {
          init: () => ({ threads: [], activeThreadId: null, since: null }),
          apply: (tr, value) => {
            const meta = tr.getMeta(reviewKey) as Partial<ReviewState> | undefined;
            return meta ? { ...value, ...meta } : value;
          },
        },
        props: {
          decorations(state) {
            const review = reviewKey.getState(state);
            const ystate = ySyncPluginKey.getState(state) as
              | { doc: Y.Doc; type: Y.XmlFragment; binding: { mapping: Map<unknown, unknown> } | null }
              | undefined;
            if (!review || !ystate?.binding) return DecorationSet.empty;
            const decorations: Decoration[] = [];
            for (const thread of review.threads) {
              if (thread.resolved && thread.id !== review.activeThreadId) continue;
              const a = decodeAnchor(thread.anchorStart);
              const b = decodeAnchor(thread.anchorEnd);
              if (!a || !b) continue;
              const from = relativePositionToAbsolutePosition(ystate.doc, ystate.type, a, ystate.binding.mapping as never);
              const to = relativePositionToAbsolutePosition(ystate.doc, ystate.type, b, ystate.binding.mapping as never);
              if (from === null || to === null || to <= from) continue;
              decorations.push(
                Decoration.inline(from, to, {
                  class: thread.id === review.activeThreadId ? 'comment-anchor active' : 'comment-anchor',
                  'data-thread-id': thread.id,
                }),
              );
            }
            if (review.since) {
              const sv = review.since;
              const children = ystate.type.toArray();
              let pos = 0;
              state.doc.forEach((node, offset, index) => {
                pos = offset;
                const y = children[index];
                if (!y || !(y instanceof Y.XmlElement || y instanceof Y.XmlText)) return;
                if (node.type.name === 'table' && y instanceof Y.XmlElement) {
                  let rowPos = pos + 1;
                  node.forEach((row, _o, r) => {
                    const yRow = y.get(r);
                    if (yRow instanceof Y.XmlElement && changedSince(yRow, sv)) {
                      decorations.push(Decoration.node(rowPos, rowPos + row.nodeSize, { class: 'changed-since' }));
                    }
                    rowPos += row.nodeSize;
                  });
                } else if (changedSince(y, sv)) {
                  decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'changed-since' }));
                }
              });
            }
            return DecorationSet.create(state.doc, decorations);
          },
          handleClick(view, pos) {
            const review = reviewKey.getState(view.state);
            const el = view.domAtPos(pos).node;
            const anchor = (el instanceof HTMLElement ? el : el.parentElement)?.closest('[data-thread-id]');
            const id = anchor?.getAttribute('data-thread-id');
            if (id && review) {
              view.dom.dispatchEvent(new CustomEvent('comment-anchor-click', { detail: id, bubbles: true }));
            }
            return false;
          },
        },
      }),
    ];
  },
});

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    reviewDecorations: {
      setReview: (review: Partial<ReviewState>) => ReturnType;
    };
  }
}
