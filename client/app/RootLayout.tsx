import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, Outlet, useMatches, useNavigate, useParams } from '@tanstack/react-router';
import { type Locale, Locales } from '../../shared/locale';
import { ID_PATTERN } from '../../shared/ids';
import { api, call } from '../api/client';
import { cycleQuery, documentQuery, inboxQuery, notificationSettingsQuery, setupQuery } from '../api/queries';
import { type MessageKey, useI18n } from '../i18n';
import { LoginPage } from '../pages/LoginPage';
import { SignupPage } from '../pages/SignupPage';
import { type AuthState, useAuth, useLogout } from './auth';
import { NewVersionNotice } from './NewVersionNotice';
import { PageLoading, PageTitle } from './PageStates';
import { useErrorText } from './ErrorMessage';

const languageNames: Record<Locale, MessageKey> = { nb: 'lang.nb', nn: 'lang.nn', en: 'lang.en' };

/** Every page: the header, then the page, or the way in for someone not signed in. */
export function RootLayout() {
  const auth = useAuth();
  const isPublic = useMatches({ select: (matches) => matches.some((m) => m.staticData?.public === true) });
  return (
    <>
      <Header auth={auth} />
      <NewVersionNotice />
      {isPublic || auth.status === 'signedIn' ? <Outlet /> : <SignedOut auth={auth} />}
      <SiteFooter />
    </>
  );
}

function SignedOut({ auth }: { auth: AuthState }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  if (auth.status === 'loading') return <PageLoading />;
  if (auth.status === 'error') {
    return (
      <main id="main" className="page narrow">
        <PageTitle>{t('page.errorTitle')}</PageTitle>
        <p role="alert">{errorText(auth.error)}</p>
        <button type="button" className="primary" onClick={auth.retry}>
          {t('page.retry')}
        </button>
      </main>
    );
  }
  return (
    <main id="main" className="page narrow">
      <SignupOrLogin />
    </main>
  );
}

/** On an empty installation the first visitor sets it up; otherwise people sign in. */
function SignupOrLogin() {
  const setup = useQuery(setupQuery());
  if (setup.isPending) return <p role="status">…</p>;
  return setup.data?.firstRun ? <SignupPage /> : <LoginPage />;
}

/** The team the current page belongs to, from the page's own (cached) data. */
function useCurrentTeamId(): string {
  const params = useParams({ strict: false });
  const valid = (id: string | undefined) => !!id && ID_PATTERN.test(id);
  const doc = useQuery({ ...documentQuery(params.documentId ?? ''), enabled: valid(params.documentId) });
  const cycle = useQuery({ ...cycleQuery(params.cycleId ?? ''), enabled: valid(params.cycleId) });
  return params.teamId ?? doc.data?.teamId ?? cycle.data?.cycle.teamId ?? '';
}

function Header({ auth }: { auth: AuthState }) {
  const { t, locale, setLocale } = useI18n();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const currentTeam = useCurrentTeamId();
  const me = auth.status === 'signedIn' ? auth.me : null;
  return (
    <header className="topbar">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Link to="/" className="brand">
        {t('app.name')}
      </Link>
      <div className="topbar-end">
        {me && me.teams.length > 0 && (
          <label className="team-switcher">
            <span className="visually-hidden">{t('nav.teamSwitcher')}</span>
            <select
              value={me.teams.some((team) => team.id === currentTeam) ? currentTeam : ''}
              onChange={(e) => void (e.target.value ? navigate({ to: '/teams/$teamId', params: { teamId: e.target.value } }) : navigate({ to: '/' }))}
            >
              <option value="">{t('nav.home')}</option>
              {me.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {me && (
          <>
            <InboxLink />
            <Link to="/account" className="user-name" title={t('account.link')}>
              {me.user.name}
            </Link>
            <button type="button" onClick={() => void logout().then(() => navigate({ to: '/' }))}>
              {t('auth.logout')}
            </button>
          </>
        )}
        <label className="lang">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select
            value={locale}
            onChange={(e) => {
              const next = e.target.value as Locale;
              setLocale(next);
              // Mail follows the language chosen here (it can differ: account/notifications).
              if (me) {
                void call(api.account.notifications.$patch({ json: { language: next } })).then(
                  () => queryClient.invalidateQueries(notificationSettingsQuery()),
                  () => undefined,
                );
              }
            }}
          >
            {Locales.map((l) => (
              <option key={l} value={l}>
                {t(languageNames[l])}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}

/** On every page, signed in or not: what Fellesrom keeps, and for how long. */
function SiteFooter() {
  const { t } = useI18n();
  return (
    <footer className="site-footer">
      <Link to="/privacy">{t('privacy.link')}</Link>
    </footer>
  );
}

/** The inbox, with how many unread mentions and replies wait there. */
function InboxLink() {
  const { t } = useI18n();
  const inbox = useQuery(inboxQuery());
  const unread = inbox.data?.items.filter((i) => !i.read).length ?? 0;
  return (
    <Link to="/inbox" className={unread > 0 ? 'inbox-link unread' : 'inbox-link'}>
      {unread > 0 ? t('inbox.link', { count: unread }) : t('inbox.linkEmpty')}
    </Link>
  );
}
