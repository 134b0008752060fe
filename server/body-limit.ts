import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors';

/** Refuses request bodies over `maxSize` bytes with our 413. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new AppError(413, 'payload_too_large', `Request bodies are limited to ${maxSize} bytes`);
    },
  });
