import type { Locale } from '../locale';
import { heading, paragraph, prompt, type TemplateNode } from './nodes';

export function logTemplate(locale: Locale): TemplateNode[] {
  if (locale === 'en') {
    return [
      heading(1, 'Reflection log'),
      heading(2, 'When did we succeed best, and why?'),
      paragraph(),
      heading(2, 'What surprised me?'),
      paragraph(),
      heading(2, 'What will I try next?'),
      prompt('Something small and concrete you can try in the coming weeks.'),
      paragraph(),
    ];
  }
  return [
    heading(1, 'Refleksjonslogg'),
    heading(2, 'Når lyktes vi best, og hvorfor?'),
    paragraph(),
    heading(2, 'Hva overrasket meg?'),
    paragraph(),
    heading(2, 'Hva vil jeg prøve neste gang?'),
    prompt('Noe lite og konkret du kan prøve de neste ukene.'),
    paragraph(),
  ];
}
