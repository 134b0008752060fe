import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { accountQuery, keys, setupQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageLoading, PageTitle } from '../app/PageStates';
import { Form } from '../components/Form';
import { NewPasswordField } from '../components/NewPasswordField';
import { OidcError } from '../components/OidcSignIn';
import { useI18n } from '../i18n';
import { DeleteAccount } from '../privacy/DeleteAccount';

const route = getRouteApi('/account');

/** How I sign in: my password, and the identity provider (Feide) linked to my account. */
export function AccountPage() {
  const { t } = useI18n();
  const { linked, oidc_error: failure } = route.useSearch();
  const account = useQuery(accountQuery());
  const setup = useQuery(setupQuery());
  if (account.isPending) return <PageLoading />;
  if (account.isError) throw account.error;
  const { user, hasPassword, identities } = account.data;
  const provider = setup.data?.oidc?.name;
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('account.heading')}</PageTitle>
      <p>{t('account.email', { name: user.name, email: user.email })}</p>
      <p>
        <Link to="/account/notifications">{t('account.notifications.link')}</Link>
      </p>
      {provider && (
        <section className="panel" aria-labelledby="identities-heading">
          <h2 id="identities-heading">{t('account.identities.heading', { name: provider })}</h2>
          {linked && (
            <p role="status" className="ok">
              {t('account.identities.linked', { name: provider })}
            </p>
          )}
          <OidcError failure={failure} />
          <Identities identities={identities} provider={provider} canRemoveLast={hasPassword} />
        </section>
      )}
      <PasswordForm hasPassword={hasPassword} provider={provider ?? ''} />
      <p>
        <Link to="/privacy">{t('privacy.heading')}</Link>
      </p>
      <DeleteAccount hasPassword={hasPassword} email={user.email} />
    </main>
  );
}

function Identities({ identities, provider, canRemoveLast }: { identities: Array<{ id: string; feideId: string | null; lastLoginAt: string }>; provider: string; canRemoveLast: boolean }) {
  const { t, formatDateTime } = useI18n();
  const unlink = useApiMutation((identityId: string) => call(api.account.identities[':identityId'].$delete({ param: { identityId } })), {
    invalidate: [keys.account],
  });
  const locked = identities.length === 1 && !canRemoveLast;
  if (identities.length === 0) {
    return (
      <>
        <p>{t('account.identities.none', { name: provider })}</p>
        <a className="button primary" href="/api/auth/oidc/start?link=1">
          {t('account.identities.connect', { name: provider })}
        </a>
      </>
    );
  }
  return (
    <>
      <ul>
        {identities.map((identity) => (
          <li key={identity.id} className="row">
            <span>{t('account.identities.item', { name: provider, id: identity.feideId ?? '–', date: formatDateTime(identity.lastLoginAt) })}</span>
            <button type="button" disabled={locked || unlink.isPending} aria-describedby={locked ? 'unlink-help' : undefined} onClick={() => unlink.mutate(identity.id)}>
              {t('account.identities.disconnect')}
            </button>
          </li>
        ))}
      </ul>
      {locked && (
        <p id="unlink-help" className="muted">
          {t('account.identities.needPassword')}
        </p>
      )}
      <ErrorMessage error={unlink.error} />
    </>
  );
}

/** Change the password, or choose a first one for an account that signs in with the provider. */
function PasswordForm({ hasPassword, provider }: { hasPassword: boolean; provider: string }) {
  const { t } = useI18n();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useApiMutation(
    () => call(api.auth.password.$post({ json: { ...(hasPassword ? { currentPassword: current } : {}), newPassword: next } })),
    {
      invalidate: [keys.account],
      onSuccess: () => {
        setCurrent('');
        setNext('');
      },
    },
  );
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">{t('account.password.heading')}</h2>
      {!hasPassword && <p>{t('account.password.none', { name: provider })}</p>}
      <Form onSubmit={() => change.mutate()} className="stack">
        {hasPassword && (
          <label>
            {t('account.password.current')}
            <input name="current-password" type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />
          </label>
        )}
        <NewPasswordField label={t('account.password.new')} value={next} onChange={setNext} />
        <ErrorMessage error={change.error} />
        {change.isSuccess && (
          <p role="status" className="ok">
            {t('account.password.changed')}
          </p>
        )}
        <button type="submit" className="primary" disabled={change.isPending}>
          {hasPassword ? t('account.password.submit') : t('account.password.set')}
        </button>
      </Form>
    </section>
  );
}
