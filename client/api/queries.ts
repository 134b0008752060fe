import { queryOptions } from '@tanstack/react-query';
import type { ActivityVerb } from '../../shared/schemas/activity';
import type { DocumentListQuery } from '../../shared/schemas/documents';
import type { LibraryQuery } from '../../shared/schemas/library';
import { api, call } from './client';

/**
 * Every server read, as TanStack Query options. Keys are hierarchical, so one invalidation
 * reaches everything under it: `['team', id]` covers the team, its home, members, lists…;
 * `['document', id]` covers the document, its threads, versions, meeting…
 */
export const keys = {
  me: ['me'] as const,
  setup: ['setup'] as const,
  teams: ['teams'] as const,
  inbox: ['inbox'] as const,
  team: (teamId: string) => ['team', teamId] as const,
  cycle: (cycleId: string) => ['cycle', cycleId] as const,
  document: (documentId: string) => ['document', documentId] as const,
  invite: (token: string) => ['invite', token] as const,
  /** The signed-in person's own account: sign-in methods, schools, notification settings. */
  account: ['account'] as const,
  /** My action items across teams. */
  tasks: ['tasks'] as const,
  /** The schools I work in or lead. */
  schools: ['schools'] as const,
  school: (schoolId: string) => ['school', schoolId] as const,
  networks: ['networks'] as const,
  /** The library and every published copy in it. */
  library: ['library'] as const,
};

export type ThreadStatus = 'open' | 'resolved' | 'all';
export interface ActivityFilter {
  actor?: string | undefined;
  verb?: ActivityVerb | undefined;
}

export const setupQuery = () => queryOptions({ queryKey: keys.setup, queryFn: () => call(api.auth.setup.$get()) });

export const accountQuery = () => queryOptions({ queryKey: [...keys.account, 'info'], queryFn: () => call(api.account.$get()) });

export const notificationSettingsQuery = () =>
  queryOptions({ queryKey: [...keys.account, 'notifications'], queryFn: () => call(api.account.notifications.$get()) });

export const teamsQuery = () => queryOptions({ queryKey: keys.teams, queryFn: () => call(api.teams.$get()) });

export const inboxQuery = () =>
  queryOptions({ queryKey: keys.inbox, queryFn: () => call(api.inbox.$get()), refetchInterval: 60_000 });

export const inviteQuery = (token: string) =>
  queryOptions({ queryKey: keys.invite(token), queryFn: () => call(api.invites[':token'].$get({ param: { token } })) });

export const teamQuery = (teamId: string) =>
  queryOptions({ queryKey: [...keys.team(teamId), 'info'], queryFn: () => call(api.teams[':teamId'].$get({ param: { teamId } })) });

export const teamHomeQuery = (teamId: string) =>
  queryOptions({ queryKey: [...keys.team(teamId), 'home'], queryFn: () => call(api.teams[':teamId'].home.$get({ param: { teamId } })) });

export const membersQuery = (teamId: string) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'members'],
    queryFn: async () => (await call(api.teams[':teamId'].members.$get({ param: { teamId } }))).members,
  });

export const invitesQuery = (teamId: string) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'invites'],
    queryFn: async () => (await call(api.teams[':teamId'].invites.$get({ param: { teamId } }))).invites,
  });

export const searchQuery = (teamId: string, q: string) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'search', q],
    queryFn: async () => (await call(api.teams[':teamId'].search.$get({ param: { teamId }, query: { q } }))).hits,
  });

export const teamThreadsQuery = (teamId: string, status: ThreadStatus) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'threads', status],
    queryFn: async () => (await call(api.teams[':teamId'].threads.$get({ param: { teamId }, query: { status } }))).threads,
  });

export const activityQuery = (teamId: string, filter: ActivityFilter) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'activity', filter],
    queryFn: async () =>
      (
        await call(
          api.teams[':teamId'].activity.$get({
            param: { teamId },
            query: { ...(filter.actor ? { actor: filter.actor } : {}), ...(filter.verb ? { verb: filter.verb } : {}) },
          }),
        )
      ).activity,
  });

/** The team's full document list, filtered and sorted (empty filters left out of the request). */
export const documentsQuery = (teamId: string, filter: DocumentListQuery) => {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as DocumentListQuery;
  return queryOptions({
    queryKey: [...keys.team(teamId), 'documents', query],
    queryFn: async () => (await call(api.teams[':teamId'].documents.$get({ param: { teamId }, query }))).documents,
  });
};

export const cycleQuery = (cycleId: string) =>
  queryOptions({ queryKey: keys.cycle(cycleId), queryFn: () => call(api.cycles[':cycleId'].$get({ param: { cycleId } })) });

export const documentQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'info'],
    queryFn: () => call(api.documents[':documentId'].$get({ param: { documentId } })),
  });

export const sinceQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'since'],
    queryFn: () => call(api.documents[':documentId'].since.$get({ param: { documentId } })),
    // What was new on arrival stays the answer while the page is open; the visit is recorded now.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

export const threadsQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'threads'],
    queryFn: async () => (await call(api.documents[':documentId'].threads.$get({ param: { documentId } }))).threads,
  });

/** The people who may be mentioned in a comment on the document: those who can see it. */
export const mentionableQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'mentionable'],
    queryFn: async () => (await call(api.documents[':documentId'].mentionable.$get({ param: { documentId } }))).people,
  });

export const versionsQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'versions'],
    queryFn: async () => (await call(api.documents[':documentId'].versions.$get({ param: { documentId } }))).versions,
  });

export const versionQuery = (documentId: string, versionId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'version', versionId],
    queryFn: () => call(api.documents[':documentId'].versions[':versionId'].$get({ param: { documentId, versionId } })),
    staleTime: Infinity,
  });

export const compareQuery = (documentId: string, from: string, to: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'compare', from, to],
    queryFn: () => call(api.documents[':documentId'].compare.$get({ param: { documentId }, query: { from, to } })),
  });

export const roundCompareQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'round-compare'],
    queryFn: () => call(api.documents[':documentId']['round-compare'].$get({ param: { documentId }, query: {} })),
  });

export const meetingQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'meeting'],
    queryFn: async () => (await call(api.documents[':documentId'].meeting.$get({ param: { documentId } }))).meeting,
  });

export const lessonQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'lesson'],
    queryFn: () => call(api.documents[':documentId'].lesson.$get({ param: { documentId } })),
  });

export const observationsQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'observations'],
    queryFn: async () => (await call(api.documents[':documentId'].observations.$get({ param: { documentId } }))).observations,
    // New observers join during the lesson.
    refetchInterval: 15_000,
  });

export const findingsQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'findings'],
    queryFn: async () => (await call(api.documents[':documentId'].findings.$get({ param: { documentId } }))).findings,
  });

// School leaders and learning beyond the team.

export const myTasksQuery = () => queryOptions({ queryKey: keys.tasks, queryFn: async () => (await call(api.me.tasks.$get())).tasks });

export const schoolsQuery = () => queryOptions({ queryKey: keys.schools, queryFn: async () => (await call(api.schools.$get())).schools });

export const schoolOverviewQuery = (schoolId: string) =>
  queryOptions({ queryKey: [...keys.school(schoolId), 'overview'], queryFn: () => call(api.schools[':schoolId'].overview.$get({ param: { schoolId } })) });

export const schoolTeamQuery = (schoolId: string, teamId: string) =>
  queryOptions({
    queryKey: [...keys.school(schoolId), 'team', teamId],
    queryFn: () => call(api.schools[':schoolId'].teams[':teamId'].$get({ param: { schoolId, teamId } })),
  });

export const schoolLeadersQuery = (schoolId: string) =>
  queryOptions({ queryKey: [...keys.school(schoolId), 'leaders'], queryFn: () => call(api.schools[':schoolId'].leaders.$get({ param: { schoolId } })) });

export const schoolStoriesQuery = (schoolId: string) =>
  queryOptions({
    queryKey: [...keys.school(schoolId), 'stories'],
    queryFn: () => call(api.schools[':schoolId']['learning-stories'].$get({ param: { schoolId } })),
  });

export const teamStoriesQuery = (teamId: string) =>
  queryOptions({
    queryKey: [...keys.team(teamId), 'stories'],
    queryFn: () => call(api.teams[':teamId']['learning-stories'].$get({ param: { teamId } })),
  });

export const networksQuery = () => queryOptions({ queryKey: keys.networks, queryFn: async () => (await call(api.networks.$get())).networks });

export const networkInviteQuery = (token: string) =>
  queryOptions({ queryKey: ['network-invite', token], queryFn: () => call(api['network-invites'][':token'].$get({ param: { token } })) });

/** The library, filtered (empty filters left out of the request). */
export const libraryQuery = (filter: LibraryQuery) => {
  const query = Object.fromEntries(Object.entries(filter).filter(([, v]) => v !== undefined && v !== '')) as LibraryQuery;
  return queryOptions({ queryKey: [...keys.library, 'list', query], queryFn: async () => (await call(api.library.$get({ query }))).items });
};

export const publishedQuery = (publishedId: string) =>
  queryOptions({
    queryKey: [...keys.library, 'item', publishedId],
    queryFn: () => call(api.library[':publishedId'].$get({ param: { publishedId } })),
  });

export const publishCheckQuery = (documentId: string) =>
  queryOptions({
    queryKey: [...keys.document(documentId), 'publish-check'],
    queryFn: () => call(api.documents[':documentId']['publish-check'].$get({ param: { documentId } })),
    // The check reads the document as it is now: read it again each time the panel opens.
    staleTime: 0,
    gcTime: 0,
  });
