import { useQuery } from '@tanstack/react-query';
import { Link, Navigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { setupQuery } from '../api/queries';
import { useAuth, useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { OidcSignIn } from '../components/OidcSignIn';
import { useI18n } from '../i18n';
import { Form } from '../components/Form';

/** `/signup`: for someone signed in already, there is nothing to do here. */
export function SignupRoutePage() {
  const auth = useAuth();
  if (auth.status === 'signedIn') return <Navigate to="/" />;
  return (
    <main id="main" className="page narrow">
      <SignupPage />
    </main>
  );
}

/** Sign-up; on an empty installation it also creates the school and the first team. */
export function SignupPage({
  inviteToken,
  onSignedUp,
  onLoginInstead,
}: {
  inviteToken?: string;
  onSignedUp?: () => Promise<void>;
  onLoginInstead?: () => void;
}) {
  const { t } = useI18n();
  const sessionChanged = useSessionChanged();
  const setup = useQuery(setupQuery());
  const [form, setForm] = useState({ name: '', email: '', password: '', school: '', team: '' });
  const firstRun = setup.data?.firstRun === true;
  const inviteOnly = setup.data !== undefined && !firstRun && setup.data.signup === 'invite' && !inviteToken;
  const signup = useApiMutation(
    () => {
      const { name, email, password, school, team } = form;
      return call(
        api.auth.signup.$post({
          json: { name, email, password, ...(firstRun ? { school, team } : {}), ...(inviteToken ? { inviteToken } : {}) },
        }),
      );
    },
    { onSuccess: () => (onSignedUp ? onSignedUp() : sessionChanged()) },
  );
  const field = (key: keyof typeof form) => ({
    name: key,
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  const submit = () => {
    signup.mutate();
  };
  return (
    <section className="panel narrow-panel" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{firstRun ? t('auth.firstRun.heading') : t('auth.signup.heading')}</h1>
      {firstRun && <p>{t('auth.firstRun.help')}</p>}
      {!firstRun && <OidcSignIn {...(inviteToken ? { invite: inviteToken, returnTo: `/invite/${inviteToken}` } : {})} />}
      {inviteOnly ? (
        <p role="alert">{t('auth.signupInviteOnly')}</p>
      ) : (
        <Form onSubmit={submit} className="stack">
          <label>
            {t('auth.name')}
            <input required autoComplete="name" maxLength={Limits.personName.max} {...field('name')} />
          </label>
          <label>
            {t('auth.email')}
            <input type="email" required autoComplete="username" maxLength={Limits.email.max} {...field('email')} />
          </label>
          <label>
            {t('auth.password')}
            <input
              type="password"
              required
              autoComplete="new-password"
              minLength={Limits.password.min}
              maxLength={Limits.password.max}
              aria-describedby="password-help"
              {...field('password')}
            />
            <span id="password-help" className="hint">
              {t('auth.passwordHelp')}
            </span>
          </label>
          {firstRun && (
            <>
              <label>
                {t('auth.school')}
                <input required maxLength={Limits.schoolName.max} {...field('school')} />
              </label>
              <label>
                {t('auth.team')}
                <input required maxLength={Limits.teamName.max} placeholder={t('teams.create.namePlaceholder')} {...field('team')} />
              </label>
            </>
          )}
          <ErrorMessage error={signup.error ?? setup.error} />
          <button type="submit" className="primary" disabled={signup.isPending || !setup.data}>
            {t('auth.signup.submit')}
          </button>
        </Form>
      )}
      {!firstRun && (
        <p>
          {t('auth.signup.haveAccount')}{' '}
          {onLoginInstead ? (
            <button type="button" className="link" onClick={onLoginInstead}>
              {t('auth.signup.toLogin')}
            </button>
          ) : (
            <Link to="/">{t('auth.signup.toLogin')}</Link>
          )}
        </p>
      )}
    </section>
  );
}
