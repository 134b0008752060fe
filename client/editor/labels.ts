import { useMemo } from 'react';
import { fieldLabels } from '../../shared/blocks/labels';
import { useI18n } from '../i18n';

/** Words the editor's own parts show or say (checkbox labels, links on evidence and findings). */
export interface EditorLabels {
  owner: string;
  due: string;
  checkbox(text: string): string;
  findingLink(finding: string): string;
  evidenceLink(step: number | null): string;
  /** A structured block's field (a lesson-flow column, a case pupil's prediction). */
  field(name: string): string;
  /** Who suggested a change, and when (shown on hover). */
  suggestion(a: { authorName: string; at: number }): string;
}

export function useEditorLabels(): EditorLabels {
  const { t, pick, formatDateTime } = useI18n();
  return useMemo(
    () => ({
      owner: t('editor.actionOwner'),
      due: t('editor.actionDue'),
      checkbox: (text) => (text.trim() ? t('editor.actionCheckbox', { text: text.trim() }) : t('editor.actionCheckboxEmpty')),
      findingLink: (finding) => t('editor.findingLink', { finding }),
      evidenceLink: (step) => (step === null ? t('editor.evidenceLinkPlan') : t('editor.evidenceLink', { step: step + 1 })),
      suggestion: (a) => t('suggestions.by', { name: a.authorName, time: formatDateTime(new Date(a.at).toISOString()) }),
      field: (name) => {
        const label = fieldLabels[name];
        return label ? pick(label) : name;
      },
    }),
    [t, pick, formatDateTime],
  );
}
