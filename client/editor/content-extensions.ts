import { Extension } from '@tiptap/core';
import { TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import { ActionItem, type ActionItemOptions } from './action-item';
import { EvidenceCard, FindingLink } from './evidence';

/** Paragraphs may carry a `hint`: the guiding text a template shows until someone writes there. */
const SectionHint = Extension.create({
  name: 'sectionHint',
  addGlobalAttributes() {
    return [
      {
        types: ['paragraph'],
        attributes: {
          hint: {
            default: null,
            keepOnSplit: false,
            parseHTML: (el) => el.getAttribute('data-hint'),
            renderHTML: (attrs) => (attrs.hint ? { 'data-hint': attrs.hint } : {}),
          },
        },
      },
    ];
  },
});

/**
 * The document schema: what a Fellesrom document can contain. Templates in shared/templates use
 * these node names; test/unit/templates.test.ts checks every template against this schema.
 */
export const contentExtensions = (labels?: Partial<ActionItemOptions>) => [
  // Collaboration brings its own undo that only undoes your own changes.
  StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
  TableKit.configure({ table: { resizable: false } }),
  TaskList,
  ActionItem.configure(labels ?? {}),
  SectionHint,
  EvidenceCard,
  FindingLink,
];
