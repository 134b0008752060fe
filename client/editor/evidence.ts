import { Mark, Node } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';

/**
 * An observation note brought into a reflection as evidence. It keeps a link to its source (the
 * observation document and note) and to the plan step it concerns.
 */
export const EvidenceCard = Node.create<{ linkLabel: (step: number | null) => string }>({
  name: 'evidenceCard',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  addOptions() {
    return { linkLabel: (step) => (step === null ? 'Se planen' : `Se steg ${step + 1} i planen`) };
  },
  addAttributes() {
    const attr = (name: string) => ({
      default: null,
      parseHTML: (el: HTMLElement) => el.getAttribute(`data-${name}`),
      renderHTML: (attrs: Record<string, unknown>) => (attrs[name] == null ? {} : { [`data-${name}`]: String(attrs[name]) }),
    });
    return {
      sourceDocumentId: attr('sourceDocumentId'),
      noteId: attr('noteId'),
      planId: attr('planId'),
      step: attr('step'),
      pupil: attr('pupil'),
      time: attr('time'),
      observer: attr('observer'),
      text: attr('text'),
    };
  },
  parseHTML: () => [{ tag: 'div[data-evidence-card]' }],
  renderHTML({ node, HTMLAttributes }) {
    const a = node.attrs as Record<string, string | null>;
    const meta = [a.time, a.pupil ? `${a.pupil}` : null, a.observer].filter(Boolean).join(' · ');
    const step = a.step === null || a.step === '' || Number.isNaN(Number(a.step)) ? null : Number(a.step);
    return [
      'div',
      { ...HTMLAttributes, 'data-evidence-card': '', class: 'evidence-card' },
      ['span', { class: 'evidence-meta' }, meta],
      ['span', { class: 'evidence-text' }, a.text ?? ''],
      // A link that says where it goes (not an arrow alone).
      ...(a.planId
        ? [['a', { href: `/documents/${a.planId}${step === null ? '' : `?row=${step}`}`, class: 'evidence-link' }, ['span', { 'aria-hidden': 'true' }, '→ '], this.options.linkLabel(step)]]
        : []),
    ] as never;
  },
});

const findingKey = new PluginKey('findingLinks');

/**
 * Marks a change in a plan with the finding that motivated it; copied into the next round's plan.
 * The finding is shown on hover and, for everyone else, said after the marked text (a hidden
 * note screen readers read in the flow of the text).
 */
export const FindingLink = Mark.create<{ label: (finding: string) => string }>({
  name: 'findingLink',
  inclusive: false,
  addOptions() {
    return { label: (finding) => `Endret på grunn av funnet: ${finding}` };
  },
  addAttributes() {
    return {
      reflectionId: { default: null, parseHTML: (el) => el.getAttribute('data-reflection'), renderHTML: (a) => ({ 'data-reflection': a.reflectionId }) },
      finding: { default: '', parseHTML: (el) => el.getAttribute('title'), renderHTML: (a) => ({ title: a.finding }) },
    };
  },
  parseHTML: () => [{ tag: 'span[data-finding-link]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', { ...HTMLAttributes, 'data-finding-link': '', class: 'finding-link' }, 0],
  addProseMirrorPlugins() {
    const label = this.options.label;
    const type = this.type;
    const notes = (doc: Parameters<typeof DecorationSet.create>[0]) => {
      const decorations: Decoration[] = [];
      let open: { end: number; finding: string } | null = null;
      const close = () => {
        if (!open) return;
        const finding = open.finding;
        decorations.push(
          Decoration.widget(
            open.end,
            () => {
              const note = document.createElement('span');
              note.className = 'finding-note';
              note.title = finding;
              const sign = document.createElement('span');
              sign.setAttribute('aria-hidden', 'true');
              sign.textContent = '◆';
              const text = document.createElement('span');
              text.className = 'visually-hidden';
              text.textContent = ` (${label(finding)})`;
              note.append(sign, text);
              return note;
            },
            { side: 1, key: `finding:${open.end}:${finding}` },
          ),
        );
        open = null;
      };
      doc.descendants((node, pos) => {
        if (!node.isText) return true;
        const mark = node.marks.find((m) => m.type === type);
        const finding = mark ? String(mark.attrs.finding ?? '') : null;
        if (open && (finding !== open.finding || pos !== open.end)) close();
        if (finding !== null) open = { end: pos + node.nodeSize, finding };
        return false;
      });
      close();
      return DecorationSet.create(doc, decorations);
    };
    return [
      new Plugin({
        key: findingKey,
        state: {
          init: (_config, state) => notes(state.doc),
          apply: (tr, value, _old, state) => (tr.docChanged ? notes(state.doc) : value),
        },
        props: { decorations: (state) => findingKey.getState(state) as DecorationSet },
      }),
    ];
  },
});
