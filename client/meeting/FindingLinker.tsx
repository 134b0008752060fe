import type { Editor } from '@tiptap/core';
import { useEditorState } from '@tiptap/react';
import { useState } from 'react';
import { api, call } from '../api/client';
import { ErrorMessage } from '../app/ErrorMessage';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';

interface Finding {
  reflectionId: string;
  reflectionTitle: string;
  round: number | null;
  text: string;
}

/** Links the selected change in a plan to the finding that motivated it. */
export function FindingLinker({ documentId, editor }: { documentId: string; editor: Editor }) {
  const { t } = useI18n();
  const [findings, setFindings] = useState<Finding[] | null>(null);
  const [choice, setChoice] = useState('');
  const hasSelection = useEditorState({ editor, selector: ({ editor: e }) => !e.state.selection.empty });
  const open = useAction(async () => {
    setFindings((await call(api.documents[':documentId'].findings.$get({ param: { documentId } }))).findings);
  });
  const apply = () => {
    const f = findings?.[Number(choice)];
    if (!f) return;
    editor.chain().focus().setMark('findingLink', { reflectionId: f.reflectionId, finding: f.text }).run();
    setFindings(null);
    setChoice('');
  };
  if (!findings) {
    return (
      <>
        <button type="button" onMouseDown={(e) => e.preventDefault()} onClick={() => void open.run()} disabled={!hasSelection || open.busy}>
          {t('revise.link')}
        </button>
        <ErrorMessage error={open.error} />
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
      <button type="button" onClick={() => setFindings(null)}>
        {t('common.cancel')}
      </button>
    </div>
  );
}
