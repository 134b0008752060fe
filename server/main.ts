import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/data-dir-lock';
import { startServer } from './server';

try {
  const config = loadConfig();
  const server = await startServer(config);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      server.log.info('shutting down', { signal });
      server.close().then(
        () => process.exit(0),
        (error) => {
          server.log.error('shutdown failed', { error });
          process.exit(1);
        },
      );
    });
  }
  // Still fatal, as Node makes them, but written as one JSON line with the error's code and causes.
  process.on('uncaughtException', (error) => {
    server.log.error('uncaught exception', { error });
    process.exit(1);
  });
  process.on('unhandledRejection', (error) => {
    server.log.error('unhandled rejection', { error });
    process.exit(1);
  });
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (error instanceof DataDirInUseError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(3);
  }
  throw error;
}
