import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n';
import { retentionQuery } from './queries';

/** For leaders: observation notes that will be deleted within the week, with a way to export first. */
export function RetentionWarning({ teamId }: { teamId: string }) {
  const { t, formatDateTime } = useI18n();
  const pending = useQuery(retentionQuery(teamId));
  const soon = pending.data?.pending.filter((p) => p.soon) ?? [];
  if (soon.length === 0) return null;
  return (
    <div className="notice warning" role="status" data-testid="retention-warning">
      <ul className="plain">
        {soon.map((p) => (
          <li key={p.cycleId}>{t('data.retention.warning', { title: p.title, date: formatDateTime(p.deletesAt) })}</li>
        ))}
      </ul>
      <Link to="/teams/$teamId/data" params={{ teamId }}>
        {t('data.export.heading')}
      </Link>
    </div>
  );
}
