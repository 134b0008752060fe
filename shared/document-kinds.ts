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
  lesson_plan: { nb: 'Undervisningsplan for forskningstimen', nn: 'Undervisningsplan for forskingstimen', en: 'Research lesson plan' },
  observation: { nb: 'Observasjon', nn: 'Observasjon', en: 'Observation' },
  reflection: { nb: 'Refleksjon / etterarbeid', nn: 'Refleksjon / etterarbeid', en: 'Post-lesson discussion' },
  log: { nb: 'Refleksjonslogg', nn: 'Refleksjonslogg', en: 'Reflection log' },
  peer_observation: { nb: 'Kollegaobservasjon', nn: 'Kollegaobservasjon', en: 'Peer observation' },
  action_learning: { nb: 'Aksjonslæring', nn: 'Aksjonslæring', en: 'Action learning' },
  learning_conversation: { nb: 'Læringssamtale', nn: 'Læringssamtale', en: 'Learning conversation' },
  report: { nb: 'Deling: det vi lærte', nn: 'Deling: det vi lærte', en: 'Sharing: what we learned' },
  note: { nb: 'Notat', nn: 'Notat', en: 'Note' },
};

/** One line on what each kind is for, shown where a teacher picks a kind. */
export const documentKindDescriptions: Record<DocumentKind, Localized> = {
  lesson_plan: { nb: 'Planen teamet lager sammen: mål, gjennomføring, prediksjoner og case-elever.', nn: 'Planen teamet lagar saman: mål, gjennomføring, prediksjonar og case-elevar.', en: 'The plan the team makes together: goals, flow, predictions and case pupils.' },
  observation: { nb: 'Notater fra én observatør i forskningstimen, knyttet til planen.', nn: 'Notat frå éin observatør i forskingstimen, knytte til planen.', en: 'One observer’s notes from the research lesson, tied to the plan.' },
  reflection: { nb: 'Refleksjonsmøtet samme dag: data, funn, endringer og oppgaver.', nn: 'Refleksjonsmøtet same dag: data, funn, endringar og oppgåver.', en: 'The same-day discussion: evidence, findings, changes and action items.' },
  log: { nb: 'Egen eller felles refleksjon over tid.', nn: 'Eigen eller felles refleksjon over tid.', en: 'Individual or shared reflection over time.' },
  peer_observation: { nb: 'Observasjon der læreren som blir observert velger fokus.', nn: 'Observasjon der læraren som blir observert, vel fokus.', en: 'Observation where the observed teacher chooses the focus.' },
  action_learning: { nb: 'Problem → aksjon → refleksjon → nytt mål, over noen uker.', nn: 'Problem → aksjon → refleksjon → nytt mål, over nokre veker.', en: 'Problem → action → reflection → new goal, over a few weeks.' },
  learning_conversation: { nb: 'Hvor skal vi? Hvordan gikk det? Hvordan kommer vi videre?', nn: 'Kvar skal vi? Korleis gjekk det? Korleis kjem vi vidare?', en: 'Where are we going? How did it go? How do we move on?' },
  report: { nb: 'En kort deling av det dere lærte, for neste team.', nn: 'Ei kort deling av det de lærte, for neste team.', en: 'A short account of what you learned, for the next team.' },
  note: { nb: 'Et tomt dokument.', nn: 'Eit tomt dokument.', en: 'A blank document.' },
};
