import { bodyLimit } from 'hono/body-limit';
import { AppError } from './errors';

/** Refuses request bodies over `maxSize` bytes with our 413. */
export const limitBody = (maxSize: number) =>
  bodyLimit({
    maxSize,
    onError: (c) => {
      // The rest of the body is never read, so this connection cannot carry another request:
      // say so, or a keep-alive client sends its next request into a socket we are closing.
      c.header('Connection', 'close');
      return c.json(new AppError(413, 'payload_too_large', `Request bodies are limited to ${maxSize} bytes`).toBody(), 413);
    },
  });
