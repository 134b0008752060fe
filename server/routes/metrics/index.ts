import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { AppError } from '../../errors';
import type { Metrics } from '../../metrics/metrics';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * GET /metrics in Prometheus' text format. With a token, only `Authorization: Bearer <token>`
 * gets an answer (compared in constant time).
 */
export const metricsRoutes = (metrics: Metrics, token: string | null) =>
  new Hono().get('/', async (c) => {
    if (token !== null) {
      const given = /^Bearer (.+)$/i.exec(c.req.header('Authorization') ?? '')?.[1] ?? '';
      // Answered here rather than thrown: on METRICS_PORT this app runs without the main onError.
      if (!timingSafeEqual(digest(given), digest(token))) {
        return c.json(new AppError(401, 'unauthenticated', 'A metrics token is required').toBody(), 401);
      }
    }
    return c.body(await metrics.registry.metrics(), 200, { 'Content-Type': metrics.registry.contentType, 'Cache-Control': 'no-store' });
  });
