import type { Localized } from './locale';

export const DocumentKinds = ['lesson_plan', 'observation', 'reflection', 'log', 'note'] as const;
export type DocumentKind = (typeof DocumentKinds)[number];

export const documentKindLabels: Record<DocumentKind, Localized> = {
  lesson_plan: { nb: 'Undervisningsplan for forskningstimen', en: 'Research lesson plan' },
  observation: { nb: 'Observasjon', en: 'Observation' },
  reflection: { nb: 'Refleksjon / etterarbeid', en: 'Post-lesson discussion' },
  log: { nb: 'Refleksjonslogg', en: 'Reflection log' },
  note: { nb: 'Notat', en: 'Note' },
};
