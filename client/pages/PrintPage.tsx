import { useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { documentKindLabels } from '../../shared/document-kinds';
import { documentQuery } from '../api/queries';
import { colorFor, useMe } from '../app/auth';
import { PageTitle } from '../app/PageStates';
import { CollabEditor } from '../editor/CollabEditor';
import { useCollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';

const route = getRouteApi('/documents/$documentId/print');

/** The document alone, laid out for paper or PDF. */
export function PrintPage() {
  const { documentId } = route.useParams();
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const doc = useSuspenseQuery(documentQuery(documentId)).data;
  const live = useCollabSession(documentId, identity);
  return (
    <main id="main" className="page print-page">
      <div className="no-print row">
        <Link to="/documents/$documentId" params={{ documentId }}>
          {t('common.back')}
        </Link>
        <button type="button" className="primary" onClick={() => window.print()}>
          {t('document.printNow')}
        </button>
      </div>
      <PageTitle>{doc.title}</PageTitle>
      <p className="muted">{pick(documentKindLabels[doc.kind])}</p>
      {live.session && <CollabEditor session={live.session} user={identity} editable={false} />}
    </main>
  );
}
