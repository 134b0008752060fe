import { useSuspenseQuery } from '@tanstack/react-query';
import { type Action, Roles, roleCan, roleLabels } from '../../shared/roles';
import type { PrivacySettings } from '../../shared/schemas/data';
import { PageTitle } from '../app/PageStates';
import { type MessageKey, useI18n } from '../i18n';
import { privacyQuery } from '../privacy/queries';

/** Who may do what, as the policy module decides it (shared/roles.ts): the table is built from it. */
const columns: Array<{ key: MessageKey; action: Action }> = [
  { key: 'privacy.who.read', action: 'document.read' },
  { key: 'privacy.who.observation', action: 'observation.read' },
  { key: 'privacy.who.edit', action: 'document.edit' },
  { key: 'privacy.who.comment', action: 'document.comment' },
  { key: 'privacy.who.manage', action: 'data.export' },
];

const signupKeys: Record<PrivacySettings['signup'], MessageKey> = {
  open: 'privacy.signup.open',
  invite: 'privacy.signup.invite',
  domains: 'privacy.signup.domains',
};

/**
 * "Personvern": what is stored, where, for how long, who sees what, and how to export and delete,
 * stated from this server's actual settings (GET /api/privacy) and the roles in the code. Public,
 * so a school can read it for its DPIA and data processing agreement before anyone signs up.
 */
export function PrivacyPage() {
  const { t, pick } = useI18n();
  const settings = useSuspenseQuery(privacyQuery()).data;
  const { retention } = settings;
  return (
    <main id="main" className="page narrow privacy">
      <PageTitle>{t('privacy.heading')}</PageTitle>
      <p>{t('privacy.intro')}</p>

      <h2>{t('privacy.what.heading')}</h2>
      <ul>
        <li>{t('privacy.what.accounts')}</li>
        {settings.identityProvider && <li>{t('privacy.what.identity', { name: settings.identityProvider })}</li>}
        <li>{t('privacy.what.teams')}</li>
        <li>{t('privacy.what.content')}</li>
        <li>{t('privacy.what.observation')}</li>
        <li>{t('privacy.what.mail')}</li>
        <li>{t('privacy.what.audit')}</li>
      </ul>
      <p>{t(signupKeys[settings.signup])}</p>

      <h2>{t('privacy.where.heading')}</h2>
      <ul>
        <li>{t('privacy.where.server')}</li>
        <li>{t('privacy.where.device')}</li>
      </ul>

      <h2>{t('privacy.howLong.heading')}</h2>
      <ul data-testid="privacy-retention">
        <li>{t('privacy.howLong.content')}</li>
        <li>
          {t('privacy.howLong.observation', {
            days: t('count.days', { count: retention.defaultObservationDays }),
            max: t('count.days', { count: retention.maxObservationDays }),
            warn: t('count.days', { count: retention.warnDays }),
          })}
        </li>
        <li>{t('privacy.howLong.audit', { days: t('count.days', { count: retention.auditDays }) })}</li>
        <li>{t('privacy.howLong.sessions', { duration: t('count.hours', { count: settings.sessionHours }) })}</li>
        <li>{t('privacy.howLong.account')}</li>
        <li>
          {settings.backups
            ? t('privacy.howLong.backups', {
                every: t('count.hours', { count: settings.backups.everyHours }),
                keep: settings.backups.keep,
                total: t('count.hours', { count: settings.backups.everyHours * settings.backups.keep }),
              })
            : t('privacy.howLong.noBackups')}
        </li>
      </ul>

      <h2>{t('privacy.who.heading')}</h2>
      <table className="privacy-roles">
        <thead>
          <tr>
            <th scope="col">{t('privacy.who.role')}</th>
            {columns.map((c) => (
              <th key={c.key} scope="col">
                {t(c.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Roles.map((role) => (
            <tr key={role}>
              <th scope="row">{pick(roleLabels[role])}</th>
              {columns.map((c) => (
                <td key={c.key}>{roleCan(role, c.action) ? t('privacy.who.yes') : t('privacy.who.no')}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <ul>
        <li>{t('privacy.who.private')}</li>
        <li>{t('privacy.who.outside')}</li>
        <li>{t('privacy.who.appraisal')}</li>
      </ul>

      <h2>{t('privacy.rights.heading')}</h2>
      <ul>
        <li>{t('privacy.rights.export', { mb: settings.importMaxMb })}</li>
        <li>{t('privacy.rights.delete')}</li>
      </ul>
    </main>
  );
}
