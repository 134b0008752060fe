import path from 'node:path';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import type { Identity } from '../../client/app/identity';
import { repoRoot } from './server';

export const clientDir = path.join(repoRoot, 'dist/client');

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

/** A browser profile of its own (storage, IndexedDB) for one person on this device. */
export async function personContext(browser: Browser, identity: Identity, viewport = { width: 1280, height: 900 }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, locale: 'nb-NO' });
  await context.addInitScript((value) => {
    if (!localStorage.getItem('fellesrom.identity')) localStorage.setItem('fellesrom.identity', value);
  }, JSON.stringify(identity));
  return context;
}
