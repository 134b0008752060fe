import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { contentExtensions } from './content-extensions';
import { useEditorLabels } from './labels';
import { ReviewDecorations } from './review-decorations';
import type { CollabSession } from './use-collab-session';

interface Props {
  session: CollabSession;
  user: { name: string; color: string };
  editable: boolean;
  /** Gets the editor once it exists (for comments and highlights). */
  onReady?: (editor: Editor) => void;
  /** Offered in the toolbar when text is selected and the reader may comment. */
  onComment?: () => void;
}

export function CollabEditor({ session, user, editable, onReady, onComment }: Props) {
  const { t } = useI18n();
  const labels = useEditorLabels();
  const editor = useEditor(
    {
      editable,
      extensions: [
        ...contentExtensions(labels),
        Placeholder.configure({
          showOnlyCurrent: false,
          includeChildren: true,
          placeholder: ({ node }) => (node.attrs.hint as string | null) ?? '',
        }),
        Collaboration.configure({ document: session.ydoc }),
        CollaborationCaret.configure({ provider: session.provider, user }),
        ReviewDecorations,
      ],
      editorProps: {
        attributes: { 'aria-label': t('document.editorLabel'), 'aria-multiline': 'true', role: 'textbox', class: 'prose' },
      },
    },
    [session],
  );
  useEffect(() => {
    if (editor) onReady?.(editor);
  }, [editor, onReady]);
  // Access can change while the document is open (a role changed): the editor follows it.
  useEffect(() => {
    if (editor && editor.isEditable !== editable) editor.setEditable(editable);
  }, [editor, editable]);
  if (!editor) return null;
  return (
    <div className="editor">
      {editable ? <Toolbar editor={editor} onComment={onComment} /> : onComment && <CommentBar editor={editor} onComment={onComment} />}
      <EditorContent editor={editor} />
    </div>
  );
}

/** For readers who may comment but not edit: only the comment button. */
function CommentBar({ editor, onComment }: { editor: Editor; onComment: () => void }) {
  const { t } = useI18n();
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty });
  return (
    <div className="toolbar" role="toolbar" aria-label={t('comments.heading')}>
      <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onComment} disabled={!hasSelection}>
        {t('comments.add')}
      </button>
    </div>
  );
}

function Toolbar({ editor, onComment }: { editor: Editor; onComment: (() => void) | undefined }) {
  const { t } = useI18n();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      heading: e.isActive('heading', { level: 2 }),
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      taskList: e.isActive('taskList'),
      inTable: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
      hasSelection: !e.state.selection.empty,
    }),
  });
  const chain = () => editor.chain().focus();
  const button = (label: string, active: boolean | null, run: () => void, disabled = false, symbol?: string) => (
    <button
      type="button"
      title={label}
      aria-pressed={active ?? undefined}
      disabled={disabled}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {symbol ? (
        <>
          <span aria-hidden="true">{symbol}</span>
          <span className="visually-hidden">{label}</span>
        </>
      ) : (
        label
      )}
    </button>
  );
  return (
    <div className="toolbar" role="toolbar" aria-label={t('toolbar.label')}>
      {button(t('toolbar.bold'), state.bold, () => chain().toggleBold().run(), false, 'B')}
      {button(t('toolbar.italic'), state.italic, () => chain().toggleItalic().run(), false, 'I')}
      {button(t('toolbar.heading2'), state.heading, () => chain().toggleHeading({ level: 2 }).run(), false, 'H')}
      {button(t('toolbar.bulletList'), state.bulletList, () => chain().toggleBulletList().run(), false, '•')}
      {button(t('toolbar.orderedList'), state.orderedList, () => chain().toggleOrderedList().run(), false, '1.')}
      {button(t('toolbar.taskList'), state.taskList, () => chain().toggleTaskList().run(), false, '☐')}
      {button(t('toolbar.addRow'), null, () => chain().addRowAfter().run(), !state.inTable)}
      {button(t('toolbar.deleteRow'), null, () => chain().deleteRow().run(), !state.inTable)}
      {button(t('toolbar.undo'), null, () => chain().undo().run(), !state.canUndo, '↶')}
      {button(t('toolbar.redo'), null, () => chain().redo().run(), !state.canRedo, '↷')}
      {onComment && button(t('comments.add'), null, onComment, !state.hasSelection)}
    </div>
  );
}
