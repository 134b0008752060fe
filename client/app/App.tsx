import { type Locale, Locales } from '../../shared/locale';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, call } from '../api/client';
import { useQuery } from '../api/use-query';
import { useI18n } from '../i18n';
import { ActivityPage } from '../pages/ActivityPage';
import { ConversationsPage } from '../pages/ConversationsPage';
import { CyclePage } from '../pages/CyclePage';
import { HomePage } from '../pages/HomePage';
import { InboxPage } from '../pages/InboxPage';
import { InvitePage } from '../pages/InvitePage';
import { LoginPage } from '../pages/LoginPage';
import { MembersPage } from '../pages/MembersPage';
import { SignupPage } from '../pages/SignupPage';
import { TeamPage } from '../pages/TeamPage';
import { AuthProvider, useAuth } from './auth';
import { NewVersionNotice } from './NewVersionNotice';
import { Link, match, navigate, usePath } from './router';

// The editor, Yjs and the observation pages load only when a document is opened.
const DocumentPage = lazy(() => import('../pages/DocumentPage').then((m) => ({ default: m.DocumentPage })));
const ObservePage = lazy(() => import('../observation/ObservePage').then((m) => ({ default: m.ObservePage })));
const TimelinePage = lazy(() => import('../observation/TimelinePage').then((m) => ({ default: m.TimelinePage })));

export function App() {
  return (
    <AuthProvider>
      <Header />
      <NewVersionNotice>
        <Suspense fallback={<Loading />}>
          <Routes />
        </Suspense>
      </NewVersionNotice>
    </AuthProvider>
  );
}

function Loading() {
  const { t } = useI18n();
  return (
    <main id="main" className="page">
      {t('common.loading')}
    </main>
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
  if (path === '/inbox') return <InboxPage />;
  let params = match('/teams/:teamId/activity', path);
  if (params) return <ActivityPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/teams/:teamId/conversations', path);
  if (params) return <ConversationsPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/teams/:teamId/members', path);
  if (params) return <MembersPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/teams/:teamId', path);
  if (params) return <TeamPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/cycles/:cycleId', path);
  if (params) return <CyclePage key={params.cycleId} cycleId={params.cycleId!} />;
  params = match('/documents/:documentId/observe', path);
  if (params) return <ObservePage key={`${params.documentId}:observe`} planId={params.documentId!} />;
  params = match('/documents/:documentId/timeline', path);
  if (params) return <TimelinePage key={`${params.documentId}:timeline`} planId={params.documentId!} />;
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
            <InboxLink />
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

/** The inbox, with how many unread mentions and replies wait there (checked each minute). */
function InboxLink() {
  const { t } = useI18n();
  const path = usePath();
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  const inbox = useQuery(`inbox:${path}:${tick}`, () => call(api.inbox.$get()));
  const unread = inbox.status === 'ready' ? inbox.data.items.filter((i) => !i.read).length : 0;
  return (
    <Link href="/inbox" className={unread > 0 ? 'inbox-link unread' : 'inbox-link'}>
      {unread > 0 ? t('inbox.link', { count: unread }) : t('inbox.linkEmpty')}
    </Link>
  );
}
