import type { DocumentKind } from './document-kinds';
import type { Localized } from './locale';

/** The post-lesson discussion protocol, in order. */
export const MeetingSteps = ['thanks', 'teacher', 'team', 'evidence', 'other', 'agree'] as const;
/**
 * A team meeting's agenda steps, in order: it ends with decisions and who does what, not with
 * "hyggelig faglig passiar".
 */
export const TeamMeetingSteps = ['purpose', 'items', 'decisions', 'actions', 'close'] as const;
export type MeetingStep = (typeof MeetingSteps)[number] | (typeof TeamMeetingSteps)[number];

/** The steps a meeting on a document of this kind goes through. */
export const meetingProtocol = (kind: DocumentKind): readonly MeetingStep[] => (kind === 'team_meeting' ? TeamMeetingSteps : MeetingSteps);

/** Kinds whose documents hold a meeting with a place for the video-meeting link. */
export const MeetingKinds: readonly DocumentKind[] = ['reflection', 'team_meeting'];

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
  purpose: {
    label: { nb: 'Hensikt og agenda', nn: 'Føremål og agenda', en: 'Purpose and agenda' },
    guide: {
      nb: 'Hva skal vi ha bestemt når vi går herfra? Gå gjennom agendaen og tiden for hver sak.',
      nn: 'Kva skal vi ha bestemt når vi går herifrå? Gå gjennom agendaen og tida for kvar sak.',
      en: 'What should we have decided when we leave? Go through the agenda and the time for each item.',
    },
    minutes: 3,
  },
  items: {
    label: { nb: 'Sakene', nn: 'Sakene', en: 'The items' },
    guide: {
      nb: 'Én sak om gangen. Skriv notater under saken, og før opp beslutningen så snart den er tatt.',
      nn: 'Éi sak om gongen. Skriv notat under saka, og før opp avgjerda så snart ho er teken.',
      en: 'One item at a time. Write notes under the item, and note the decision as soon as it is made.',
    },
    minutes: 30,
  },
  decisions: {
    label: { nb: 'Beslutninger', nn: 'Avgjerder', en: 'Decisions' },
    guide: {
      nb: 'Les beslutningene høyt. Er vi enige om ordlyden?',
      nn: 'Les avgjerdene høgt. Er vi samde om ordlyden?',
      en: 'Read the decisions aloud. Do we agree on the wording?',
    },
    minutes: 5,
  },
  actions: {
    label: { nb: 'Oppgaver', nn: 'Oppgåver', en: 'Action items' },
    guide: {
      nb: 'Hvem gjør hva, og innen når? Hver oppgave får en ansvarlig og en frist.',
      nn: 'Kven gjer kva, og innan når? Kvar oppgåve får ein ansvarleg og ein frist.',
      en: 'Who does what, and by when? Each item gets an owner and a due date.',
    },
    minutes: 5,
  },
  close: {
    label: { nb: 'Avslutning', nn: 'Avslutning', en: 'Closing' },
    guide: {
      nb: 'Hva fungerte godt i dag? Hva tar vi med til neste møte?',
      nn: 'Kva fungerte godt i dag? Kva tek vi med til neste møte?',
      en: 'What worked well today? What do we take to the next meeting?',
    },
    minutes: 2,
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
