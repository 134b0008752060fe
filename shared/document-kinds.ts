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
  'team_meeting',
  'pedagogical_analysis',
  'learning_story',
  'itp',
  'period_plan',
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
  team_meeting: { nb: 'Teammøte', nn: 'Teammøte', en: 'Team meeting' },
  pedagogical_analysis: { nb: 'Pedagogisk analyse', nn: 'Pedagogisk analyse', en: 'Pedagogical analysis' },
  learning_story: { nb: 'Læringshistorie', nn: 'Læringshistorie', en: 'Learning story' },
  itp: { nb: 'ITP: individuelt – team – plenum', nn: 'ITP: individuelt – team – plenum', en: 'ITP: individual – team – plenary' },
  period_plan: { nb: 'Flerfaglig periodeplan', nn: 'Fleirfagleg periodeplan', en: 'Cross-subject period plan' },
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
  team_meeting: {
    nb: 'Agenda, notater per sak, beslutninger og oppgaver – så møtet ender med noe bestemt.',
    nn: 'Agenda, notat per sak, avgjerder og oppgåver – så møtet endar med noko bestemt.',
    en: 'Agenda, notes per item, decisions and action items – so the meeting ends with something decided.',
  },
  pedagogical_analysis: {
    nb: 'Data → hypoteser → tiltak → evaluering, i en sløyfe over noen uker.',
    nn: 'Data → hypotesar → tiltak → evaluering, i ei sløyfe over nokre veker.',
    en: 'Data → hypotheses → measures → evaluation, in a loop of a few weeks.',
  },
  learning_story: {
    nb: 'En av de beste læringsopplevelsene dere har hatt, og hva som gjorde at den lyktes.',
    nn: 'Ei av dei beste læringsopplevingane de har hatt, og kva som gjorde at ho lukkast.',
    en: 'One of your best learning experiences, and what made it work.',
  },
  itp: {
    nb: 'Arbeid med en tekst hver for dere, så i teamet, så i plenum.',
    nn: 'Arbeid med ein tekst kvar for dykk, så i teamet, så i plenum.',
    en: 'Work on a text on your own, then as a team, then in plenary.',
  },
  period_plan: {
    nb: 'En periode med et felles tema på tvers av fag, der hvert fag har sin ansvarlige.',
    nn: 'Ein periode med eit felles tema på tvers av fag, der kvart fag har sin ansvarlege.',
    en: 'A period with a shared theme across subjects, each subject with its own owner.',
  },
};
