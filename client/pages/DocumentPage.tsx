import { useMemo } from 'react';
import { documentKindLabels } from '../../shared/document-kinds';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { colorFor, useMe } from '../app/auth';
import { Link } from '../app/router';
import { CollabEditor } from '../editor/CollabEditor';
import { PresenceList } from '../editor/PresenceList';
import { SyncStatus } from '../editor/SyncStatus';
import { useCollabSession } from '../editor/use-collab-session';
import { useI18n } from '../i18n';

export function DocumentPage({ documentId }: { documentId: string }) {
  const { t, pick } = useI18n();
  const { user } = useMe();
  const identity = useMemo(() => ({ name: user.name, color: colorFor(user.id) }), [user]);
  const meta = useQuery(documentId, () => call(api.documents[':documentId'].$get({ param: { documentId } })));
  const live = useCollabSession(documentId, identity);

  if (meta.status === 'error' || live.status === 'not_found') {
    return (
      <main id="main" className="page">
        <p role="alert">{t('document.notFound')}</p>
        <Link href="/">{t('nav.home')}</Link>
      </main>
    );
  }
  const doc = meta.status === 'ready' ? meta.data : null;
  return (
    <main id="main" className="page wide">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href="/">{t('nav.home')}</Link>
        {doc && (
          <>
            {' / '}
            <Link href={`/teams/${doc.teamId}`}>{t('team.documents')}</Link>
          </>
        )}
      </nav>
      <header className="doc-header">
        <div>
          <h1>{doc?.title ?? t('common.loading')}</h1>
          {doc && <p className="muted">{pick(documentKindLabels[doc.kind])}</p>}
        </div>
        <div className="doc-meta">
          <SyncStatus status={live.status} unsaved={live.unsaved} />
          <PresenceList presence={live.presence} />
        </div>
      </header>
      {doc && doc.access !== 'edit' && (
        <p className="notice" role="note">
          {t('document.readOnlyNotice')}
        </p>
      )}
      {live.session && doc && <CollabEditor session={live.session} user={identity} editable={doc.access === 'edit'} />}
    </main>
  );
}
