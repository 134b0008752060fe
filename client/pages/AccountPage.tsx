import { Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, ApiError, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { useLogout, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';

/** The person's own account: what is kept about them, and deleting it. */
export function AccountPage() {
  const { t } = useI18n();
  const me = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const [password, setPassword] = useState('');
  const remove = useApiMutation(() => call(api.auth.me.$delete({ json: { password } })), {
    // The server ended the session; what this person left on the device goes too.
    onSuccess: async () => {
      await logout();
      await navigate({ to: '/' });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    remove.mutate();
  };
  // The server names the teams that still need another leader.
  const blocking =
    remove.error instanceof ApiError && remove.error.code === 'conflict' ? ((remove.error.details as { teams?: Array<{ name: string }> } | undefined)?.teams ?? []) : [];
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('account.heading')}</PageTitle>
      <p>{t('account.stored', { name: me.user.name, email: me.user.email })}</p>
      <p>
        <Link to="/privacy">{t('privacy.heading')}</Link>
      </p>
      <section aria-labelledby="delete-account" className="panel danger">
        <h2 id="delete-account">{t('account.delete.heading')}</h2>
        <p>{t('account.delete.help')}</p>
        <form onSubmit={submit} className="stack danger-zone">
          <label>
            {t('account.delete.password')}
            <input type="password" name="password" autoComplete="current-password" required maxLength={Limits.password.max} value={password} onChange={(e) => setPassword(e.target.value)} />
          </label>
          <button type="submit" className="danger" disabled={!password || remove.isPending}>
            {t('account.delete.button')}
          </button>
        </form>
        {blocking.length > 0 ? (
          <p role="alert">{t('account.delete.blocked', { teams: blocking.map((team) => team.name).join(', ') })}</p>
        ) : (
          <ErrorMessage error={remove.error} />
        )}
      </section>
    </main>
  );
}
