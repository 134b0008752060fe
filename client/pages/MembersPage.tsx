import { useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Limits } from '../../shared/limits';
import { type Role, Roles, roleCan, roleLabels } from '../../shared/roles';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { invitesQuery, keys, membersQuery, teamQuery } from '../api/queries';
import { useMe, useSessionChanged } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageTitle } from '../app/PageStates';
import { useI18n } from '../i18n';
import { TeamCrumbs } from '../components/TeamCrumbs';
import { Form } from '../components/Form';

const route = getRouteApi('/teams/$teamId/members');

export function MembersPage() {
  const { teamId } = route.useParams();
  const { t, pick } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const sessionChanged = useSessionChanged();
  const team = useSuspenseQuery(teamQuery(teamId)).data;
  const members = useSuspenseQuery(membersQuery(teamId)).data;
  const [notice, setNotice] = useState('');
  const change = useApiMutation(
    ({ userId, role }: { userId: string; name: string; role: Role }) =>
      call(api.teams[':teamId'].members[':userId'].$patch({ param: { teamId, userId }, json: { role } })),
    {
      invalidate: [keys.team(teamId), keys.me],
      onSuccess: (_member, { name }) => setNotice(t('members.roleChanged', { name })),
    },
  );
  const remove = useApiMutation(
    ({ userId }: { userId: string; name: string }) => call(api.teams[':teamId'].members[':userId'].$delete({ param: { teamId, userId } })),
    {
      invalidate: [keys.team(teamId)],
      onSuccess: async (_none, { userId, name }) => {
        if (userId !== me.user.id) return setNotice(t('members.removed', { name }));
        await sessionChanged();
        await navigate({ to: '/' });
      },
    },
  );
  const manage = roleCan(team.role, 'members.manage');
  return (
    <main id="main" className="page">
      <TeamCrumbs team={team} />
      <PageTitle>{t('members.heading', { team: team.name })}</PageTitle>
      <output aria-live="polite">{notice}</output>
      <ErrorMessage error={change.error ?? remove.error} />
      <table className="members">
        <thead>
          <tr>
            <th scope="col">{t('auth.name')}</th>
            <th scope="col">{t('members.role')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('members.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => {
            const self = m.userId === me.user.id;
            return (
              <tr key={m.userId}>
                <td>
                  {m.name} {self && <span className="muted">{t('members.you')}</span>}
                  {m.email && <div className="muted small">{m.email}</div>}
                </td>
                <td>
                  {manage ? (
                    <select
                      aria-label={`${t('members.role')}: ${m.name}`}
                      value={m.role}
                      disabled={change.isPending}
                      onChange={(e) => change.mutate({ userId: m.userId, name: m.name, role: e.target.value as Role })}
                    >
                      {Roles.map((r) => (
                        <option key={r} value={r}>
                          {pick(roleLabels[r])}
                        </option>
                      ))}
                    </select>
                  ) : (
                    <span className={`badge role-${m.role}`}>{pick(roleLabels[m.role])}</span>
                  )}
                </td>
                <td>
                  {(manage || self) && (
                    <button
                      type="button"
                      onClick={() => window.confirm(t('members.confirmRemove', { name: m.name })) && remove.mutate({ userId: m.userId, name: m.name })}
                      disabled={remove.isPending}
                    >
                      {self ? t('members.leave') : t('members.remove')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {manage && <Invites teamId={teamId} />}
    </main>
  );
}

function Invites({ teamId }: { teamId: string }) {
  const { t, pick, formatDateTime } = useI18n();
  const invites = useQuery(invitesQuery(teamId));
  const [role, setRole] = useState<Role>('member');
  const [days, setDays] = useState(7);
  const [uses, setUses] = useState(1);
  const [copied, setCopied] = useState(false);
  const [notice, setNotice] = useState('');
  const create = useApiMutation(
    () => call(api.teams[':teamId'].invites.$post({ param: { teamId }, json: { role, expiresInDays: days, maxUses: uses } })),
    { invalidate: [keys.team(teamId)], onSuccess: () => setCopied(false) },
  );
  const revoke = useApiMutation((inviteId: string) => call(api.teams[':teamId'].invites[':inviteId'].$delete({ param: { teamId, inviteId } })), {
    invalidate: [keys.team(teamId)],
    onSuccess: () => setNotice(t('invites.revoked')),
  });
  const created = create.data;
  const submit = () => {
    create.mutate();
  };
  const copy = async () => {
    if (!created) return;
    await navigator.clipboard?.writeText(created.url).catch(() => undefined);
    setCopied(true);
  };
  return (
    <section className="panel" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('invites.heading')}</h2>
      <p>{t('invites.help')}</p>
      <Form onSubmit={submit} className="inline-form">
        <label>
          {t('invites.role')}
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {Roles.map((r) => (
              <option key={r} value={r}>
                {pick(roleLabels[r])}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invites.expires')}
          <select name="days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 14, Limits.invite.maxDays].map((d) => (
              <option key={d} value={d}>
                {t('invites.days', { count: d })}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('invites.uses')}
          <select name="uses" value={uses} onChange={(e) => setUses(Number(e.target.value))}>
            {[1, 5, 30].map((u) => (
              <option key={u} value={u}>
                {u === 1 ? t('invites.usesOnce') : t('invites.usesMany', { count: u })}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          {t('invites.create')}
        </button>
      </Form>
      <ErrorMessage error={create.error ?? revoke.error} />
      {created && (
        <div className="invite-link">
          <label>
            {t('invites.link')}
            <input readOnly value={created.url} onFocus={(e) => e.target.select()} data-testid="invite-url" />
          </label>
          <button type="button" onClick={() => void copy()}>
            {copied ? t('invites.copied') : t('invites.copy')}
          </button>
        </div>
      )}
      <h3>{t('invites.active')}</h3>
      <output aria-live="polite">{notice}</output>
      <ErrorMessage error={invites.error} />
      {invites.isPending && <p role="status">{t('common.loading')}</p>}
      {invites.data?.length === 0 && <p className="muted">{t('invites.none')}</p>}
      {invites.data && invites.data.length > 0 && (
        <ul className="plain" data-testid="invite-list">
          {invites.data.map((i) => (
            <li key={i.id}>
              {t('invites.summary', { role: pick(roleLabels[i.role]), uses: i.uses, max: i.maxUses, date: formatDateTime(i.expiresAt) })}{' '}
              <button type="button" className="link" onClick={() => revoke.mutate(i.id)} disabled={revoke.isPending}>
                {t('invites.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
