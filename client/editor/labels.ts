import { useMemo } from 'react';
import { useI18n } from '../i18n';

/** Words the editor's own parts show or say (checkbox labels, links on evidence and findings). */
export interface EditorLabels {
  owner: string;
  due: string;
  checkbox(text: string): string;
  findingLink(finding: string): string;
  evidenceLink(step: number | null): string;
}

export function useEditorLabels(): EditorLabels {
  const { t } = useI18n();
  return useMemo(
    () => ({
      owner: t('editor.actionOwner'),
      due: t('editor.actionDue'),
      checkbox: (text) => (text.trim() ? t('editor.actionCheckbox', { text: text.trim() }) : t('editor.actionCheckboxEmpty')),
      findingLink: (finding) => t('editor.findingLink', { finding }),
      evidenceLink: (step) => (step === null ? t('editor.evidenceLinkPlan') : t('editor.evidenceLink', { step: step + 1 })),
    }),
    [t],
  );
}
