import { useQuery } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, networkInviteQuery, schoolsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';

const route = getRouteApi('/networks/join/$token');

/** An invitation into a network of schools: a leader of another school brings their school in. */
export function NetworkJoinPage() {
  const { token } = route.useParams();
  const { t, formatDateTime } = useI18n();
  const navigate = useNavigate();
  const invite = useQuery(networkInviteQuery(token));
  const led = (useQuery(schoolsQuery()).data ?? []).filter((s) => s.leader);
  const [schoolId, setSchoolId] = useState('');
  const chosen = schoolId || led[0]?.id || '';
  const accept = useApiMutation(() => call(api['network-invites'][':token'].accept.$post({ param: { token }, json: { schoolId: chosen } })), {
    invalidate: [keys.networks, keys.library, keys.school(chosen)],
    onSuccess: () => navigate({ to: '/schools/$schoolId', params: { schoolId: chosen } }),
  });
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('network.joinHeading')}</PageTitle>
      {invite.isPending && <p role="status">{t('common.loading')}</p>}
      <ErrorMessage error={invite.error} />
      {invite.data && (
        <>
          <p>{t('network.joinText', { network: invite.data.networkName, schools: invite.data.schools.join(', ') })}</p>
          <p className="muted small">{t('network.joinExpires', { date: formatDateTime(invite.data.expiresAt) })}</p>
          {led.length === 0 ? (
            <p className="notice">{t('network.joinNotLeader')}</p>
          ) : (
            <div className="stack">
              <label>
                {t('network.joinSchool')}
                <select value={chosen} onChange={(e) => setSchoolId(e.target.value)}>
                  {led.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <ErrorMessage error={accept.error} />
              <button type="button" className="primary" disabled={accept.isPending || !chosen} onClick={() => accept.mutate()}>
                {t('network.joinButton')}
              </button>
            </div>
          )}
        </>
      )}
      <p>
        <Link to="/">{t('nav.home')}</Link>
      </p>
    </main>
  );
}
