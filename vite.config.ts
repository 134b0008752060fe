import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'client'),
  plugins: [react()],
  build: { outDir: path.resolve(import.meta.dirname, 'dist/client'), emptyOutDir: true },
  server: {
    port: 5173,
    // The Host header is passed through unchanged (no changeOrigin, which the string shorthand
    // turns on): the server refuses state changes whose Origin is not its own host.
    proxy: {
      '/api': { target: apiTarget },
      '/collab': { target: apiTarget.replace('http', 'ws'), ws: true },
    },
  },
  test: {
    root: import.meta.dirname,
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
