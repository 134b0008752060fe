import { useCallback, useEffect, useState } from 'react';
import { ApiError } from './client';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T };

/** Loads data for a page; `reload` fetches again (after a create, say). */
export function useQuery<T>(load: () => Promise<T>, deps: unknown[]): QueryState<T> & { reload(): void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    let cancelled = false;
    load().then(
      (data) => !cancelled && setState({ status: 'ready', data }),
      (error) =>
        !cancelled &&
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError('internal', String(error), 0) }),
    );
    return () => {
      cancelled = true;
    };
  }, [...deps, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
