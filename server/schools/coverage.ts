import { FocusAreas, type FocusArea, isFocusArea, isOutcome, type Outcome, Outcomes } from '../../shared/focus-areas';
import type { Coverage } from '../../shared/schemas/schools';

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * Which focus areas (Hva) and outcomes (Hvorfor) a school's cycles (Hvordan) address: each cycle
 * by its own tags and its team's focus areas.
 */
export function coverageOf(cycles: Array<{ tags: string[]; teamFocusTags: string[] }>): Coverage {
  const coverage: Coverage = {
    cycles: cycles.length,
    focusAreas: zeros(FocusAreas),
    outcomes: zeros(Outcomes),
    matrix: Object.fromEntries(Outcomes.map((o) => [o, zeros(FocusAreas)])) as Record<Outcome, Record<FocusArea, number>>,
    untagged: 0,
  };
  for (const cycle of cycles) {
    const tags = new Set([...cycle.tags, ...cycle.teamFocusTags]);
    const areas = [...tags].filter(isFocusArea);
    const outcomes = [...tags].filter(isOutcome);
    if (areas.length === 0 && outcomes.length === 0) coverage.untagged++;
    for (const a of areas) coverage.focusAreas[a]++;
    for (const o of outcomes) {
      coverage.outcomes[o]++;
      for (const a of areas) coverage.matrix[o][a]++;
    }
  }
  return coverage;
}
