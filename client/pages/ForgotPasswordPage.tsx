import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { Form } from '../components/Form';
import { useI18n } from '../i18n';

/** "Glemt passord?": the answer is the same whether or not the address has an account. */
export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const ask = useApiMutation(() => call(api.auth['password-reset'].$post({ json: { email } })));
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('auth.forgot.heading')}</PageTitle>
      {ask.isSuccess ? (
        <p role="status" className="notice">
          {t('auth.forgot.sent', { email })}
        </p>
      ) : (
        <Form onSubmit={() => ask.mutate()} className="stack">
          <p>{t('auth.forgot.help')}</p>
          <label>
            {t('auth.email')}
            <input name="email" type="email" autoComplete="username" required maxLength={Limits.email.max} value={email} onChange={(e) => setEmail(e.target.value)} />
          </label>
          <ErrorMessage error={ask.error} />
          <button type="submit" className="primary" disabled={ask.isPending}>
            {t('auth.forgot.submit')}
          </button>
        </Form>
      )}
      <p>
        <Link to="/">{t('auth.forgot.back')}</Link>
      </p>
    </main>
  );
}
