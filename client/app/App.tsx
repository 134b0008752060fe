import { Locales } from '../../shared/locale';
import { useI18n } from '../i18n';
import { DocumentPage } from '../pages/DocumentPage';
import { TeamPage } from '../pages/TeamPage';
import { TeamsPage } from '../pages/TeamsPage';
import { IdentityGate, IdentityProvider, useIdentity } from './identity';
import { Link, match, usePath } from './router';

export function App() {
  return (
    <IdentityProvider>
      <Header />
      <IdentityGate>{() => <Routes />}</IdentityGate>
    </IdentityProvider>
  );
}

function Routes() {
  const path = usePath();
  let params = match('/teams/:teamId', path);
  if (params) return <TeamPage key={params.teamId} teamId={params.teamId!} />;
  params = match('/documents/:documentId', path);
  if (params) return <DocumentPage key={params.documentId} documentId={params.documentId!} />;
  return <TeamsPage />;
}

function Header() {
  const { t, locale, setLocale } = useI18n();
  return (
    <header className="topbar">
      <a href="#main" className="skip-link">
        {t('app.skipToContent')}
      </a>
      <Link href="/" className="brand">
        {t('app.name')}
      </Link>
      <div className="topbar-end">
        <IdentityBadge />
        <label className="lang">
          <span className="visually-hidden">{t('lang.label')}</span>
          <select value={locale} onChange={(e) => setLocale(e.target.value as (typeof Locales)[number])}>
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

function IdentityBadge() {
  const { identity, change } = useIdentity();
  const { t } = useI18n();
  if (!identity) return null;
  return (
    <button type="button" className="link" onClick={change} title={t('identity.change')}>
      {identity.name}
    </button>
  );
}
