import { type Locale, Locales } from '../../shared/locale';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { CyclePage } from '../pages/CyclePage';
import { DocumentPage } from '../pages/DocumentPage';
import { HomePage } from '../pages/HomePage';
import { InvitePage } from '../pages/InvitePage';
import { LoginPage } from '../pages/LoginPage';
import { MembersPage } from '../pages/MembersPage';
import { SignupPage } from '../pages/SignupPage';
import { TeamPage } from '../pages/TeamPage';
import { AuthProvider, useAuth } from './auth';
import { Link, match, navigate, usePath } from './router';

export function App() {
  return (
    <AuthProvider>
      <Header />
      <Routes />
    </AuthProvider>
  );
}

function Routes() {
  const path = usePath();
  const { state } = useAuth();
  const { t } = useI18n();
  const invite = match('/invite/:token', path);
  if (state.status === 'loading') return <main id="main" className="page">{t('common.loading')}</main>;
  if (invite) return <InvitePage key={invite.token} token={invite.token!} />;
  if (state.status === 'signedOut') {
    return (
      <main id="main" className="page narrow">
        {path === '/signup' ? <SignupPage /> : <SignupOrLogin />}
      </main>
    );
  }
  let params = match('/teams/:teamId/members', path);
  if (params) return <MembersPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/teams/:teamId', path);
  if (params) return <TeamPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/cycles/:cycleId', path);
  if (params) return <CyclePage key={params.cycleId} cycleId={params.cycleId!} />;
  params = match('/documents/:documentId/print', path);
  if (params) return <DocumentPage key={`${params.documentId}:print`} documentId={params.documentId!} print />;
  params = match('/documents/:documentId', path);
  if (params) return <DocumentPage key={params.documentId} documentId={params.documentId!} />;
  return <HomePage />;
}

/** On an empty installation the first visitor sets it up; otherwise people sign in. */
function SignupOrLogin() {
  const setup = useQuery('setup', () => call(api.auth.setup.$get()));
  if (setup.status === 'loading') return null;
  return setup.status === 'ready' && setup.data.firstRun ? <SignupPage /> : <LoginPage />;
}

function Header() {
  const { t, locale, setLocale } = useI18n();
  const { state, logout } = useAuth();
  const path = usePath();
  const currentTeam = match('/teams/:teamId', path)?.teamId ?? match('/teams/:teamId/members', path)?.teamId ?? '';
  return (
    <header className="topbar">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Link href="/" className="brand">
        {t('app.name')}
      </Link>
      <div className="topbar-end">
        {state.status === 'signedIn' && state.me.teams.length > 0 && (
          <label className="team-switcher">
            <span className="visually-hidden">{t('nav.teamSwitcher')}</span>
            <select value={currentTeam} onChange={(e) => navigate(e.target.value ? `/teams/${e.target.value}` : '/')}>
              <option value="">{t('nav.home')}</option>
              {state.me.teams.map((team) => (
                <option key={team.id} value={team.id}>
                  {team.name}
                </option>
              ))}
            </select>
          </label>
        )}
        {state.status === 'signedIn' && (
          <>
            <span className="user-name">{state.me.user.name}</span>
            <button
              type="button"
              onClick={() => {
                void logout().then(() => navigate('/'));
              }}
            >
              {t('auth.logout')}
            </button>
          </>
        )}
        <label className="lang">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
            {Locales.map((l) => (
              <option key={l} value={l}>
                {t(`lang.${l}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </header>
  );
}
