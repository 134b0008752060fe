import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import type { Me } from '../../shared/schemas/auth';
import { ApiError, api, call } from '../api/client';

type AuthState = { status: 'loading' } | { status: 'signedOut' } | { status: 'signedIn'; me: Me };

interface Auth {
  state: AuthState;
  /** Reads /api/auth/me again (after login, sign-up, joining a team…). */
  refresh(): Promise<void>;
  logout(): Promise<void>;
}

const AuthContext = createContext<Auth | null>(null);
const ME_KEY = 'fellesrom.me';

/** Notes written offline live in IndexedDB; they leave the device with the person who wrote them. */
async function forgetLocalDocuments() {
  const databases = (await indexedDB.databases?.()) ?? [];
  await Promise.all(
    databases
      .filter((d) => d.name?.startsWith('fellesrom:'))
      .map(
        (d) =>
          new Promise<void>((resolve) => {
            const req = indexedDB.deleteDatabase(d.name!);
            for (const event of ['success', 'error', 'blocked']) req.addEventListener(event, () => resolve());
          }),
      ),
  );
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<AuthState>({ status: 'loading' });
  const refresh = useCallback(async () => {
    try {
      const me = await call(api.auth.me.$get());
      localStorage.setItem(ME_KEY, JSON.stringify(me));
      setState({ status: 'signedIn', me });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthenticated') {
        localStorage.removeItem(ME_KEY);
        setState({ status: 'signedOut' });
        return;
      }
      // Offline (an observer in a dead zone): carry on as the person last signed in here.
      const cached = localStorage.getItem(ME_KEY);
      if (error instanceof ApiError && error.code === 'network' && cached) setState({ status: 'signedIn', me: JSON.parse(cached) as Me });
      else throw error;
    }
  }, []);
  const logout = useCallback(async () => {
    await call(api.auth.logout.$post()).catch(() => undefined);
    localStorage.removeItem(ME_KEY);
    for (const key of Object.keys(localStorage)) if (key.startsWith('fellesrom.lesson:') || key.startsWith('fellesrom.observation:')) localStorage.removeItem(key);
    await forgetLocalDocuments();
    setState({ status: 'signedOut' });
  }, []);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return <AuthContext.Provider value={{ state, refresh, logout }}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const value = useContext(AuthContext);
  if (!value) throw new Error('useAuth outside AuthProvider');
  return value;
}

/** The signed-in person; only used below the signed-in routes. */
export function useMe(): Me {
  const { state } = useAuth();
  if (state.status !== 'signedIn') throw new Error('useMe while signed out');
  return state.me;
}

const COLORS = ['#b3261e', '#1d6b3a', '#0b57d0', '#7b1fa2', '#a14d00', '#00695c', '#ad1457', '#37474f'];

/** A stable caret colour per person. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length]!;
}
