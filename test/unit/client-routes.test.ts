import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { createAppRouter } from '../../client/app/routes';
import { ClientRoutes, isClientRoute, routePatternRegExp } from '../../shared/client-routes';

describe('the list of client pages (shared/client-routes.ts)', () => {
  it('is exactly the router’s pages, so the server and the service worker answer those and no others', () => {
    const router = createAppRouter(new QueryClient());
    expect(Object.keys(router.routesByPath).toSorted()).toEqual([...ClientRoutes].toSorted());
  });

  it('matches whole segments only', () => {
    expect(isClientRoute('/')).toBe(true);
    expect(isClientRoute('/teams/abc')).toBe(true);
    expect(isClientRoute('/teams/abc/')).toBe(true);
    expect(isClientRoute('/documents/d%20x/observe')).toBe(true);
    for (const path of ['', '/teams', '/teams/', '/teams//members', '/teams/a/b', '/documents/d/observe/x', '/assets/index.js', '/sw.js', '/api/teams', '/signupx', '//']) {
      expect(isClientRoute(path), path).toBe(false);
    }
    expect(routePatternRegExp('/documents/$documentId/print').source).toBe('^\\/documents\\/[^/]+\\/print\\/?$');
  });
});
