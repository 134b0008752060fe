/** How the team's full document list can be ordered (GET /api/teams/:teamId/documents?sort=). */
export const DocumentSorts = ['updated', 'created', 'title', 'kind'] as const;
export type DocumentSort = (typeof DocumentSorts)[number];
