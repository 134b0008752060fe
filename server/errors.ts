import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorBody, ErrorCode } from '../shared/errors';

/** A failure with a stable code the client understands. Thrown anywhere; rendered by `onError`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export const notFound = (what = 'Not found') => new AppError(404, 'not_found', what);
export const badRequest = (message: string, details?: unknown) => new AppError(400, 'validation_failed', message, details);
