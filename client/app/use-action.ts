import { useCallback, useState } from 'react';
import { ApiError } from '../api/client';

/** Runs a user action (a form submit, a button) with a busy flag and the API error, if any. */
export function useAction<Args extends unknown[]>(action: (...args: Args) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(
    async (...args: Args) => {
      setBusy(true);
      setError(null);
      try {
        await action(...args);
      } catch (e) {
        setError(e instanceof ApiError ? e : new ApiError('internal', String(e), 0));
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error };
}
