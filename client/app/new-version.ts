/**
 * Knowing that a newer build of Fellesrom is deployed, two ways:
 * - the service worker (Workbox, via vite-plugin-pwa) found a changed sw.js and its new worker is
 *   installed and waiting — checked on every navigation and every hour for tabs left open; the
 *   NewVersionNotice offers the reload;
 * - a page's script of this build is gone from the server (isChunkLoadError), which happens when
 *   there is no service worker to serve the old copy; the page's PageError offers the reload.
 * Nothing reloads under the person's hands.
 */
import { useSyncExternalStore } from 'react';
import { registerSW } from 'virtual:pwa-register';

const UPDATE_CHECK_MS = 60 * 60 * 1000;

let available = false;
let updateWorker: (() => Promise<void>) | null = null;
const listeners = new Set<() => void>();

function announce(): void {
  if (available) return;
  available = true;
  for (const listener of listeners) listener();
}

/** Called once at start-up (client/main.tsx). */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const update = registerSW({
    immediate: true,
    onNeedRefresh() {
      updateWorker = () => update(true);
      announce();
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      setInterval(() => void registration.update().catch(() => undefined), UPDATE_CHECK_MS);
    },
  });
}

/** A newer build replaced the chunk a page needs (after a deploy), or the network dropped it. */
export function isChunkLoadError(error: unknown): boolean {
  return (
    error instanceof Error &&
    /dynamically imported module|Importing a module script failed|Failed to load module script|Unable to preload CSS/i.test(error.message)
  );
}

/** Reloads into the new build: a waiting worker takes over first (its page reload follows). */
export function reloadToNewVersion(): void {
  if (updateWorker) void updateWorker();
  else window.location.reload();
}

export function useNewVersionAvailable(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => available,
  );
}
