import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';

export function LoginPage({ onSignedIn, onSignupInstead }: { onSignedIn?: () => Promise<void>; onSignupInstead?: () => void }) {
  const { t } = useI18n();
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
