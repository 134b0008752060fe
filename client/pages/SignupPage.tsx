import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAuth } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link } from '../app/router';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';

/** Sign-up; on an empty installation it also creates the school and the first team. */
export function SignupPage({
  inviteToken,
  loginHref = '/',
  onSignedUp,
  onLoginInstead,
}: {
  inviteToken?: string;
  loginHref?: string;
  onSignedUp?: () => Promise<void>;
  onLoginInstead?: () => void;
}) {
  const { t } = useI18n();
  const { refresh } = useAuth();
  const setup = useQuery('setup', () => call(api.auth.setup.$get()));
  const [form, setForm] = useState({ name: '', email: '', password: '', school: '', team: '' });
  const firstRun = setup.status === 'ready' && setup.data.firstRun;
  const inviteOnly = setup.status === 'ready' && !firstRun && setup.data.signup === 'invite' && !inviteToken;
  const signup = useAction(async () => {
    const { name, email, password, school, team } = form;
    await call(
      api.auth.signup.$post({
        json: { name, email, password, ...(firstRun ? { school, team } : {}), ...(inviteToken ? { inviteToken } : {}) },
      }),
    );
    if (onSignedUp) await onSignedUp();
    else await refresh();
  });
  const field = (key: keyof typeof form) => ({
    name: key,
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signup.run();
  };
  return (
    <section className="panel narrow-panel" aria-labelledby="signup-heading">
      <h1 id="signup-heading">{firstRun ? t('auth.firstRun.heading') : t('auth.signup.heading')}</h1>
      {firstRun && <p>{t('auth.firstRun.help')}</p>}
      {inviteOnly ? (
        <p role="alert">{t('auth.signupInviteOnly')}</p>
      ) : (
        <form onSubmit={submit} className="stack">
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
          <ErrorMessage error={signup.error} />
          <button type="submit" className="primary" disabled={signup.busy || setup.status !== 'ready'}>
            {t('auth.signup.submit')}
          </button>
        </form>
      )}
      {!firstRun && (
        <p>
          {t('auth.signup.haveAccount')}{' '}
          {onLoginInstead ? (
            <button type="button" className="link" onClick={onLoginInstead}>
              {t('auth.signup.toLogin')}
            </button>
          ) : (
            <Link href={loginHref}>{t('auth.signup.toLogin')}</Link>
          )}
        </p>
      )}
    </section>
  );
}
