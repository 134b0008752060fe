import type { Locale } from '../locale';
import { bulletList, heading, prompt, type TemplateNode, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Det vi lærte',
    intro: 'En kort deling for neste team. Ingen elevnavn eller case-koder – skriv om læring og undervisning, ikke om enkeltelever.',
    question: 'Forskningsspørsmålet',
    questionHint: 'Hva ville vi finne ut …',
    tried: 'Hva vi prøvde',
    triedHint: 'Kort om timen og endringene mellom rundene …',
    learned: 'Hva vi lærte',
    learnedPrompt: 'De viktigste funnene, og hva de bygger på.',
    recommend: 'Råd til neste team',
    recommendHint: 'Gjør dette … unngå dette …',
  },
  nn: {
    title: 'Det vi lærte',
    intro: 'Ei kort deling for neste team. Ingen elevnamn eller case-kodar – skriv om læring og undervisning, ikkje om enkeltelevar.',
    question: 'Forskingsspørsmålet',
    questionHint: 'Kva ville vi finne ut …',
    tried: 'Kva vi prøvde',
    triedHint: 'Kort om timen og endringane mellom rundane …',
    learned: 'Kva vi lærte',
    learnedPrompt: 'Dei viktigaste funna, og kva dei byggjer på.',
    recommend: 'Råd til neste team',
    recommendHint: 'Gjer dette … unngå dette …',
  },
  en: {
    title: 'What we learned',
    intro: 'A short account for the next team. No pupil names or case codes – write about learning and teaching, not about individual pupils.',
    question: 'The research question',
    questionHint: 'What we wanted to find out …',
    tried: 'What we tried',
    triedHint: 'Briefly: the lesson and the changes between rounds …',
    learned: 'What we learned',
    learnedPrompt: 'The main findings, and what they rest on.',
    recommend: 'Advice to the next team',
    recommendHint: 'Do this … avoid this …',
  },
};

export function reportTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    prompt(w.intro),
    heading(2, w.question),
    writeHere(w.questionHint),
    heading(2, w.tried),
    writeHere(w.triedHint),
    heading(2, w.learned),
    prompt(w.learnedPrompt),
    bulletList(['']),
    heading(2, w.recommend),
    writeHere(w.recommendHint),
  ];
}
