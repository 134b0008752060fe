import { Limits } from '../../shared/limits';
import type { Aggregate } from '../../shared/schemas/schools';

/** A count across people, shown only from the smallest group that points at nobody (DESIGN §5). */
export const aggregate = (count: number): Aggregate =>
  count >= Limits.minAggregateGroup ? { count } : { fewerThan: Limits.minAggregateGroup };
