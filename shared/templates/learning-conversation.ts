import type { Locale } from '../locale';
import { bulletList, field, heading, prompt, type TemplateNode, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Læringssamtale',
    fields: ['Elev eller gruppe (bruk koder, ikke navn)', 'Fag og tema', 'Dato', 'Når i læringsløpet (før / underveis / mot slutten)'],
    where: 'Hvor skal vi?',
    wherePrompt: 'Før: hva skal eleven lære, og hvordan vet vi at det er lært? La eleven si det med egne ord.',
    whereHint: 'Målet slik eleven forklarer det …',
    how: 'Hvordan gikk det?',
    howPrompt: 'Underveis: hva kan eleven nå? Hva viser arbeidet? Start med det som lyktes.',
    howHint: 'Det eleven mestrer …',
    next: 'Hvordan kommer vi videre?',
    nextPrompt: 'Mot slutten: hva er neste steg, og hva trenger eleven fra oss?',
    agreed: 'Dette ble vi enige om',
    after: 'For teamet: hvordan gikk samtalen?',
    afterPrompt: 'Hvordan la vi opp samtalen, og hva vil vi gjøre likt eller annerledes neste gang?',
    afterHint: 'Erfaringer med samtalen …',
  },
  nn: {
    title: 'Læringssamtale',
    fields: ['Elev eller gruppe (bruk kodar, ikkje namn)', 'Fag og tema', 'Dato', 'Når i læringsløpet (før / undervegs / mot slutten)'],
    where: 'Kvar skal vi?',
    wherePrompt: 'Før: kva skal eleven lære, og korleis veit vi at det er lært? La eleven seie det med eigne ord.',
    whereHint: 'Målet slik eleven forklarer det …',
    how: 'Korleis gjekk det?',
    howPrompt: 'Undervegs: kva kan eleven no? Kva viser arbeidet? Start med det som lukkast.',
    howHint: 'Det eleven meistrar …',
    next: 'Korleis kjem vi vidare?',
    nextPrompt: 'Mot slutten: kva er neste steg, og kva treng eleven frå oss?',
    agreed: 'Dette vart vi samde om',
    after: 'For teamet: korleis gjekk samtalen?',
    afterPrompt: 'Korleis la vi opp samtalen, og kva vil vi gjere likt eller annleis neste gong?',
    afterHint: 'Erfaringar med samtalen …',
  },
  en: {
    title: 'Learning conversation',
    fields: ['Pupil or group (use codes, not names)', 'Subject and topic', 'Date', 'When in the sequence (before / during / towards the end)'],
    where: 'Where are we going?',
    wherePrompt: 'Before: what is the pupil to learn, and how will we know? Let the pupil say it in their own words.',
    whereHint: 'The goal as the pupil explains it …',
    how: 'How did it go?',
    howPrompt: 'During: what can the pupil do now? What does the work show? Start with what succeeded.',
    howHint: 'What the pupil masters …',
    next: 'How do we move on?',
    nextPrompt: 'Towards the end: what is the next step, and what does the pupil need from us?',
    agreed: 'What we agreed',
    after: 'For the team: how did the conversation go?',
    afterPrompt: 'How did we run the conversation, and what will we do the same or differently next time?',
    afterHint: 'Experience with the conversation …',
  },
};

export function learningConversationTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    ...w.fields.map((f) => field(f)),
    heading(2, w.where),
    prompt(w.wherePrompt),
    writeHere(w.whereHint),
    heading(2, w.how),
    prompt(w.howPrompt),
    writeHere(w.howHint),
    heading(2, w.next),
    prompt(w.nextPrompt),
    heading(3, w.agreed),
    bulletList(['']),
    heading(2, w.after),
    prompt(w.afterPrompt),
    writeHere(w.afterHint),
  ];
}
