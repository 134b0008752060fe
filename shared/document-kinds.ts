import type { Localized } from './locale';

export const DocumentKinds = [
  'lesson_plan',
  'observation',
  'reflection',
  'log',
  'peer_observation',
  'action_learning',
  'learning_conversation',
  'report',
  'note',
] as const;
export type DocumentKind = (typeof DocumentKinds)[number];

export const documentKindLabels: Record<DocumentKind, Localized> = {
  lesson_plan: { nb: 'Undervisningsplan for forskningstimen', en: 'Research lesson plan' },
  observation: { nb: 'Observasjon', en: 'Observation' },
  reflection: { nb: 'Refleksjon / etterarbeid', en: 'Post-lesson discussion' },
  log: { nb: 'Refleksjonslogg', en: 'Reflection log' },
  peer_observation: { nb: 'Kollegaobservasjon', en: 'Peer observation' },
  action_learning: { nb: 'Aksjonslæring', en: 'Action learning' },
  learning_conversation: { nb: 'Læringssamtale', en: 'Learning conversation' },
  report: { nb: 'Deling: det vi lærte', en: 'Sharing: what we learned' },
  note: { nb: 'Notat', en: 'Note' },
};

/** One line on what each kind is for, shown where a teacher picks a kind. */
export const documentKindDescriptions: Record<DocumentKind, Localized> = {
  lesson_plan: { nb: 'Planen teamet lager sammen: mål, gjennomføring, prediksjoner og case-elever.', en: 'The plan the team makes together: goals, flow, predictions and case pupils.' },
  observation: { nb: 'Notater fra én observatør i forskningstimen, knyttet til planen.', en: 'One observer’s notes from the research lesson, tied to the plan.' },
  reflection: { nb: 'Refleksjonsmøtet samme dag: data, funn, endringer og oppgaver.', en: 'The same-day discussion: evidence, findings, changes and action items.' },
  log: { nb: 'Egen eller felles refleksjon over tid.', en: 'Individual or shared reflection over time.' },
  peer_observation: { nb: 'Observasjon der læreren som blir observert velger fokus.', en: 'Observation where the observed teacher chooses the focus.' },
  action_learning: { nb: 'Problem → aksjon → refleksjon → nytt mål, over noen uker.', en: 'Problem → action → reflection → new goal, over a few weeks.' },
  learning_conversation: { nb: 'Hvor skal vi? Hvordan gikk det? Hvordan kommer vi videre?', en: 'Where are we going? How did it go? How do we move on?' },
  report: { nb: 'En kort deling av det dere lærte, for neste team.', en: 'A short account of what you learned, for the next team.' },
  note: { nb: 'Et tomt dokument.', en: 'A blank document.' },
};
