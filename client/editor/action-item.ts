import { TaskItem, type TaskItemOptions } from '@tiptap/extension-list';

export interface ActionItemOptions {
  ownerLabel: string;
  dueLabel: string;
}

/**
 * A task list item that is an action item: done or not, with who owns it and when it is due, as
 * node attributes (so they sync with the text and can be read on the server).
 */
export const ActionItem = TaskItem.extend<ActionItemOptions & TaskItemOptions>({
  addOptions() {
    return {
      ...this.parent!(),
      nested: true,
      ownerLabel: 'Ansvarlig',
      dueLabel: 'Frist',
    };
  },

  addAttributes() {
    return {
      ...this.parent?.(),
      owner: { default: null, renderHTML: (a) => (a.owner ? { 'data-owner': a.owner } : {}), parseHTML: (el) => el.getAttribute('data-owner') },
      due: { default: null, renderHTML: (a) => (a.due ? { 'data-due': a.due } : {}), parseHTML: (el) => el.getAttribute('data-due') },
    };
  },

  addNodeView() {
    const base = this.parent!()!;
    const options = this.options;
    return (props) => {
      const view = base(props) as { dom: HTMLElement; contentDOM: HTMLElement; update?: (node: typeof props.node) => boolean };
      const { editor, getPos } = props;
      const meta = document.createElement('div');
      meta.className = 'action-meta';
      meta.contentEditable = 'false';
      const owner = document.createElement('input');
      owner.type = 'text';
      owner.placeholder = options.ownerLabel;
      owner.setAttribute('aria-label', options.ownerLabel);
      owner.maxLength = 80;
      const due = document.createElement('input');
      due.type = 'date';
      due.setAttribute('aria-label', options.dueLabel);
      meta.append(owner, due);
      view.dom.append(meta);

      const sync = (node: typeof props.node) => {
        if (document.activeElement !== owner) owner.value = (node.attrs.owner as string | null) ?? '';
        due.value = (node.attrs.due as string | null) ?? '';
        owner.disabled = due.disabled = !editor.isEditable;
      };
      sync(props.node);
      const set = (key: 'owner' | 'due', value: string) => {
        if (!editor.isEditable || typeof getPos !== 'function') return;
        editor
          .chain()
          .command(({ tr }) => {
            const pos = getPos();
            if (typeof pos !== 'number') return false;
            const current = tr.doc.nodeAt(pos);
            if (!current) return false;
            tr.setNodeMarkup(pos, undefined, { ...current.attrs, [key]: value.trim() || null });
            return true;
          })
          .run();
      };
      owner.addEventListener('change', () => set('owner', owner.value));
      due.addEventListener('change', () => set('due', due.value));

      return {
        ...view,
        update: (node) => {
          const ok = view.update ? view.update(node) : false;
          if (ok) sync(node);
          return ok;
        },
        stopEvent: (event: Event) => meta.contains(event.target as Node),
        ignoreMutation: (mutation: { target: Node }) => meta.contains(mutation.target),
      };
    };
  },
});
