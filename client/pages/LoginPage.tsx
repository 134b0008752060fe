import { Link, useRouterState } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { OidcError, OidcSignIn } from '../components/OidcSignIn';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';

/** `?oidc_error=…`: the provider sent the person back here after a failed sign-in. */
export const useOidcFailure = () =>
  useRouterState({ select: (s) => (s.location.search as Record<string, unknown>).oidc_error as string | undefined });

export function LoginPage({
  onSignedIn,
  onSignupInstead,
  inviteToken,
}: {
  onSignedIn?: () => Promise<void>;
  onSignupInstead?: () => void;
  /** Signing in from an invitation: the provider's sign-in accepts it too. */
  inviteToken?: string;
}) {
  const { t } = useI18n();
  const failure = useOidcFailure();
  const here = useRouterState({ select: (s) => s.location.pathname });
  const sessionChanged = useSessionChanged();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useApiMutation(() => call(api.auth.login.$post({ json: { email, password } })), {
    onSuccess: () => (onSignedIn ? onSignedIn() : sessionChanged()),
  });
  const submit = () => {
    login.mutate();
  };
  return (
    <section className="panel narrow-panel" aria-labelledby="login-heading">
      <h1 id="login-heading">{t('auth.login.heading')}</h1>
      <OidcError failure={failure} />
      <OidcSignIn returnTo={here === '/login' ? '/' : here} {...(inviteToken ? { invite: inviteToken } : {})} />
      <Form onSubmit={submit} className="stack">
        <label>
          {t('auth.email')}
          <input name="email" type="email" autoComplete="username" required maxLength={Limits.email.max} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorMessage error={login.error} />
        <button type="submit" className="primary" disabled={login.isPending}>
          {t('auth.login.submit')}
        </button>
      </Form>
      <p>
        <Link to="/forgot-password">{t('auth.forgot.link')}</Link>
      </p>
      <p>
        {t('auth.login.noAccount')}{' '}
        {onSignupInstead ? (
          <button type="button" className="link" onClick={onSignupInstead}>
            {t('auth.login.toSignup')}
          </button>
        ) : (
          <Link to="/signup">{t('auth.login.toSignup')}</Link>
        )}
      </p>
    </section>
  );
}
