import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { AppError } from './errors';

/** `zValidator` whose failures become our error vocabulary. */
export const validate = <T extends ZodType, Target extends 'json' | 'param' | 'query'>(target: Target, schema: T) =>
  zValidator(target, schema, (result) => {
    if (!result.success) {
      if (target === 'param') throw new AppError(404, 'not_found', 'Not found');
      throw new AppError(400, 'validation_failed', 'The request did not match the expected shape', {
        issues: result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      });
    }
  });
