import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { authorHue, type Suggestion, suggestionsIn } from '../editor/suggestions';
import { useI18n } from '../i18n';

/**
 * The document's suggestions beside its comments: who suggested what, when; someone who edits
 * accepts or rejects them one by one or all at once (an ordinary edit, seen live by everyone).
 */
export function SuggestionsPanel({ editor, canReview }: { editor: Editor | null; canReview: boolean }) {
  const { t, formatDateTime } = useI18n();
  const items =
    useEditorState({
      editor,
      selector: ({ editor: e }) => (e ? suggestionsIn(e.state.doc) : []),
      equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    }) ?? [];
  if (!editor || items.length === 0) return null;
  const review = (list: Suggestion[], accept: boolean) => editor.chain().reviewSuggestions(list, accept).run();
  return (
    <section className="suggestions" aria-labelledby="suggestions-heading" data-testid="suggestions">
      <h3 id="suggestions-heading">{t('suggestions.heading', { count: items.length })}</h3>
      {canReview && (
        <p className="actions">
          <button type="button" onClick={() => review(items, true)}>
            {t('suggestions.acceptAll')}
          </button>
          <button type="button" onClick={() => review(items, false)}>
            {t('suggestions.rejectAll')}
          </button>
        </p>
      )}
      <ul className="plain">
        {items.map((s) => (
          <li key={`${s.kind}:${s.authorId}:${s.at}:${s.from}`} className="suggestion-item" style={{ '--author-hue': authorHue(s.authorId) } as React.CSSProperties}>
            <span className="muted small">
              <span className="author-chip" aria-hidden="true" /> {s.authorName} · {formatDateTime(new Date(s.at).toISOString())}
            </span>
            <div>
              {s.kind === 'insert' ? t('suggestions.insert') : t('suggestions.delete')}:{' '}
              {s.kind === 'insert' ? <ins className="suggestion insert">{s.text}</ins> : <del className="suggestion delete">{s.text}</del>}
            </div>
            {canReview && (
              <p className="actions">
                <button type="button" className="link" onClick={() => review([s], true)}>
                  {t('suggestions.accept')}
                </button>
                <button type="button" className="link" onClick={() => review([s], false)}>
                  {t('suggestions.reject')}
                </button>
              </p>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
