import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { schoolsQuery } from '../api/queries';
import { useI18n } from '../i18n';

/** On the home page: my tasks, the library, and the overview of each school I lead. */
export function BeyondTheTeam() {
  const { t } = useI18n();
  const led = (useQuery(schoolsQuery()).data ?? []).filter((s) => s.leader);
  return (
    <nav className="row beyond" aria-label={t('beyond.label')}>
      <Link to="/me/tasks" className="button">
        {t('tasks.link')}
      </Link>
      <Link to="/library" className="button">
        {t('library.link')}
      </Link>
      {led.map((school) => (
        <Link key={school.id} to="/schools/$schoolId" params={{ schoolId: school.id }} className="button">
          {t('school.link', { school: school.name })}
        </Link>
      ))}
    </nav>
  );
}
