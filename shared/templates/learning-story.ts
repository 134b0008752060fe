import type { Locale } from '../locale';
import { bulletList, heading, prompt, type TemplateNode, taskList, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Læringshistorie',
    intro: 'Fortell om en av de beste læringsopplevelsene du har vært med på – med elevene eller som lærer. Vi leter etter det som virker, så vi kan få mer av det.',
    story: 'Historien',
    storyHint: 'Når lyktes vi best? Fortell hva som skjedde, med så mange detaljer du husker …',
    why: 'Hva gjorde at det lyktes?',
    whyPrompt: 'Merk historien med det som bar den: relasjonelt samspill, tilhørighet i læringsfellesskapet, eller kvaliteter ved læringsarbeidet – tydelige mål, tilbakemeldinger, relevans, variasjon, tilpasning, læringsledelse.',
    future: 'Fremtidsbilde',
    futurePrompt: 'Tenk deg at dette er slik hos oss hver dag. Hva ser vi, hører vi og gjør vi da?',
    futureHint: 'Om et år …',
    step: 'Et lite steg',
    stepPrompt: 'Hva kan vi gjøre allerede neste uke for å få mer av dette?',
  },
  nn: {
    title: 'Læringshistorie',
    intro: 'Fortel om ei av dei beste læringsopplevingane du har vore med på – med elevane eller som lærar. Vi leitar etter det som verkar, så vi kan få meir av det.',
    story: 'Historia',
    storyHint: 'Når lukkast vi best? Fortel kva som skjedde, med så mange detaljar du hugsar …',
    why: 'Kva gjorde at det lukkast?',
    whyPrompt: 'Merk historia med det som bar henne: relasjonelt samspel, tilhøyrsle i læringsfellesskapet, eller kvalitetar ved læringsarbeidet – tydelege mål, tilbakemeldingar, relevans, variasjon, tilpassing, læringsleiing.',
    future: 'Framtidsbilete',
    futurePrompt: 'Tenk deg at dette er slik hos oss kvar dag. Kva ser vi, høyrer vi og gjer vi då?',
    futureHint: 'Om eitt år …',
    step: 'Eit lite steg',
    stepPrompt: 'Kva kan vi gjere alt neste veke for å få meir av dette?',
  },
  en: {
    title: 'Learning story',
    intro: 'Tell about one of the best learning experiences you have been part of – with your pupils or as a teacher. We look for what works, so we can have more of it.',
    story: 'The story',
    storyHint: 'When did we succeed best? Tell what happened, with as many details as you remember …',
    why: 'What made it work?',
    whyPrompt: 'Tag the story with what carried it: relational interplay, belonging in the learning community, or qualities of the learning work – clear goals, feedback, relevance, variation, adaptation, learning leadership.',
    future: 'Image of the future',
    futurePrompt: 'Imagine it is like this with us every day. What do we see, hear and do then?',
    futureHint: 'A year from now …',
    step: 'A small step',
    stepPrompt: 'What can we do as soon as next week to have more of this?',
  },
};

export function learningStoryTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    prompt(w.intro),
    heading(2, w.story),
    writeHere(w.storyHint),
    heading(2, w.why),
    prompt(w.whyPrompt),
    bulletList(['']),
    heading(2, w.future),
    prompt(w.futurePrompt),
    writeHere(w.futureHint),
    heading(2, w.step),
    prompt(w.stepPrompt),
    taskList(['']),
  ];
}
