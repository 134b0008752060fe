import { TaskItem, TaskList } from '@tiptap/extension-list';
import { TableKit } from '@tiptap/extension-table';
import { StarterKit } from '@tiptap/starter-kit';

/**
 * The document schema: what a Fellesrom document can contain. Templates in shared/templates use
 * these node names; test/unit/templates.test.ts checks every template against this schema.
 */
export const contentExtensions = [
  // Collaboration brings its own undo that only undoes your own changes.
  StarterKit.configure({ undoRedo: false, link: { openOnClick: false, autolink: true } }),
  TableKit.configure({ table: { resizable: false } }),
  TaskList,
  TaskItem.configure({ nested: true }),
];
