import path from 'node:path';
import react from '@vitejs/plugin-react';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import { ClientRoutes, routePatternRegExp } from './shared/client-routes.ts';
import { postgresSuite } from './test/postgres-suite.ts';

const apiTarget = `http://127.0.0.1:${process.env.PORT ?? 3000}`;

export default defineConfig({
  root: path.resolve(import.meta.dirname, 'client'),
  plugins: [
    react(),
    // The offline shell: Workbox precaches every file of the build, lazy chunks included, under
    // revisions; a changed build installs a new worker that waits until the person accepts the
    // "new version" notice (client/app/NewVersionNotice.tsx), so a page never mixes two builds.
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      workbox: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,woff2}'],
        // The editor chunk is the largest; well under this.
        maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
        navigateFallback: 'index.html',
        // Only the client's own pages get the app shell; /api, /collab and /metrics never do.
        navigateFallbackAllowlist: ClientRoutes.map(routePatternRegExp),
        cleanupOutdatedCaches: true,
        clientsClaim: true,
        // Hashed file names are their own revision.
        dontCacheBustURLsMatching: /^assets\//,
      },
    }),
  ],
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
    include: process.env.TEST_DATABASE === 'postgres' ? postgresSuite : ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
