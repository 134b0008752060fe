/**
 * Every page of the client, as path patterns (`:name` stands for one path segment). One list for
 * three readers: the server answers exactly these with index.html (any other path outside /api
 * is a 404, so a missing script is never answered with HTML); the service worker falls back to
 * the cached app shell only for these; and the client's router matches them.
 */
export const ClientRoutes = [
  '/',
  '/signup',
  '/inbox',
  '/invite/:token',
  '/teams/:teamId',
  '/teams/:teamId/activity',
  '/teams/:teamId/conversations',
  '/teams/:teamId/members',
  '/cycles/:cycleId',
  '/documents/:documentId',
  '/documents/:documentId/observe',
  '/documents/:documentId/timeline',
  '/documents/:documentId/print',
] as const;

export type ClientRoute = (typeof ClientRoutes)[number];

/** The params if `path` matches `pattern` (a trailing slash is ignored), else null. Never throws. */
export function matchRoute(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    const part = p[i]!;
    if (part.startsWith(':')) {
      const value = safeDecode(s[i]!);
      if (value === null) return null;
      params[part.slice(1)] = value;
    } else if (part !== s[i]) return null;
  }
  return params;
}

export function isClientRoute(path: string): boolean {
  return ClientRoutes.some((pattern) => matchRoute(pattern, path) !== null);
}

/** `pattern` as a RegExp over a URL's pathname (Workbox's navigation allowlist takes these). */
export function routePatternRegExp(pattern: string): RegExp {
  const body = pattern
    .split('/')
    .filter(Boolean)
    .map((part) => (part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^/${body}${body ? '/?' : ''}$`);
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
