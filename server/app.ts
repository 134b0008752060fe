import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { secureHeaders } from 'hono/secure-headers';
import { Limits } from '../shared/limits';
import { checkOrigin, loadSession } from './auth/middleware';
import { limitBody } from './body-limit';
import type { AppDeps, AppEnv } from './context';
import { AppError } from './errors';
import { accountRoutes } from './routes/account';
import { activityRoutes } from './routes/activity';
import { authRoutes } from './routes/auth';
import { dataRoutes, IMPORT_PATH } from './routes/data';
import { collabRoutes } from './routes/collab';
import { commentRoutes } from './routes/comments';
import { cycleRoutes } from './routes/cycles';
import { documentRoutes } from './routes/documents';
import { healthRoutes } from './routes/health';
import { inboxRoutes } from './routes/inbox';
import { inviteRoutes } from './routes/invites';
import { meetingRoutes } from './routes/meetings';
import { memberRoutes } from './routes/members';
import { metricsRoutes } from './routes/metrics';
import { observationRoutes } from './routes/observations';
import { readyRoutes } from './routes/ready';
import { teamRoutes } from './routes/teams';
import { versionRoutes } from './routes/versions';
import { libraryRoutes } from './routes/library';
import { meRoutes } from './routes/me';
import { networkRoutes } from './routes/networks';
import { schoolRoutes } from './routes/schools';
import { serveClient } from './static/serve-client';

/** Everything under /api. Its type is what the client's `hc<AppType>` is built from. */
export const createApi = (deps: AppDeps) =>
  new Hono<AppEnv>()
    .route('/health', healthRoutes())
    .route('/ready', readyRoutes(deps))
    .route('/auth', authRoutes(deps))
    .route('/account', accountRoutes(deps))
    .route('/teams', teamRoutes(deps))
    .route('/', documentRoutes(deps))
    .route('/', cycleRoutes(deps))
    .route('/', memberRoutes(deps))
    .route('/', inviteRoutes(deps))
    .route('/', commentRoutes(deps))
    .route('/', versionRoutes(deps))
    .route('/', activityRoutes(deps))
    .route('/', observationRoutes(deps))
    .route('/', meetingRoutes(deps))
    .route('/', dataRoutes(deps))
    .route('/inbox', inboxRoutes(deps))
    .route('/schools', schoolRoutes(deps))
    .route('/', networkRoutes(deps))
    .route('/', libraryRoutes(deps))
    .route('/me', meRoutes(deps));

export type AppType = ReturnType<typeof createApi>;

export function createApp(app: Hono<AppEnv>, deps: AppDeps): Hono<AppEnv> {
  const { log, config, metrics } = deps;

  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    const ms = performance.now() - started;
    // Paths only: query strings can carry invitation tokens.
    log.info('request', { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(ms * 10) / 10 });
    // By the pattern that answered ('/api/documents/:documentId'), so the label set stays small.
    metrics.http(c.req.method, routePath(c) || 'unmatched', c.res.status, ms / 1000);
  });
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // ProseMirror and the caret extension set inline style attributes.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        frameAncestors: ["'none'"],
      },
    }),
  );
  app.use('/api/*', loadSession(deps.db), checkOrigin(config));
  const jsonLimit = limitBody(Limits.maxJsonBodyBytes);
  // A team import is a zip, not JSON: its route sets its own, larger limit.
  app.use('/api/*', (c, next) => (c.req.path === IMPORT_PATH ? next() : jsonLimit(c, next)));

  app.route('/api', createApi(deps));
  app.route('/collab', collabRoutes());
  // Without a token and without a port of its own, /metrics does not exist.
  if (config.metrics.token !== null && config.metrics.port === null) app.route('/metrics', metricsRoutes(metrics, config.metrics.token));
  app.all('/api/*', () => {
    throw new AppError(404, 'not_found', 'No such endpoint');
  });

  serveClient(app, config.clientDir);

  app.notFound(() => {
    throw new AppError(404, 'not_found', 'Not found');
  });
  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(error.toBody(), error.status);
    // The database refused the text itself (see server/db/pg/domain.ts), wrapped by drizzle.
    if (error.cause instanceof AppError) return c.json(error.cause.toBody(), error.cause.status);
    if (error instanceof HTTPException && error.status < 500) {
      const malformed = /malformed json/i.test(error.message);
      const body = new AppError(
        error.status as 400,
        malformed ? 'malformed_json' : 'bad_request',
        malformed ? 'The request body is not valid JSON' : error.message || 'Bad request',
      ).toBody();
      return c.json(body, error.status as 400);
    }
    log.error('unhandled error', { method: c.req.method, path: c.req.path, error });
    return c.json(new AppError(500, 'internal', 'Something went wrong on our side').toBody(), 500);
  });
  return app;
}
