import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { AuditAction } from '../../shared/audit';
import { api, call } from '../api/client';
import { keys } from '../api/queries';

/** What this installation keeps and for how long (public; changes only with a restart). */
export const privacyQuery = () => queryOptions({ queryKey: ['privacy'], queryFn: () => call(api.privacy.$get()), staleTime: Infinity });

/** A team's closed cycles whose observation notes wait to be deleted (leaders). */
export const retentionQuery = (teamId: string) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'retention'],
    queryFn: () => call(api.teams[':teamId'].retention.$get({ param: { teamId } })),
  });

export interface AuditFilter {
  action?: AuditAction | undefined;
  actorId?: string | undefined;
}

const AUDIT_PAGE = 50;

/** The team's audit log, newest first, a page at a time. */
export const auditQuery = (teamId: string, filter: AuditFilter) =>
  infiniteQueryOptions({
    queryKey: [...keys.team(teamId), 'audit', filter],
    initialPageParam: '',
    queryFn: async ({ pageParam }) =>
      (
        await call(
          api.teams[':teamId'].audit.$get({
            param: { teamId },
            query: {
              limit: String(AUDIT_PAGE),
              ...(filter.action ? { action: filter.action } : {}),
              ...(filter.actorId ? { actorId: filter.actorId } : {}),
              ...(pageParam ? { before: pageParam } : {}),
            },
          }),
        )
      ).events,
    getNextPageParam: (page) => (page.length === AUDIT_PAGE ? page[page.length - 1]!.id : undefined),
  });
