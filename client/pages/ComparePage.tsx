import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { compareQuery, documentQuery, versionsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { StaticDocument } from '../editor/StaticDocument';
import { useI18n } from '../i18n';
import { useVersionName } from '../versions/VersionsPanel';

const route = getRouteApi('/documents/$documentId/compare');

/** Two versions of a document side by side in one text, the page's full width: what was added and removed. */
export function ComparePage() {
  const { documentId } = route.useParams();
  // Without (valid) ends, the comparison is of the current content with itself.
  const { from = 'current', to = 'current' } = route.useSearch();
  const { t } = useI18n();
  const versionName = useVersionName();
  const doc = useSuspenseQuery(documentQuery(documentId)).data;
  const versions = useQuery(versionsQuery(documentId));
  const comparison = useQuery(compareQuery(documentId, from, to));
  const label = (id: string) => {
    if (id === 'current') return t('versions.current');
    const version = versions.data?.find((v) => v.id === id);
    return version ? versionName(version) : '…';
  };
  return (
    <main id="main" className="page wide compare-page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link to="/documents/$documentId" params={{ documentId }}>
          {t('compare.back')}
        </Link>
      </nav>
      <PageTitle>{t('compare.heading', { title: doc.title })}</PageTitle>
      <p>
        <strong>{t('versions.comparing', { from: label(from), to: label(to) })}</strong>
      </p>
      <ErrorMessage error={comparison.error} />
      {comparison.isPending ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        comparison.data && (
          <>
            <p className="muted" data-testid="diff-summary">
              {t('versions.changes', {
                added: t('versions.words', { count: comparison.data.added }),
                removed: t('versions.words', { count: comparison.data.removed }),
              })}
            </p>
            <div className="editor">
              <StaticDocument doc={comparison.data.doc} label={t('compare.heading', { title: doc.title })} />
            </div>
          </>
        )
      )}
    </main>
  );
}
