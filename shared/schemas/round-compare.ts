import { z } from 'zod';

/** Which round the plan is compared against (1 unless asked). */
export const roundCompareQuery = z.object({ base: z.coerce.number().int().min(1).max(20).default(1) });

export type DiffOp = 'same' | 'added' | 'removed';
export interface DiffPart {
  op: DiffOp;
  text: string;
}

/** A finding a change is linked to: by a finding link in the changed text, or by evidence about the row. */
export interface LinkedFinding {
  reflectionId: string | null;
  text: string;
}

export interface RoundChange {
  block: 'lessonFlow' | 'casePupils' | 'observationFocus';
  rowId: string | null;
  /** Where the row is in the newer plan (in the older one for a removed row), from 0. */
  index: number;
  status: 'added' | 'removed' | 'changed';
  /** The row's first field (the activity, the pupil's code) as it reads now, or did. */
  title: string;
  /** The fields that differ (every non-empty field of an added or removed row), word by word. */
  fields: Array<{ name: string; parts: DiffPart[] }>;
  findings: LinkedFinding[];
}

/** The plan of a later round against an earlier one, block by block. */
export interface RoundComparison {
  from: { planId: string; title: string; round: number };
  to: { planId: string; title: string; round: number };
  changes: RoundChange[];
  /** Rows present in both and unchanged. */
  unchanged: number;
}
