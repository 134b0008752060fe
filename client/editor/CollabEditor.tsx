import { Collaboration } from '@tiptap/extension-collaboration';
import { CollaborationCaret } from '@tiptap/extension-collaboration-caret';
import { Placeholder } from '@tiptap/extensions';
import type { Editor } from '@tiptap/core';
import { EditorContent, useEditor, useEditorState } from '@tiptap/react';
import { useEffect } from 'react';
import { CONTENT_FIELD } from '../../shared/blocks/names';
import { useI18n } from '../i18n';
import { isInBlockRow } from './blocks';
import { ClickPlacesCaret } from './click-caret';
import { contentExtensions } from './content-extensions';
import { useEditorLabels } from './labels';
import { ReviewDecorations } from './review-decorations';
import { type Suggester, SuggestMode, suggestKey } from './suggestions';
import type { CollabSession } from './use-collab-session';

interface Props {
  session: CollabSession;
  user: { name: string; color: string };
  editable: boolean;
  /** Gets the editor once it exists (for comments and highlights). */
  onReady?: (editor: Editor) => void;
  /** Offered in the toolbar when text is selected and the reader may comment. */
  onComment?: () => void;
  /**
   * Who suggests, when this person may: `forced` for someone who may only suggest (a guest), who
   * types suggestions whenever the editor is editable; a member switches suggestion mode on.
   */
  suggester?: { user: Suggester; forced: boolean } | null;
}

export function CollabEditor({ session, user, editable, onReady, onComment, suggester }: Props) {
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
        Collaboration.configure({ document: session.ydoc, field: CONTENT_FIELD }),
        CollaborationCaret.configure({ provider: session.provider, user }),
        ReviewDecorations,
        SuggestMode.configure({ user: suggester?.user ?? null, forced: suggester?.forced ?? false }),
        ClickPlacesCaret,
      ],
      editorProps: {
        attributes: { 'aria-label': t('document.editorLabel'), 'aria-multiline': 'true', role: 'textbox', class: 'prose' },
      },
    },
    [session, suggester?.user.id, suggester?.forced],
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
      {editable && suggester?.forced ? (
        <SuggestBar editor={editor} onComment={onComment} />
      ) : editable ? (
        <Toolbar editor={editor} onComment={onComment} canSuggest={Boolean(suggester)} />
      ) : (
        onComment && <CommentBar editor={editor} onComment={onComment} />
      )}
      <EditorContent editor={editor} />
    </div>
  );
}

/** For someone who may only suggest (a teacher educator): they type suggestions, and may comment. */
function SuggestBar({ editor, onComment }: { editor: Editor; onComment: (() => void) | undefined }) {
  const { t } = useI18n();
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty });
  return (
    <div className="toolbar" role="toolbar" aria-label={t('suggestions.mode')}>
      <span className="suggest-note" data-testid="suggest-mode">
        {t('suggestions.youSuggest')}
      </span>
      {onComment && (
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={onComment} disabled={!hasSelection}>
          {t('comments.add')}
        </button>
      )}
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

function Toolbar({ editor, onComment, canSuggest }: { editor: Editor; onComment: (() => void) | undefined; canSuggest: boolean }) {
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
      inRow: isInBlockRow(e.state),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
      hasSelection: !e.state.selection.empty,
      suggesting: Boolean(suggestKey.getState(e.state)?.on),
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
      {button(t('toolbar.addRow'), null, () => (state.inRow ? chain().addBlockRow().run() : chain().addRowAfter().run()), !state.inTable && !state.inRow)}
      {button(t('toolbar.deleteRow'), null, () => (state.inRow ? chain().deleteBlockRow().run() : chain().deleteRow().run()), !state.inTable && !state.inRow)}
      {button(t('toolbar.undo'), null, () => chain().undo().run(), !state.canUndo, '↶')}
      {button(t('toolbar.redo'), null, () => chain().redo().run(), !state.canRedo, '↷')}
      {onComment && button(t('comments.add'), null, onComment, !state.hasSelection)}
      {canSuggest && button(t('suggestions.toggle'), state.suggesting, () => chain().setSuggesting(!state.suggesting).run())}
    </div>
  );
}
