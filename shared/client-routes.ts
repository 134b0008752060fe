/**
 * Every page of the client, as path patterns in the router's syntax (`$name` stands for one path
 * segment). One list for three readers: the server answers exactly these with index.html (any
 * other path outside /api is a 404, so a missing script is never answered with HTML); the service
 * worker falls back to the cached app shell only for these; and the client's router
 * (client/app/routes.tsx) has exactly these pages, which test/unit/client-routes.test.ts checks.
 */
export const ClientRoutes = [
  '/',
  '/signup',
  '/inbox',
  '/invite/$token',
  '/teams/$teamId',
  '/teams/$teamId/activity',
  '/teams/$teamId/conversations',
  '/teams/$teamId/members',
  '/teams/$teamId/documents',
  '/teams/$teamId/data',
  '/teams/$teamId/audit',
  '/account',
  '/privacy',
  '/cycles/$cycleId',
  '/documents/$documentId',
  '/documents/$documentId/observe',
  '/documents/$documentId/timeline',
  '/documents/$documentId/print',
  '/documents/$documentId/compare',
  '/documents/$documentId/rounds',
  '/login',
  '/forgot-password',
  '/reset-password',
  '/unsubscribe',
  '/account/notifications',
  '/me/tasks',
  '/library',
  '/library/$publishedId',
  '/schools/$schoolId',
  '/schools/$schoolId/teams/$teamId',
  '/networks/join/$token',
] as const;

export type ClientRoute = (typeof ClientRoutes)[number];

/** `pattern` as a RegExp over a URL's pathname (Workbox's navigation allowlist takes these too). */
export function routePatternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith('$') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^/${body}${body ? '/?' : ''}$`);
}

const patterns = ClientRoutes.map(routePatternRegExp);

/** Whether `path` (a URL's pathname) is one of the client's pages. */
export function isClientRoute(path: string): boolean {
  return patterns.some((pattern) => pattern.test(path));
}
