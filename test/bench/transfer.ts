/**
 * npm run bench:transfer — bytes on the wire for the first page and the document page.
 *
 * Starts the real server on the built client (dist/client), opens each page in a fresh Chromium
 * profile (cold HTTP cache, no service worker yet) and records every HTTP response the page itself
 * asked for (not the service worker's background precache, not the websocket). Each of those URLs
 * is then fetched again with `Accept-Encoding: identity`, `gzip` and `br`, because Chromium offers
 * brotli only over HTTPS and this runs on plain HTTP. Prints one table; nothing is asserted.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { teamLeader } from '../helpers/api';
import { clientDir, launchBrowser, personContext } from '../helpers/browser';
import { startTestServer } from '../helpers/server';

const server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
const browser = await launchBrowser();
try {
  const { session, teamId } = await teamLeader(server.url);
  const documentId = (await session.post(`/api/teams/${teamId}/documents`, { kind: 'lesson_plan', title: 'Brøkplan' })).json.id as string;

  const pages: Array<[string, string, (page: Page) => Promise<unknown>]> = [
    ['first page (/)', '/', (page) => page.locator('main#main').waitFor()],
    ['document page', `/documents/${documentId}`, (page) => page.locator('.ProseMirror').waitFor()],
  ];
  const rows: string[][] = [['page', 'requests', 'identity', 'gzip', 'brotli', 'Chromium (http)']];
  for (const [label, url, ready] of pages) {
    const context = await personContext(browser, session);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const seen = new Map<string, string>();
    const wire = new Map<string, number>();
    cdp.on('Network.responseReceived', (e) => {
      if (e.type !== 'WebSocket' && e.response.url.startsWith(server.url)) seen.set(e.requestId, e.response.url);
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (seen.has(e.requestId)) wire.set(e.requestId, e.encodedDataLength);
    });
    await page.goto(`${server.url}${url}`, { waitUntil: 'networkidle' });
    await ready(page);
    await context.close();

    // The API answers are per person and tiny; the page's own weight is its HTML, scripts and styles.
    const isApi = (u: string) => new URL(u).pathname.startsWith('/api/');
    const urls = [...new Set(seen.values())].filter((u) => !isApi(u));
    const onWire = [...wire].reduce((sum, [id, bytes]) => (isApi(seen.get(id)!) ? sum : sum + bytes), 0);
    const size = async (encoding: string) => {
      let total = 0;
      for (const u of urls) {
        const res = await fetch(u, { headers: { 'accept-encoding': encoding, cookie: session.cookie } });
        // Undici decodes bodies it understands; count what travelled, from Content-Length.
        const length = Number(res.headers.get('content-length'));
        const body = new Uint8Array(await res.arrayBuffer());
        total += Number.isFinite(length) && length > 0 ? length : body.byteLength;
      }
      return total;
    };
    const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;
    rows.push([
      label,
      String(urls.length),
      kb(await size('identity')),
      kb(await size('gzip')),
      kb(await size('br')),
      kb(onWire),
    ]);
    process.stderr.write(`${label}: ${urls.map((u) => path.basename(new URL(u).pathname) || '/').join(', ')}\n`);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
} finally {
  await browser.close();
  await server.close();
}
