import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { useLinkToken } from '../app/link-token';
import { PageTitle } from '../app/PageStates';
import { Form } from '../components/Form';
import { NewPasswordField } from '../components/NewPasswordField';
import { useI18n } from '../i18n';

/** The page a reset link opens: choose a new password, and be signed in with it. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const token = useLinkToken();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const [password, setPassword] = useState('');
  const reset = useApiMutation(() => call(api.auth['password-reset'].confirm.$post({ json: { token: token ?? '', password } })), {
    onSuccess: async () => {
      await sessionChanged();
      await navigate({ to: '/' });
    },
  });
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('auth.reset.heading')}</PageTitle>
      {token ? (
        <Form onSubmit={() => reset.mutate()} className="stack">
          <NewPasswordField label={t('auth.reset.password')} value={password} onChange={setPassword} describedBy="reset-help" />
          <p id="reset-help" className="muted">
            {t('auth.reset.help', { min: Limits.password.min })}
          </p>
          <ErrorMessage error={reset.error} />
          <button type="submit" className="primary" disabled={reset.isPending}>
            {t('auth.reset.submit')}
          </button>
        </Form>
      ) : (
        <p role="alert">{t('auth.reset.noToken')}</p>
      )}
      {(!token || reset.isError) && (
        <p>
          <Link to="/forgot-password">{t('auth.reset.askAgain')}</Link>
        </p>
      )}
    </main>
  );
}
