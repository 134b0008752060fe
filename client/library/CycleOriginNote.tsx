import { Link } from '@tanstack/react-router';
import type { CycleOrigin } from '../../shared/schemas/library';
import { useI18n } from '../i18n';

/** Where a cycle started from the library came from (a withdrawn origin is named, not linked). */
export function CycleOriginNote({ origin }: { origin: CycleOrigin | null }) {
  const { t } = useI18n();
  if (!origin) return null;
  const from = t('library.origin', { team: origin.teamName, school: origin.schoolName });
  return (
    <p className="muted" data-testid="cycle-origin">
      {from}{' '}
      {origin.withdrawn ? (
        <span>
          «{origin.title}» ({t('library.originWithdrawn')})
        </span>
      ) : (
        <Link to="/library/$publishedId" params={{ publishedId: origin.publishedId }}>
          «{origin.title}»
        </Link>
      )}
    </p>
  );
}
