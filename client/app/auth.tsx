import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Me } from '../../shared/schemas/auth';
import { ApiError, api, call } from '../api/client';
import { keys } from '../api/queries';

const ME_KEY = 'fellesrom.me';

/** Who is signed in: `null` when nobody is. Offline, the person last signed in on this device. */
export const meQuery = () =>
  queryOptions({
    queryKey: keys.me,
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await call(api.auth.me.$get());
        localStorage.setItem(ME_KEY, JSON.stringify(me));
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'unauthenticated') {
          localStorage.removeItem(ME_KEY);
          return null;
        }
        // An observer in a dead zone carries on as the person last signed in here.
        const cached = localStorage.getItem(ME_KEY);
        if (error instanceof ApiError && error.code === 'network' && cached) return JSON.parse(cached) as Me;
        throw error;
      }
    },
    staleTime: 60_000,
  });

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

export type AuthState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown; retry(): void }
  | { status: 'signedOut' }
  | { status: 'signedIn'; me: Me };

export function useAuth(): AuthState {
  const me = useQuery(meQuery());
  if (me.isPending) return { status: 'loading' };
  if (me.isError) return { status: 'error', error: me.error, retry: () => void me.refetch() };
  return me.data ? { status: 'signedIn', me: me.data } : { status: 'signedOut' };
}

/** The signed-in person; only used below the signed-in routes. */
export function useMe(): Me {
  const auth = useAuth();
  if (auth.status !== 'signedIn') throw new Error('useMe while signed out');
  return auth.me;
}

/**
 * After signing in, joining or leaving a team: nothing cached for the previous session is kept,
 * and who is signed in (with their teams) is read again.
 */
export function useSessionChanged(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
    await client.refetchQueries({ queryKey: keys.me });
  }, [client]);
}

/** Signs out and forgets everything this person left on the device. */
export function useLogout(): () => Promise<void> {
  const client = useQueryClient();
  return useCallback(async () => {
    await call(api.auth.logout.$post()).catch(() => undefined);
    localStorage.removeItem(ME_KEY);
    for (const key of Object.keys(localStorage)) if (key.startsWith('fellesrom.lesson:') || key.startsWith('fellesrom.observation:')) localStorage.removeItem(key);
    await forgetLocalDocuments();
    client.setQueryData(keys.me, null);
    client.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.me[0] });
  }, [client]);
}

const COLORS = ['#b3261e', '#1d6b3a', '#0b57d0', '#7b1fa2', '#a14d00', '#00695c', '#ad1457', '#37474f'];

/** A stable caret colour per person. */
export function colorFor(userId: string): string {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return COLORS[Math.abs(hash) % COLORS.length]!;
}
