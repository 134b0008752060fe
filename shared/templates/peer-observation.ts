import type { Locale } from '../locale';
import { field, heading, prompt, type TemplateNode, table, taskList, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Kollegaobservasjon',
    fields: ['Observert lærer', 'Observatør', 'Dato og time', 'Fag og klasse'],
    agreement: 'Avtale før timen',
    agreementPrompt: 'Læreren som blir observert velger fokus. Hva vil du ha tilbakemelding på, og hvordan?',
    focus: 'Fokus valgt av læreren',
    focusHint: 'For eksempel: hvordan jeg følger opp elever som står fast …',
    notes: 'Observasjon',
    notesPrompt: 'Noter det du ser og hører som handler om fokuset. Beskriv, ikke vurder.',
    notesHeaders: ['Tid', 'Det jeg så og hørte'],
    feedback: 'Samtale samme dag',
    worked: 'Dette fungerte godt',
    workedHint: 'Konkrete situasjoner, med det som skjedde …',
    questions: 'Spørsmål jeg ble nysgjerrig på',
    questionsHint: 'Hva tenkte du da …?',
    tryNext: 'Det vil jeg prøve',
  },
  en: {
    title: 'Peer observation',
    fields: ['Observed teacher', 'Observer', 'Date and lesson', 'Subject and class'],
    agreement: 'Agreement before the lesson',
    agreementPrompt: 'The observed teacher chooses the focus. What do you want feedback on, and how?',
    focus: 'Focus chosen by the teacher',
    focusHint: 'For example: how I follow up pupils who are stuck …',
    notes: 'Observation',
    notesPrompt: 'Note what you see and hear about the focus. Describe, do not judge.',
    notesHeaders: ['Time', 'What I saw and heard'],
    feedback: 'Conversation the same day',
    worked: 'What worked well',
    workedHint: 'Concrete moments, with what happened …',
    questions: 'Questions I became curious about',
    questionsHint: 'What were you thinking when …?',
    tryNext: 'What I will try',
  },
};

export function peerObservationTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    ...w.fields.map((f) => field(f)),
    heading(2, w.agreement),
    prompt(w.agreementPrompt),
    heading(3, w.focus),
    writeHere(w.focusHint),
    heading(2, w.notes),
    prompt(w.notesPrompt),
    table(w.notesHeaders, [['', ''], ['', '']]),
    heading(2, w.feedback),
    heading(3, w.worked),
    writeHere(w.workedHint),
    heading(3, w.questions),
    writeHere(w.questionsHint),
    heading(3, w.tryNext),
    taskList(['']),
  ];
}
