import path from 'node:path';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import type { Session } from './api';
import { afterAll, beforeAll } from 'vitest';
import { watchPage } from './page-wait';
import { type Env, repoRoot, startTestServer, type TestServer } from './server';

/** The built client the browser tests load (`E2E_CLIENT_DIR` points them at another build, e.g. an older one). */
export const clientDir = process.env.E2E_CLIENT_DIR ?? path.join(repoRoot, 'dist/client');

/** Debian's Chromium, headless, with nothing reaching for the network. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A browser profile of its own (cookies, IndexedDB), optionally already signed in as `session`. */
export async function personContext(
  browser: Browser,
  session?: Session,
  viewport = { width: 1280, height: 900 },
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'nb-NO', ...options });
  context.on('page', watchPage);
  if (session) {
    const [name, value] = session.cookie.split('=') as [string, string];
    await context.addCookies([{ name, value, url: session.baseUrl, httpOnly: true, sameSite: 'Lax' }]);
  }
  return context;
}

/** Turns the page's HTTP cache off, so that what works offline is what the service worker keeps. */
export async function disableHttpCache(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
}

/**
 * For one browser test file: the real server serving the built client, and Chromium. `env` may be
 * worked out first (e.g. from an identity provider the file starts).
 */
export function browserSuite(env: Env | (() => Promise<Env>) = {}): { server: TestServer; browser: Browser } {
  const suite = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    suite.server = await startTestServer({ env: { CLIENT_DIR: clientDir, ...(typeof env === 'function' ? await env() : env) } });
    suite.browser = await launchBrowser();
  });
  afterAll(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });
  return suite;
}

/**
 * The editor's save state (`saved`, `saving`, `offline`…) as the page shows it. (Not `[data-status]`:
 * the router marks active links with that attribute too.)
 */
export const syncStatus = (page: Page) => page.locator('output.sync-status').getAttribute('data-status');
