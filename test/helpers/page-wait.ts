import { isDeepStrictEqual } from 'node:util';
import type { Page } from 'playwright-core';
import { en } from '../../client/i18n/en';
import { nb } from '../../client/i18n/nb';

/**
 * Waiting in browser tests: on what the page itself shows, never on the clock. A wait gives up at
 * once, saying why, when the page shows one of our error messages or throws; otherwise after a
 * deadline that only a hung product reaches (machines here are shared and slow, so it is long).
 */
const DEADLINE_MS = 30_000;
/** How often a wait looks again. */
const POLL_MS = 50;
/** How long one look may take before it is tried afresh. */
const ATTEMPT_MS = 2000;

interface WaitOptions {
  timeoutMs?: number;
  /** The test expects the page to show an error: do not treat one as failure. */
  errorsExpected?: boolean;
}

const errorTexts = [
  ...new Set(
    [nb, en]
      .flatMap((catalog) => Object.entries(catalog).filter(([key]) => key.startsWith('error.') || key === 'page.errorTitle' || key === 'page.chunkTitle'))
      .map(([, text]) => (typeof text === 'string' ? text : text.other)),
  ),
];

const uncaught = new WeakMap<Page, string[]>();

/** Remembers errors the page throws (call once per page; `personContext` does it for every page). */
export function watchPage(page: Page): void {
  if (uncaught.has(page)) return;
  const errors: string[] = [];
  uncaught.set(page, errors);
  page.on('pageerror', (error) => errors.push(error.message));
}

/** What the page shows or threw that means something went wrong, if anything. */
export async function pageTrouble(page: Page): Promise<string | null> {
  const thrown = uncaught.get(page)?.[0];
  if (thrown) return `the page threw: ${thrown}`;
  const alerts = await page.locator('[role="alert"]').allTextContents().catch(() => []);
  const shown = alerts.find((text) => errorTexts.some((e) => text.includes(e)));
  return shown ? `the page says: "${shown.trim()}"` : null;
}

const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v));

/**
 * Reads `read()` until it equals `expected` (or satisfies it, given a predicate) and returns the
 * value. Fails fast with `what` and the page's error if one shows up first.
 */
export async function eventually<T>(
  page: Page,
  what: string,
  read: () => Promise<T> | T,
  expected: T | ((value: T) => boolean),
  { timeoutMs = DEADLINE_MS, errorsExpected = false }: WaitOptions = {},
): Promise<T> {
  const ok = typeof expected === 'function' ? (expected as (value: T) => boolean) : (v: T) => isDeepStrictEqual(v, expected);
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown = null;
  for (;;) {
    try {
      // A read that waits on its own (a locator on an element not there yet) is given up after a
      // moment and tried again, so it cannot eat the whole deadline or miss the page's error.
      let abandon: ReturnType<typeof setTimeout> | undefined;
      last = await Promise.race([
        Promise.resolve(read()),
        new Promise<never>((_, reject) => {
          abandon = setTimeout(() => reject(new Error('no answer yet')), ATTEMPT_MS);
        }),
      ]).finally(() => clearTimeout(abandon));
      lastError = null;
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    const trouble = errorsExpected ? null : await pageTrouble(page);
    if (trouble) throw new Error(`${what}: ${trouble} (last seen: ${show(last)})`);
    if (Date.now() > deadline) {
      const wanted = typeof expected === 'function' ? 'the condition' : show(expected);
      throw new Error(`${what}: waited ${timeoutMs} ms for ${wanted}, last seen ${show(last)}${lastError ? ` (${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits until an element matching `selector` (and holding `text`, if given) is on the page. */
export async function shown(page: Page, what: string, selector: string, text?: string | RegExp, options?: WaitOptions): Promise<void> {
  await eventually(
    page,
    what,
    async () => {
      const texts = await page.locator(selector).allTextContents();
      return text === undefined ? texts.length > 0 : texts.some((t) => (typeof text === 'string' ? t.includes(text) : text.test(t)));
    },
    true,
    options,
  );
}
