import type { DocumentKind } from './document-kinds';
import { Limits } from './limits';
import type { Locale, Localized } from './locale';

/** The lesson-study cycle, in order. */
export const Phases = ['plan', 'observe', 'reflect', 'revise', 'share'] as const;
export type Phase = (typeof Phases)[number];

export const phaseLabels: Record<Phase, Localized> = {
  plan: { nb: 'Planlegge', nn: 'Planleggje', en: 'Plan' },
  observe: { nb: 'Observere', nn: 'Observere', en: 'Observe' },
  reflect: { nb: 'Reflektere', nn: 'Reflektere', en: 'Reflect' },
  revise: { nb: 'Revidere', nn: 'Revidere', en: 'Revise' },
  share: { nb: 'Dele', nn: 'Dele', en: 'Share' },
};

/** Which document kind each phase produces. Revising works on the round's plan itself. */
export const phaseKinds: Record<Phase, DocumentKind> = {
  plan: 'lesson_plan',
  observe: 'observation',
  reflect: 'reflection',
  revise: 'lesson_plan',
  share: 'report',
};

/** Things the phase board points out. The client words them; the server finds them. */
export type CycleGap =
  | { code: 'no_plan'; round: number }
  | { code: 'no_observation'; round: number }
  | { code: 'no_reflection'; round: number; daysSinceObservation: number }
  | { code: 'not_revised'; round: number }
  | { code: 'not_shared' };

/** After this many days without a reflection, the board says so loudly. */
export const REFLECTION_OVERDUE_DAYS = 2;

const roundWord: Record<Locale, string> = { nb: 'runde', nn: 'runde', en: 'round' };

/** The next round's plan title: "Brøk på 5. trinn – runde 2" (a previous round suffix replaced). */
export function roundTitle(title: string, round: number, locale: Locale): string {
  const base = title.replace(/\s*[–-]\s*(?:runde|round)\s+\d+\s*$/iu, '').trim() || title;
  const suffix = ` – ${roundWord[locale]} ${round}`;
  return `${base.slice(0, Limits.documentTitle.max - suffix.length)}${suffix}`;
}

/**
 * The phase the team's work shows the round has reached: creating an observation, a reflection or
 * a report in the round, or ending its post-lesson discussion. The cycle only ever moves forward.
 */
export const phaseReachedBy: Partial<Record<DocumentKind | 'lesson_started' | 'meeting_ended', Phase>> = {
  observation: 'observe',
  lesson_started: 'observe',
  reflection: 'reflect',
  meeting_ended: 'revise',
  report: 'share',
};
