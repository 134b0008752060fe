import { createContext, type FormEvent, type ReactNode, useContext, useState } from 'react';
import { Limits } from '../../shared/limits';
import { useI18n } from '../i18n';

export interface Identity {
  name: string;
  color: string;
}

const STORAGE_KEY = 'fellesrom.identity';
/** Caret colours with enough contrast against white text labels. */
const COLORS = ['#b3261e', '#1d6b3a', '#0b57d0', '#7b1fa2', '#a14d00', '#00695c', '#ad1457', '#37474f'];

interface IdentityState {
  identity: Identity | null;
  editing: boolean;
  save(name: string): void;
  change(): void;
}

const IdentityContext = createContext<IdentityState | null>(null);

function stored(): Identity | null {
  try {
    const value = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as Identity | null;
    return value && typeof value.name === 'string' && typeof value.color === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function IdentityProvider({ children }: { children: ReactNode }) {
  const [identity, setIdentity] = useState<Identity | null>(stored);
  const [editing, setEditing] = useState(false);
  const save = (name: string) => {
    const next = { name, color: identity?.color ?? COLORS[Math.floor(Math.random() * COLORS.length)]! };
    localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    setIdentity(next);
    setEditing(false);
  };
  return (
    <IdentityContext.Provider value={{ identity, editing, save, change: () => setEditing(true) }}>
      {children}
    </IdentityContext.Provider>
  );
}

export function useIdentity(): IdentityState {
  const value = useContext(IdentityContext);
  if (!value) throw new Error('useIdentity outside IdentityProvider');
  return value;
}

/** Who is typing, shown to colleagues on carets and avatars. Asked once per device. */
export function IdentityGate({ children }: { children: (identity: Identity) => ReactNode }) {
  const { t } = useI18n();
  const { identity, editing, save } = useIdentity();
  const [name, setName] = useState(identity?.name ?? '');
  if (identity && !editing) return <>{children(identity)}</>;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (trimmed) save(trimmed);
  };
  return (
    <main id="main" className="page narrow">
      <h1>{t('identity.heading')}</h1>
      <p>{t('identity.help')}</p>
      <form onSubmit={submit} className="stack">
        <label>
          {t('identity.name')}
          <input
            name="name"
            value={name}
            maxLength={Limits.personName.max}
            required
            autoComplete="name"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          {t('identity.save')}
        </button>
      </form>
    </main>
  );
}
