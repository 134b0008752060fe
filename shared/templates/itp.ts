import type { Locale } from '../locale';
import { bulletList, field, heading, prompt, type TemplateNode, taskList, writeHere } from './nodes';

const words = {
  nb: {
    title: 'ITP: individuelt – team – plenum',
    intro: 'Vi arbeider med teksten i tre trinn, så alle stemmer kommer fram før vi blir enige.',
    text: 'Teksten vi arbeider med',
    question: 'Spørsmålet',
    questionHint: 'Hva vil vi finne ut eller bli enige om?',
    individual: '1. Individuelt (5–10 min)',
    individualPrompt: 'Les og skriv hver for deg: Hva la du merke til? Hva vil du ta med til teamet?',
    team: '2. Team (15 min)',
    teamPrompt: 'Del én om gangen før dere diskuterer. Hva har vi felles? Hvor tenker vi ulikt, og hva kan vi lære av det?',
    plenary: '3. Plenum (15 min)',
    plenaryPrompt: 'Hva tar teamet med til fellesskapet? Ett eller to funn, og ett spørsmål vi vil tenke videre på.',
    next: 'Dette tar vi med oss',
  },
  nn: {
    title: 'ITP: individuelt – team – plenum',
    intro: 'Vi arbeider med teksten i tre steg, så alle stemmer kjem fram før vi blir samde.',
    text: 'Teksten vi arbeider med',
    question: 'Spørsmålet',
    questionHint: 'Kva vil vi finne ut eller bli samde om?',
    individual: '1. Individuelt (5–10 min)',
    individualPrompt: 'Les og skriv kvar for deg: Kva la du merke til? Kva vil du ta med til teamet?',
    team: '2. Team (15 min)',
    teamPrompt: 'Del éin om gongen før de diskuterer. Kva har vi felles? Kvar tenkjer vi ulikt, og kva kan vi lære av det?',
    plenary: '3. Plenum (15 min)',
    plenaryPrompt: 'Kva tek teamet med til fellesskapet? Eitt eller to funn, og eitt spørsmål vi vil tenkje vidare på.',
    next: 'Dette tek vi med oss',
  },
  en: {
    title: 'ITP: individual – team – plenary',
    intro: 'We work on the text in three steps, so every voice is heard before we agree.',
    text: 'The text we work on',
    question: 'The question',
    questionHint: 'What do we want to find out or agree on?',
    individual: '1. Individual (5–10 min)',
    individualPrompt: 'Read and write on your own: What did you notice? What will you bring to the team?',
    team: '2. Team (15 min)',
    teamPrompt: 'Share one at a time before you discuss. What do we have in common? Where do we think differently, and what can we learn from it?',
    plenary: '3. Plenary (15 min)',
    plenaryPrompt: 'What does the team bring to everyone? One or two findings, and one question we want to keep thinking about.',
    next: 'What we take with us',
  },
};

export function itpTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    prompt(w.intro),
    field(w.text),
    heading(2, w.question),
    writeHere(w.questionHint),
    heading(2, w.individual),
    prompt(w.individualPrompt),
    bulletList(['']),
    heading(2, w.team),
    prompt(w.teamPrompt),
    bulletList(['']),
    heading(2, w.plenary),
    prompt(w.plenaryPrompt),
    bulletList(['']),
    heading(2, w.next),
    taskList(['']),
  ];
}
