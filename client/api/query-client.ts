import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError } from './client';
import { keys } from './queries';

/** Worth asking again: the network or the server failed, not the request itself. */
const transient = (error: unknown) => !(error instanceof ApiError) || error.code === 'network' || error.status >= 500;

/**
 * The one cache of server state. Reads are fresh for a few seconds, refetched when the window
 * regains focus and after the mutations and live notices that change them. A 401 anywhere means
 * the session is gone: the app shows the sign-in page instead of a wall of errors.
 */
export function createQueryClient(): QueryClient {
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError: (error, query) => signedOutBy(error, query.queryKey) }),
    mutationCache: new MutationCache({ onError: (error) => signedOutBy(error) }),
    defaultOptions: {
      // Offline is said as offline (a network error), never as a request paused without a word.
      queries: {
        networkMode: 'always',
        staleTime: 5_000,
        retry: (failures, error) => transient(error) && failures < 2,
        retryDelay: (attempt) => 500 * 2 ** attempt,
      },
      mutations: { networkMode: 'always', retry: false },
    },
  });
  function signedOutBy(error: unknown, key?: readonly unknown[]) {
    if (error instanceof ApiError && error.code === 'unauthenticated' && key?.[0] !== keys.me[0]) {
      client.setQueryData(keys.me, null);
    }
  }
  return client;
}
