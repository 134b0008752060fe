import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';

/**
 * A change made through the API. When it succeeds, the reads it affects are fetched again (and
 * awaited, so the page shows the new state before the button is free again), then `onSuccess`.
 */
export function useApiMutation<Vars = void, Data = unknown>(
  mutationFn: (vars: Vars) => Promise<Data>,
  options: {
    invalidate?: QueryKey[] | ((data: Data, vars: Vars) => QueryKey[]);
    onSuccess?: (data: Data, vars: Vars) => unknown;
  } = {},
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn,
    onSuccess: async (data, vars) => {
      const stale = typeof options.invalidate === 'function' ? options.invalidate(data, vars) : (options.invalidate ?? []);
      await Promise.all(stale.map((queryKey) => client.invalidateQueries({ queryKey })));
      await options.onSuccess?.(data, vars);
    },
  });
}
