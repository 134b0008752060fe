import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useAuth } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';

export function LoginPage({
  signupHref = '/signup',
  onSignedIn,
  onSignupInstead,
}: {
  signupHref?: string;
  onSignedIn?: () => Promise<void>;
  onSignupInstead?: () => void;
}) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useAction(async () => {
    await call(api.auth.login.$post({ json: { email, password } }));
    if (onSignedIn) await onSignedIn();
    else await refresh();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login.run();
  };
  return (
    <section className="panel narrow-panel" aria-labelledby="login-heading">
      <h1 id="login-heading">{t('auth.login.heading')}</h1>
      <form onSubmit={submit} className="stack">
        <label>
          {t('auth.email')}
          <input name="email" type="email" autoComplete="username" required maxLength={Limits.email.max} value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          {t('auth.password')}
          <input name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        <ErrorMessage error={login.error} />
        <button type="submit" className="primary" disabled={login.busy}>
          {t('auth.login.submit')}
        </button>
      </form>
      <p>
        {t('auth.login.noAccount')}{' '}
        {onSignupInstead ? (
          <button type="button" className="link" onClick={onSignupInstead}>
            {t('auth.login.toSignup')}
          </button>
        ) : (
          <Link href={signupHref}>{t('auth.login.toSignup')}</Link>
        )}
      </p>
    </section>
  );
}
