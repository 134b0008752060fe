import { type CycleGap, REFLECTION_OVERDUE_DAYS } from '../../shared/cycles';
import { useI18n } from '../i18n';

export function useGapText() {
  const { t } = useI18n();
  return (gap: CycleGap): string => {
    switch (gap.code) {
      case 'no_reflection':
        return gap.daysSinceObservation === 0
          ? t('gap.no_reflection_today', { round: gap.round })
          : t('gap.no_reflection', { round: gap.round, count: gap.daysSinceObservation });
      case 'not_shared':
        return t('gap.not_shared');
      case 'no_plan':
        return t('gap.no_plan', { round: gap.round });
      case 'no_observation':
        return t('gap.no_observation', { round: gap.round });
      case 'not_revised':
        return t('gap.not_revised', { round: gap.round });
    }
  };
}

export function GapList({ gaps }: { gaps: CycleGap[] }) {
  const text = useGapText();
  if (gaps.length === 0) return null;
  return (
    <ul className="gaps">
      {gaps.map((gap) => (
        <li
          key={JSON.stringify(gap)}
          className={gap.code === 'no_reflection' && gap.daysSinceObservation >= REFLECTION_OVERDUE_DAYS ? 'gap overdue' : 'gap'}
          data-gap={gap.code}
        >
          {text(gap)}
        </li>
      ))}
    </ul>
  );
}
