import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { NotificationKind } from '../../shared/account';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { ErrorMessage } from '../app/ErrorMessage';
import { useLinkToken } from '../app/link-token';
import { PageLoading, PageTitle } from '../app/PageStates';
import { type MessageKey, useI18n } from '../i18n';

export const kindLabels: Record<NotificationKind, MessageKey> = {
  mentions: 'notifications.mentions',
  comments: 'notifications.comments',
  tasks: 'notifications.tasks',
  digest: 'notifications.digest',
};

/** The unsubscribe link in every notification mail: works without signing in. */
export function UnsubscribePage() {
  const { t } = useI18n();
  const token = useLinkToken() ?? '';
  const preview = useQuery({
    queryKey: ['unsubscribe', token],
    queryFn: () => call(api.account.unsubscribe.$get({ query: { token } })),
    enabled: token !== '',
    retry: false,
  });
  const stop = useApiMutation(() => call(api.account.unsubscribe.$post({ query: { token } })));
  if (token && preview.isPending) return <PageLoading />;
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('unsubscribe.heading')}</PageTitle>
      {!token && <p role="alert">{t('error.link_invalid')}</p>}
      <ErrorMessage error={preview.error} />
      {preview.data &&
        (stop.isSuccess ? (
          <p role="status" className="notice">
            {t('unsubscribe.done')}
          </p>
        ) : (
          <>
            <p>{t('unsubscribe.confirm')}</p>
            <ul>
              {preview.data.kinds.map((kind) => (
                <li key={kind}>{t(kindLabels[kind])}</li>
              ))}
            </ul>
            <ErrorMessage error={stop.error} />
            <button type="button" className="primary" disabled={stop.isPending} onClick={() => stop.mutate()}>
              {t('unsubscribe.submit')}
            </button>
          </>
        ))}
      <p>
        <Link to="/account/notifications">{t('account.notifications.link')}</Link>
      </p>
    </main>
  );
}
