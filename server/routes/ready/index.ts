import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../../context';
import { AppError } from '../../errors';

/** GET /api/ready: 200 while migrations ran, storage answers and the server is not stopping; else 503. */
export const readyRoutes = ({ readiness }: AppDeps) =>
  new Hono<AppEnv>().get('/', async (c) => {
    const report = await readiness();
    if (!report.ready) throw new AppError(503, 'unavailable', 'Not ready', report.checks);
    return c.json(report, 200);
  });
