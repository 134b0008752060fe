import type { Aggregate } from '../../shared/schemas/schools';
import type { MessageKey, Translate } from '../i18n';

/** A count across people, or "fewer than n" when the group is too small to show (it could point at someone). */
export function aggregateText(t: Translate, value: Aggregate, key: MessageKey, fewerKey: MessageKey): string {
  return 'count' in value ? t(key, { count: value.count }) : t(fewerKey, { count: value.fewerThan });
}
