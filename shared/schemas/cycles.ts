import { z } from 'zod';
import { type CycleGap, type Phase, Phases } from '../cycles';
import { Limits } from '../limits';
import { Locales } from '../locale';
import type { DocumentSummary } from './documents';
import type { CycleOrigin } from './library';

export const tagsField = z.array(z.string().trim().min(1).max(Limits.tag.max)).max(Limits.tag.maxPerItem);

export const createCycleBody = z.strictObject({
  title: z.string().trim().min(1).max(Limits.documentTitle.max),
  researchQuestion: z.string().trim().max(Limits.researchQuestion.max).default(''),
  tags: tagsField.default([]),
  plannedRounds: z.number().int().min(1).max(Limits.cycle.maxRounds).default(3),
});
export type CreateCycleBody = z.infer<typeof createCycleBody>;

export const updateCycleBody = z
  .strictObject({
    title: z.string().trim().min(1).max(Limits.documentTitle.max),
    researchQuestion: z.string().trim().max(Limits.researchQuestion.max),
    tags: tagsField,
    phase: z.enum(Phases),
    plannedRounds: z.number().int().min(1).max(Limits.cycle.maxRounds),
  })
  .partial();

/** Starting the next round; the new plan's title is worded in `locale`. */
export const advanceCycleBody = z.strictObject({ locale: z.enum(Locales).optional() });

export interface Cycle {
  id: string;
  teamId: string;
  title: string;
  researchQuestion: string;
  tags: string[];
  phase: Phase;
  round: number;
  plannedRounds: number;
  createdAt: string;
  updatedAt: string;
  /** When the cycle was closed (null while it runs): the retention clock starts here. */
  closedAt: string | null;
  /** Days raw observation notes are kept after closing (shared/privacy.ts). */
  observationRetentionDays: number;
  /** When the observation notes will be deleted (null while the cycle runs). */
  observationsDeleteAt: string | null;
  /** When retention deleted them, if it has. */
  observationsDeletedAt: string | null;
}

export interface CycleBoard {
  cycle: Cycle;
  /** Documents of the cycle, per round and phase. */
  rounds: Array<{ round: number; phases: Record<Phase, DocumentSummary[]> }>;
  gaps: CycleGap[];
  /** Started from a published copy in the library: where it came from. */
  origin: CycleOrigin | null;
}

export interface CycleSummary extends Cycle {
  gaps: CycleGap[];
}
