import type { Locale } from '../locale';
import { field, heading, prompt, type TemplateNode, writeHere } from './nodes';

const words = {
  nb: {
    title: 'Refleksjonslogg',
    date: 'Dato',
    best: 'Når lyktes vi best, og hvorfor?',
    bestHint: 'En situasjon der elevene lærte godt – hva var det som gjorde det mulig?',
    surprise: 'Hva overrasket meg?',
    surpriseHint: 'Noe jeg ikke hadde forventet …',
    tacit: 'Det jeg gjør uten å tenke over det',
    tacitPrompt: 'Sett ord på et grep du bruker ofte. Hvorfor virker det?',
    tacitHint: 'Beskriv grepet …',
    next: 'Hva vil jeg prøve neste gang?',
    nextPrompt: 'Noe lite og konkret du kan prøve de neste ukene.',
    nextHint: 'Jeg vil prøve …',
  },
  nn: {
    title: 'Refleksjonslogg',
    date: 'Dato',
    best: 'Når lukkast vi best, og kvifor?',
    bestHint: 'Ein situasjon der elevane lærte godt – kva var det som gjorde det mogleg?',
    surprise: 'Kva overraska meg?',
    surpriseHint: 'Noko eg ikkje hadde venta …',
    tacit: 'Det eg gjer utan å tenkje over det',
    tacitPrompt: 'Set ord på eit grep du brukar ofte. Kvifor verkar det?',
    tacitHint: 'Beskriv grepet …',
    next: 'Kva vil eg prøve neste gong?',
    nextPrompt: 'Noko lite og konkret du kan prøve dei neste vekene.',
    nextHint: 'Eg vil prøve …',
  },
  en: {
    title: 'Reflection log',
    date: 'Date',
    best: 'When did we succeed best, and why?',
    bestHint: 'A moment when pupils learned well – what made it possible?',
    surprise: 'What surprised me?',
    surpriseHint: 'Something I did not expect …',
    tacit: 'What I do without thinking about it',
    tacitPrompt: 'Put a move you use often into words. Why does it work?',
    tacitHint: 'Describe the move …',
    next: 'What will I try next?',
    nextPrompt: 'Something small and concrete you can try in the coming weeks.',
    nextHint: 'I will try …',
  },
};

export function logTemplate(locale: Locale): TemplateNode[] {
  const w = words[locale];
  return [
    heading(1, w.title),
    field(w.date),
    heading(2, w.best),
    writeHere(w.bestHint),
    heading(2, w.surprise),
    writeHere(w.surpriseHint),
    heading(2, w.tacit),
    prompt(w.tacitPrompt),
    writeHere(w.tacitHint),
    heading(2, w.next),
    prompt(w.nextPrompt),
    writeHere(w.nextHint),
  ];
}
