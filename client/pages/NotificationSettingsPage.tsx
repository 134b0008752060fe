import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { type NotificationKind, NotificationKinds, type UserLanguage, UserLanguages } from '../../shared/account';
import type { NotificationSettings } from '../../shared/schemas/account';
import { api, call } from '../api/client';
import { useApiMutation } from '../api/mutation';
import { keys, notificationSettingsQuery } from '../api/queries';
import { ErrorMessage } from '../app/ErrorMessage';
import { PageLoading, PageTitle } from '../app/PageStates';
import { dateLocales, useI18n } from '../i18n';
import { kindLabels } from './UnsubscribePage';

/** Languages by their own names, as people look for them. */
const languageNames: Record<UserLanguage, string> = { nb: 'Norsk bokmål', nn: 'Norsk nynorsk', en: 'English' };

/** What I get e-mail about, on which day the weekly summary comes, and in which language. */
export function NotificationSettingsPage() {
  const { t, locale } = useI18n();
  const settings = useQuery(notificationSettingsQuery());
  const save = useApiMutation((patch: Partial<NotificationSettings>) => call(api.account.notifications.$patch({ json: patch })), {
    invalidate: [keys.account],
  });
  if (settings.isPending) return <PageLoading />;
  if (settings.isError) throw settings.error;
  const current = { ...settings.data, ...save.variables };
  const weekday = new Intl.DateTimeFormat(dateLocales[locale], { weekday: 'long', timeZone: 'UTC' });
  // 7 January 2024 was a Sunday: day 0.
  const days = [0, 1, 2, 3, 4, 5, 6].map((d) => ({ d, name: weekday.format(new Date(Date.UTC(2024, 0, 7 + d))) }));
  const ordered = [...days.slice(1), days[0]!];
  return (
    <main id="main" className="page narrow">
      <PageTitle>{t('notifications.heading')}</PageTitle>
      <p>{t('notifications.intro')}</p>
      <div className="stack">
        <fieldset className="checks">
          <legend>{t('notifications.kinds')}</legend>
          {NotificationKinds.map((kind: NotificationKind) => (
            <label key={kind}>
              <input type="checkbox" name={kind} checked={current[kind]} onChange={(e) => save.mutate({ [kind]: e.target.checked })} />
              {t(kindLabels[kind])}
            </label>
          ))}
        </fieldset>
        <label>
          {t('notifications.digestDay')}
          <select name="digest-day" value={current.digestDay} disabled={!current.digest} onChange={(e) => save.mutate({ digestDay: Number(e.target.value) })}>
            {ordered.map(({ d, name }) => (
              <option key={d} value={d}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('notifications.language')}
          <select name="mail-language" value={current.language} onChange={(e) => save.mutate({ language: e.target.value as UserLanguage })}>
            {UserLanguages.map((l) => (
              <option key={l} value={l} lang={l}>
                {languageNames[l]}
              </option>
            ))}
          </select>
        </label>
        <ErrorMessage error={save.error} />
        <p role="status" className="ok">
          {save.isSuccess ? t('notifications.saved') : ''}
        </p>
      </div>
      <p>
        <Link to="/account">{t('account.heading')}</Link>
      </p>
    </main>
  );
}
