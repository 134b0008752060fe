import { useQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { roleLabels } from '../../shared/roles';
import { api, call, toApiError } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { inviteQuery } from '../api/queries';
import { useAuth, useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageLoading, PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { LoginPage } from './LoginPage';
import { SignupPage } from './SignupPage';

const route = getRouteApi('/invite/$token');

export function InvitePage() {
  const { token } = route.useParams();
  const { t, pick, formatDateTime } = useI18n();
  const auth = useAuth();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const preview = useQuery({ ...inviteQuery(token), retry: false });
  const [mode, setMode] = useState<'signup' | 'login'>('signup');
  const accept = async () => {
    const joined = await call(api.invites[':token'].accept.$post({ param: { token } }));
    await sessionChanged();
    await navigate({ to: '/teams/$teamId', params: { teamId: joined.teamId } });
  };
  const join = useApiMutation(accept);

  if (preview.isPending) return <PageLoading />;
  if (preview.isError) {
    const gone = toApiError(preview.error).code === 'not_found';
    return (
      <main id="main" className="page narrow">
        <PageTitle>{t('invite.invalidTitle')}</PageTitle>
        {gone ? <p role="alert">{t('invite.invalid')}</p> : <ErrorMessage error={preview.error} />}
      </main>
    );
  }
  const invite = preview.data;
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('invite.heading', { team: invite.teamName })}</PageTitle>
      <p>
        {t('invite.body', { team: invite.teamName, school: invite.schoolName, role: pick(roleLabels[invite.role]) })}{' '}
        <span className="muted">({formatDateTime(invite.expiresAt)})</span>
      </p>
      {auth.status === 'signedIn' ? (
        <>
          <ErrorMessage error={join.error} />
          <button type="button" className="primary" disabled={join.isPending} onClick={() => join.mutate()}>
            {t('invite.accept')}
          </button>
        </>
      ) : auth.status === 'loading' ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <>
          <p>{t('invite.signInFirst')}</p>
          {mode === 'signup' ? (
            <SignupPage inviteToken={token} onSignedUp={accept} onLoginInstead={() => setMode('login')} />
          ) : (
            <LoginPage onSignedIn={accept} onSignupInstead={() => setMode('signup')} inviteToken={token} />
          )}
        </>
      )}
    </main>
  );
}
