import type { Localized } from './locale';

/** The post-lesson discussion protocol, in order. */
export const MeetingSteps = ['thanks', 'teacher', 'team', 'evidence', 'other', 'agree'] as const;
export type MeetingStep = (typeof MeetingSteps)[number];

export const meetingSteps: Record<MeetingStep, { label: Localized; guide: Localized; minutes: number }> = {
  thanks: {
    label: { nb: 'Takk', nn: 'Takk', en: 'Thanks' },
    guide: { nb: 'Takk læreren som underviste og lot seg observere.', nn: 'Takk læraren som underviste og let seg observere.', en: 'Thank the teacher who taught and was observed.' },
    minutes: 2,
  },
  teacher: {
    label: { nb: 'Læreren først', nn: 'Læraren først', en: 'The teacher first' },
    guide: {
      nb: 'Læreren som underviste snakker først: hva la du merke til, og hva overrasket deg?',
      nn: 'Læraren som underviste, snakkar først: kva la du merke til, og kva overraska deg?',
      en: 'The teacher who taught speaks first: what did you notice, and what surprised you?',
    },
    minutes: 5,
  },
  team: {
    label: { nb: 'Planleggingsteamet', nn: 'Planleggingsteamet', en: 'The planning team' },
    guide: { nb: 'Hva så vi, sammenlignet med planen og prediksjonene?', nn: 'Kva såg vi, samanlikna med planen og prediksjonane?', en: 'What did we see, compared with the plan and the predictions?' },
    minutes: 10,
  },
  evidence: {
    label: { nb: 'Data om case-elevene', nn: 'Data om case-elevane', en: 'Evidence on the case pupils' },
    guide: {
      nb: 'Per forskningsspørsmål og case-elev: forventet mot observert. Hent notatene inn som evidens – uten data, bare prat.',
      nn: 'Per forskingsspørsmål og case-elev: venta mot observert. Hent notata inn som evidens – utan data, berre prat.',
      en: 'Per research question and case pupil: predicted against observed. Bring the notes in as evidence – no data, just talk.',
    },
    minutes: 20,
  },
  other: {
    label: { nb: 'Den kunnskapsrike andre', nn: 'Den kunnskapsrike andre', en: 'The knowledgeable other' },
    guide: { nb: 'Den kunnskapsrike andre avslutter med sine kommentarer.', nn: 'Den kunnskapsrike andre avsluttar med kommentarane sine.', en: 'The knowledgeable other closes with their comments.' },
    minutes: 5,
  },
  agree: {
    label: { nb: 'Enighet og oppgaver', nn: 'Semje og oppgåver', en: 'Agreements and action items' },
    guide: {
      nb: 'Bli enige om funn, hva som endres i planen, og hvem som gjør hva innen når.',
      nn: 'Bli samde om funn, kva som skal endrast i planen, og kven som gjer kva innan når.',
      en: 'Agree on findings, what changes in the plan, and who does what by when.',
    },
    minutes: 10,
  },
};

export interface Meeting {
  documentId: string;
  facilitatorId: string;
  facilitatorName: string;
  step: MeetingStep;
  stepStartedAt: string;
  startedAt: string;
  endedAt: string | null;
  /** The server's clock when this was sent, so every screen shows the same timer. */
  serverNow: string;
}
