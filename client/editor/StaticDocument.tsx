import { Mark } from '@tiptap/core';
import { EditorContent, useEditor } from '@tiptap/react';
import { contentExtensions } from './content-extensions';
import { useEditorLabels } from './labels';

/** Marks used only when showing a comparison: added and removed text. */
const DiffInsert = Mark.create({
  name: 'diffInsert',
  renderHTML: () => ['ins', { class: 'diff-insert' }, 0],
  parseHTML: () => [{ tag: 'ins' }],
});
const DiffDelete = Mark.create({
  name: 'diffDelete',
  renderHTML: () => ['del', { class: 'diff-delete' }, 0],
  parseHTML: () => [{ tag: 'del' }],
});

/** A document shown read-only from ProseMirror JSON: a saved version, or a comparison. */
export function StaticDocument({ doc, label }: { doc: unknown; label: string }) {
  const labels = useEditorLabels();
  const editor = useEditor(
    {
      editable: false,
      extensions: [...contentExtensions(labels), DiffInsert, DiffDelete],
      content: doc as object,
      editorProps: { attributes: { class: 'prose static', 'aria-label': label, role: 'document' } },
    },
    [doc],
  );
  return <EditorContent editor={editor} />;
}
