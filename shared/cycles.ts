import type { DocumentKind } from './document-kinds';
import type { Localized } from './locale';

/** The lesson-study cycle, in order. */
export const Phases = ['plan', 'observe', 'reflect', 'revise', 'share'] as const;
export type Phase = (typeof Phases)[number];

export const phaseLabels: Record<Phase, Localized> = {
  plan: { nb: 'Planlegge', en: 'Plan' },
  observe: { nb: 'Observere', en: 'Observe' },
  reflect: { nb: 'Reflektere', en: 'Reflect' },
  revise: { nb: 'Revidere', en: 'Revise' },
  share: { nb: 'Dele', en: 'Share' },
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
