import type { Locale } from '../locale';
import { field, heading, observationFocus, prompt, type TemplateNode, table, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Observasjon',
    fields: ['Observatør', 'Undervisningsplan', 'Del av timen'],
    focus: 'Observasjonsfokus',
    focusPrompt: 'Hva ble teamet enige om å se etter? Hent det fra planen før timen starter.',
    focusHint: 'Skriv observasjonsfokuset …',
    notes: 'Notater underveis',
    notesPrompt: 'Noter tid, del av timen og case-elev (A, B, C). Beskriv det du ser og hører – ikke hva du mener om det.',
    notesHeaders: ['Tid', 'Del av timen', 'Elev', 'Hva skjedde (sitat, handling, elevarbeid)'],
    pupils: 'Forventet og observert per case-elev',
    pupilsHeaders: ['Case-elev', 'Forventet (fra planen)', 'Observert'],
    after: 'Det jeg vil ta med til refleksjonen',
    afterHint: 'Ett eller to funn med data som støtter dem …',
  },
  nn: {
    title: 'Observasjon',
    fields: ['Observatør', 'Undervisningsplan', 'Del av timen'],
    focus: 'Observasjonsfokus',
    focusPrompt: 'Kva vart teamet samde om å sjå etter? Hent det frå planen før timen startar.',
    focusHint: 'Skriv observasjonsfokuset …',
    notes: 'Notat undervegs',
    notesPrompt: 'Noter tid, del av timen og case-elev (A, B, C). Beskriv det du ser og høyrer – ikkje kva du meiner om det.',
    notesHeaders: ['Tid', 'Del av timen', 'Elev', 'Kva skjedde (sitat, handling, elevarbeid)'],
    pupils: 'Venta og observert per case-elev',
    pupilsHeaders: ['Case-elev', 'Venta (frå planen)', 'Observert'],
    after: 'Det eg vil ta med til refleksjonen',
    afterHint: 'Eitt eller to funn med data som støttar dei …',
  },
  en: {
    title: 'Observation',
    fields: ['Observer', 'Lesson plan', 'Lesson step'],
    focus: 'Observation focus',
    focusPrompt: 'What did the team agree to look for? Take it from the plan before the lesson starts.',
    focusHint: 'Write the observation focus …',
    notes: 'Notes during the lesson',
    notesPrompt: 'Note the time, the lesson step and the case pupil (A, B, C). Describe what you see and hear – not what you think of it.',
    notesHeaders: ['Time', 'Lesson step', 'Pupil', 'What happened (quote, action, pupil work)'],
    pupils: 'Predicted and observed per case pupil',
    pupilsHeaders: ['Case pupil', 'Predicted (from the plan)', 'Observed'],
    after: 'What I bring to the reflection',
    afterHint: 'One or two findings with the data that supports them …',
  },
};

export function observationTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    ...w.fields.map((f) => field(f)),
    heading(2, w.focus),
    prompt(w.focusPrompt),
    observationFocus(w.focusHint),
    heading(2, w.notes),
    prompt(w.notesPrompt),
    table(w.notesHeaders, [['', '', '', ''], ['', '', '', '']]),
    heading(2, w.pupils),
    table(
      w.pupilsHeaders,
      ['A', 'B', 'C'].map((code) => [code, '', '']),
    ),
    heading(2, w.after),
    writeHere(w.afterHint),
  ];
}
