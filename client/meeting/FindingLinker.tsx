import type { Editor } from '@tiptap/core';
import { useQuery } from '@tanstack/react-query';
import { useEditorState } from '@tiptap/react';
import { useState } from 'react';
import { findingsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';

/** Links the selected change in a plan to the finding that motivated it. */
export function FindingLinker({ documentId, editor }: { documentId: string; editor: Editor }) {
  const { t } = useI18n();
  const [opened, setOpened] = useState(false);
  const query = useQuery({ ...findingsQuery(documentId), enabled: opened });
  const [choice, setChoice] = useState('');
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty });
  const findings = opened ? query.data : undefined;
  const apply = () => {
    const f = findings?.[Number(choice)];
    if (!f) return;
    editor.chain().focus().setMark('findingLink', { reflectionId: f.reflectionId, finding: f.text }).run();
    setOpened(false);
    setChoice('');
  };
  if (!findings) {
    return (
      <>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => setOpened(true)} disabled={!hasSelection || (opened && query.isFetching)}>
          {t('revise.link')}
        </button>
        <ErrorMessage error={opened ? query.error : null} />
      </>
    );
  }
  return (
    <div className="finding-linker row">
      {findings.length === 0 ? (
        <span className="muted">{t('revise.none')}</span>
      ) : (
        <label>
          {t('revise.choose')}
          <select value={choice} onChange={(e) => setChoice(e.target.value)}>
            <option value="">…</option>
            {findings.map((f, i) => (
              <option key={`${f.reflectionId}:${f.text}`} value={i}>
                {f.round ? `R${f.round}: ` : ''}
                {f.text.length > 80 ? `${f.text.slice(0, 80)}…` : f.text}
              </option>
            ))}
          </select>
        </label>
      )}
      <button type="button" className="primary" onMouseDown={(e) => e.preventDefault()} onClick={apply} disabled={choice === ''}>
        {t('revise.apply')}
      </button>
      <button type="button" onClick={() => setOpened(false)}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
