import type { Localized } from '../locale';
import type { CasePupilField, LessonStepField } from './names';

/** What each field of a row block is called, on screen, in Word and in compare. */
export const lessonStepLabels: Record<LessonStepField, Localized> = {
  activity: { nb: 'Aktivitet og nøkkelspørsmål', nn: 'Aktivitet og nøkkelspørsmål', en: 'Activity and key questions' },
  time: { nb: 'Tid', nn: 'Tid', en: 'Time' },
  anticipated: { nb: 'Forventede elevsvar (prediksjon)', nn: 'Venta elevsvar (prediksjon)', en: 'Anticipated pupil responses' },
  support: { nb: 'Lærerstøtte', nn: 'Lærarstøtte', en: 'Teacher support' },
  observe: { nb: 'Hva skal observeres', nn: 'Kva skal observerast', en: 'What to observe' },
};

export const casePupilLabels: Record<CasePupilField, Localized> = {
  code: { nb: 'Case-elev', nn: 'Case-elev', en: 'Case pupil' },
  why: { nb: 'Hvorfor denne eleven', nn: 'Kvifor denne eleven', en: 'Why this pupil' },
  prediction: { nb: 'Prediksjon', nn: 'Prediksjon', en: 'Prediction' },
};

export const fieldLabels: Record<string, Localized> = { ...lessonStepLabels, ...casePupilLabels };

export const blockLabels = {
  lessonFlow: { nb: 'Gjennomføring av timen', nn: 'Gjennomføring av timen', en: 'Lesson flow' },
  casePupils: { nb: 'Case-elever', nn: 'Case-elevar', en: 'Case pupils' },
  findings: { nb: 'Funn', nn: 'Funn', en: 'Findings' },
  actionItems: { nb: 'Oppgaver', nn: 'Oppgåver', en: 'Action items' },
  observationFocus: { nb: 'Observasjonsfokus', nn: 'Observasjonsfokus', en: 'Observation focus' },
  step: { nb: 'Steg', nn: 'Steg', en: 'Step' },
} satisfies Record<string, Localized>;
