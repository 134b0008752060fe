import { useQuery } from '@tanstack/react-query';
import { type OidcFailure, OidcFailures } from '../../shared/account';
import { setupQuery } from '../api/queries';
import { type MessageKey, useI18n } from '../i18n';

/**
 * "Logg inn med Feide": a plain link, since the sign-in is a round trip through the provider's
 * pages. Nothing shows when no provider is set up.
 */
export function OidcSignIn({ returnTo, invite }: { returnTo?: string; invite?: string }) {
  const { t } = useI18n();
  const setup = useQuery(setupQuery());
  const provider = setup.data?.oidc;
  if (!provider) return null;
  const query = new URLSearchParams({ ...(returnTo ? { returnTo } : {}), ...(invite ? { invite } : {}) }).toString();
  return (
    <div className="oidc-signin stack">
      <a className="button primary oidc-button" href={`/api/auth/oidc/start${query ? `?${query}` : ''}`}>
        {t('auth.oidc.button', { name: provider.name })}
      </a>
      <p className="muted">{t('auth.oidc.or')}</p>
    </div>
  );
}

/** Why the last sign-in through the provider failed (`?oidc_error=…` on the page it returned to). */
export function OidcError({ failure }: { failure: string | undefined }) {
  const { t } = useI18n();
  const setup = useQuery(setupQuery());
  const known = OidcFailures.find((f) => f === failure);
  if (!known) return null;
  return (
    <p role="alert" className="error">
      {t(failureMessages[known], { name: setup.data?.oidc?.name ?? 'Feide' })}
    </p>
  );
}

const failureMessages: Record<OidcFailure, MessageKey> = {
  unavailable: 'auth.oidc.error.unavailable',
  denied: 'auth.oidc.error.denied',
  failed: 'auth.oidc.error.failed',
  expired: 'auth.oidc.error.expired',
  email_missing: 'auth.oidc.error.email_missing',
  link_required: 'auth.oidc.error.link_required',
  signup_closed: 'auth.oidc.error.signup_closed',
  already_linked: 'auth.oidc.error.already_linked',
};
