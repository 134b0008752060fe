import { useState } from 'react';
import { roleLabels } from '../../shared/roles';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAuth } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { navigate } from '../app/router';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';
import { LoginPage } from './LoginPage';
import { SignupPage } from './SignupPage';

export function InvitePage({ token }: { token: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const { state, refresh } = useAuth();
  const preview = useQuery(token, () => call(api.invites[':token'].$get({ param: { token } })));
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  const accept = async () => {
    const joined = await call(api.invites[':token'].accept.$post({ param: { token } }));
    await refresh();
    navigate(`/teams/${joined.teamId}`);
  };
  const join = useAction(accept);

  if (preview.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (preview.status === 'error') {
    return (
      <main id="main" className="page narrow">
        <p role="alert">{t('invite.invalid')}</p>
      </main>
    );
  }
  const invite = preview.data;
  return (
    <main id="main" className="page narrow">
      <h1>{t('invite.heading', { team: invite.teamName })}</h1>
      <p>
        {t('invite.body', { team: invite.teamName, school: invite.schoolName, role: pick(roleLabels[invite.role]) })}{' '}
        <span className="muted">({formatDateTime(invite.expiresAt)})</span>
      </p>
      {state.status === 'signedIn' ? (
        <>
          <ErrorMessage error={join.error} />
          <button type="button" className="primary" disabled={join.busy} onClick={() => void join.run()}>
            {t('invite.accept')}
          </button>
        </>
      ) : (
        <>
          <p>{t('invite.signInFirst')}</p>
          {mode === 'signup' ? (
            <SignupPage inviteToken={token} onSignedUp={accept} onLoginInstead={() => setMode('login')} />
          ) : (
            <LoginPage onSignedIn={accept} onSignupInstead={() => setMode('signup')} />
          )}
        </>
      )}
    </main>
  );
}
