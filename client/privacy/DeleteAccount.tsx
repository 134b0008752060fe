import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, ApiError, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { useLogout } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { useI18n } from '../i18n';

/**
 * Deleting one's own account, on the account page: confirmed with the password, or, for an
 * account that signs in only through the identity provider, by typing the e-mail address.
 */
export function DeleteAccount({ hasPassword, email }: { hasPassword: boolean; email: string }) {
  const { t } = useI18n();
  const logout = useLogout();
  const navigate = useNavigate();
  const [typed, setTyped] = useState('');
  const remove = useApiMutation(() => call(api.auth.me.$delete({ json: hasPassword ? { password: typed } : { confirm: typed } })), {
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
    <section aria-labelledby="delete-account" className="panel danger">
      <h2 id="delete-account">{t('account.delete.heading')}</h2>
      <p>{t('account.delete.help')}</p>
      <form onSubmit={submit} className="stack danger-zone">
        <label>
          {hasPassword ? t('account.delete.password') : t('account.delete.confirmEmail', { email })}
          <input
            type={hasPassword ? 'password' : 'text'}
            name="delete-confirm"
            autoComplete={hasPassword ? 'current-password' : 'off'}
            required
            maxLength={hasPassword ? Limits.password.max : Limits.email.max}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
          />
        </label>
        <button type="submit" className="danger" disabled={!typed || (!hasPassword && typed.trim().toLowerCase() !== email) || remove.isPending}>
          {t('account.delete.button')}
        </button>
      </form>
      {blocking.length > 0 ? (
        <p role="alert">{t('account.delete.blocked', { teams: blocking.map((team) => team.name).join(', ') })}</p>
      ) : (
        <ErrorMessage error={remove.error} />
      )}
    </section>
  );
}
