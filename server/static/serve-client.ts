import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import type { Hono, MiddlewareHandler } from 'hono';
import { etag } from 'hono/etag';
import { isClientRoute } from '../../shared/client-routes';
import type { AppEnv } from '../context';
import { notFound } from '../errors';

/** Hashed file names change with their content: cache them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, sw.js and the other unhashed files: always ask again (a 304 when unchanged). */
const REVALIDATE = 'no-cache';

/**
 * The built client (dist/client), after the API:
 * - /assets/* are Vite's hashed files, served from the .br or .gz made at build time when the
 *   request accepts it, immutable for a year. A missing one is a 404 with a JSON body, never
 *   index.html: after a deploy an old tab asks for scripts that are gone, and HTML in their place
 *   blanks the page (the client shows "new version" on that 404 instead).
 * - other files at the top (sw.js, Workbox's runtime, the web manifest) are served the same way
 *   but revalidated on every use, so a new service worker is seen at once.
 * - the client's own pages (shared/client-routes.ts) get index.html, revalidated; anything else
 *   falls through to the app's JSON 404.
 */
export function serveClient(app: Hono<AppEnv>, clientDir: string): void {
  if (!fs.existsSync(path.join(clientDir, 'index.html'))) return;
  const files = serveStatic({ root: clientDir, precompressed: true });
  const indexHtml = serveStatic({ root: clientDir, path: 'index.html', precompressed: true });

  app.on(['GET', 'HEAD'], '/assets/*', cacheFor(IMMUTABLE), files, (c) =>
    c.json(notFound('No such file').toBody(), 404, { 'Cache-Control': 'no-store' }),
  );
  app.on(['GET', 'HEAD'], '*', cacheFor(REVALIDATE), etag(), (c, next) => {
    if (isClientRoute(c.req.path)) return indexHtml(c, next);
    // Only files at the top of the client folder; nothing deeper is ours to serve.
    if (c.req.path.lastIndexOf('/') === 0) return files(c, next);
    return next();
  });
}

/** Sets Cache-Control on successful answers, and Vary on every one (their body depends on Accept-Encoding). */
function cacheFor(value: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    if (c.res.status === 200 || c.res.status === 304) c.res.headers.set('Cache-Control', value);
    if (c.res.status < 400) c.res.headers.set('Vary', 'Accept-Encoding');
  };
}
