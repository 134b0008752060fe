import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './client';

export type QueryState<T> =
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T };

/** Loads data for a page whenever `key` changes; `reload` fetches again (after a create, say). */
export function useQuery<T>(key: string, load: () => Promise<T>): QueryState<T> & { reload(): void } {
  const [state, setState] = useState<QueryState<T>>({ status: 'loading' });
  const [version, setVersion] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let cancelled = false;
    void version;
    loadRef.current().then(
      (data) => !cancelled && setState({ status: 'ready', data }),
      (error) =>
        !cancelled &&
        setState({ status: 'error', error: error instanceof ApiError ? error : new ApiError('internal', String(error), 0) }),
    );
    return () => {
      cancelled = true;
    };
  }, [key, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}
