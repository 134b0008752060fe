import { type FormEvent, useState } from 'react';
import { Limits } from '../../shared/limits';
import { type Role, Roles, roleCan, roleLabels } from '../../shared/roles';
import type { CreatedInvite } from '../../shared/schemas/invites';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useAuth, useMe } from '../app/auth';
import { ErrorMessage } from '../app/ErrorMessage';
import { Link, navigate } from '../app/router';
import { useAction } from '../app/use-action';
import { useI18n } from '../i18n';

export function MembersPage({ teamId }: { teamId: string }) {
  const { t, pick } = useI18n();
  const me = useMe();
  const { refresh } = useAuth();
  const data = useQuery(`members:${teamId}`, async () => {
    const [team, members] = await Promise.all([
      call(api.teams[':teamId'].$get({ param: { teamId } })),
      call(api.teams[':teamId'].members.$get({ param: { teamId } })),
    ]);
    return { team, members: members.members };
  });
  const [notice, setNotice] = useState('');
  const change = useAction(async (userId: string, name: string, role: Role) => {
    await call(api.teams[':teamId'].members[':userId'].$patch({ param: { teamId, userId }, json: { role } }));
    setNotice(t('members.roleChanged', { name }));
    data.reload();
  });
  const remove = useAction(async (userId: string, name: string) => {
    if (!window.confirm(t('members.confirmRemove', { name }))) return;
    await call(api.teams[':teamId'].members[':userId'].$delete({ param: { teamId, userId } }));
    if (userId === me.user.id) {
      await refresh();
      navigate('/');
    } else data.reload();
  });

  if (data.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (data.status === 'error') {
    return (
      <main id="main" className="page">
        <ErrorMessage error={data.error} />
      </main>
    );
  }
  const { team, members } = data.data;
  const manage = roleCan(team.role, 'members.manage');
  return (
    <main id="main" className="page">
      <nav aria-label={t('nav.breadcrumb')} className="crumbs">
        <Link href={`/teams/${teamId}`}>{team.name}</Link>
      </nav>
      <h1>{t('members.heading', { team: team.name })}</h1>
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
                      disabled={change.busy}
                      onChange={(e) => void change.run(m.userId, m.name, e.target.value as Role)}
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
                    <button type="button" onClick={() => void remove.run(m.userId, m.name)} disabled={remove.busy}>
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
  const invites = useQuery(`invites:${teamId}`, () => call(api.teams[':teamId'].invites.$get({ param: { teamId } })));
  const [role, setRole] = useState<Role>('member');
  const [days, setDays] = useState(7);
  const [uses, setUses] = useState(1);
  const [created, setCreated] = useState<CreatedInvite | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useAction(async () => {
    setCopied(false);
    setCreated(await call(api.teams[':teamId'].invites.$post({ param: { teamId }, json: { role, expiresInDays: days, maxUses: uses } })));
    invites.reload();
  });
  const revoke = useAction(async (inviteId: string) => {
    await call(api.teams[':teamId'].invites[':inviteId'].$delete({ param: { teamId, inviteId } }));
    invites.reload();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void create.run();
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
      <form onSubmit={submit} className="inline-form">
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
        <button type="submit" className="primary" disabled={create.busy}>
          {t('invites.create')}
        </button>
      </form>
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
      {invites.status === 'ready' && invites.data.invites.length === 0 && <p className="muted">{t('invites.none')}</p>}
      {invites.status === 'ready' && invites.data.invites.length > 0 && (
        <ul className="plain">
          {invites.data.invites.map((i) => (
            <li key={i.id}>
              {t('invites.summary', { role: pick(roleLabels[i.role]), uses: i.uses, max: i.maxUses, date: formatDateTime(i.expiresAt) })}{' '}
              <button type="button" className="link" onClick={() => void revoke.run(i.id)}>
                {t('invites.revoke')}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
