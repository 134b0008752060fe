import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n';

/** The breadcrumb of a page inside a team: the team, then whatever the page adds. */
export function TeamCrumbs({ team, children }: { team: { id: string; name: string }; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <nav aria-label={t('nav.breadcrumb')} className="crumbs">
      <Link to="/teams/$teamId" params={{ teamId: team.id }}>
        {team.name}
      </Link>
      {children}
    </nav>
  );
}
