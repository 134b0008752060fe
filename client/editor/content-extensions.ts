import { Extension } from '@tiptap/core';
import { TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';
import { ActionItem } from './action-item';
import { blockExtensions } from './blocks';
import { SuggestDelete, SuggestInsert } from './suggestions';
import { EvidenceCard, FindingLink } from './evidence';
import type { EditorLabels } from './labels';
import { TableKeys } from './table-keys';

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
export const contentExtensions = (labels?: EditorLabels) => [
  // Collaboration brings its own undo that only undoes your own changes.
  StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
  TableKit.configure({ table: { resizable: false } }),
  TableKeys,
  TaskList,
  labels
    ? ActionItem.configure({ ownerLabel: labels.owner, dueLabel: labels.due, a11y: { checkboxLabel: (node) => labels.checkbox(node.textContent) } })
    : ActionItem,
  SectionHint,
  labels ? EvidenceCard.configure({ linkLabel: labels.evidenceLink }) : EvidenceCard,
  labels ? FindingLink.configure({ label: labels.findingLink }) : FindingLink,
  ...blockExtensions(labels ? { fieldLabel: labels.field } : undefined),
  labels ? SuggestInsert.configure({ label: labels.suggestion }) : SuggestInsert,
  labels ? SuggestDelete.configure({ label: labels.suggestion }) : SuggestDelete,
];
