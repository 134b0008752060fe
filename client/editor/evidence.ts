import { Mark, Node } from '@tiptap/core';

/**
 * An observation note brought into a reflection as evidence. It keeps a link to its source (the
 * observation document and note) and to the plan step it concerns.
 */
export const EvidenceCard = Node.create({
  name: 'evidenceCard',
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
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
    return [
      'div',
      { ...HTMLAttributes, 'data-evidence-card': '', class: 'evidence-card' },
      ['span', { class: 'evidence-meta' }, meta],
      ['span', { class: 'evidence-text' }, a.text ?? ''],
      ...(a.planId ? [['a', { href: `/documents/${a.planId}?row=${a.step ?? ''}`, class: 'evidence-link' }, '→']] : []),
    ] as never;
  },
});

/** Marks a change in a plan with the finding that motivated it; copied into the next round's plan. */
export const FindingLink = Mark.create({
  name: 'findingLink',
  inclusive: false,
  addAttributes() {
    return {
      reflectionId: { default: null, parseHTML: (el) => el.getAttribute('data-reflection'), renderHTML: (a) => ({ 'data-reflection': a.reflectionId }) },
      finding: { default: '', parseHTML: (el) => el.getAttribute('title'), renderHTML: (a) => ({ title: a.finding }) },
    };
  },
  parseHTML: () => [{ tag: 'span[data-finding-link]' }],
  renderHTML: ({ HTMLAttributes }) => ['span', { ...HTMLAttributes, 'data-finding-link': '', class: 'finding-link' }, 0],
});
