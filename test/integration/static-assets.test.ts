import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../client/i18n/en';
import type { Message } from '../../client/i18n/message';
import { nb } from '../../client/i18n/nb';
import { nn } from '../../client/i18n/nn';
import { clientDir } from '../helpers/browser';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ env: { CLIENT_DIR: clientDir } });
});
afterAll(() => server?.close());

/** A raw GET (undici's fetch would decode the body and normalise the path). */
function get(urlPath: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: server.port, path: urlPath, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const assets = fs.readdirSync(path.join(clientDir, 'assets')).filter((f) => /\.(js|css)$/.test(f));
const entryScript = assets.find((f) => /^index-.*\.js$/.test(f))!;

describe('the built client', () => {
  it('serves a hashed asset precompressed as the request accepts, immutable, varying by encoding', async () => {
    const original = fs.readFileSync(path.join(clientDir, 'assets', entryScript));
    const br = await get(`/assets/${entryScript}`, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    const gz = await get(`/assets/${entryScript}`, { 'accept-encoding': 'gzip, deflate' });
    const plain = await get(`/assets/${entryScript}`);
    for (const res of [br, gz, plain]) {
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/javascript/);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers.vary).toBe('Accept-Encoding');
    }
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.body).equals(original)).toBe(true);
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.body).equals(original)).toBe(true);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(original)).toBe(true);
    expect(br.body.length).toBeLessThan(gz.body.length);
    expect(gz.body.length).toBeLessThan(original.length / 2);
    // An encoding refused outright is not sent.
    expect((await get(`/assets/${entryScript}`, { 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding']).toBe('gzip');
  });

  it('answers a missing asset with a 404 that is neither HTML nor cached', async () => {
    for (const missing of ['/assets/DocumentPage-0ld8uild.js', '/assets/index-gone.css', '/assets/nested/x.js', '/sw-old.js', '/favicon.ico']) {
      const res = await get(missing, { accept: '*/*', 'accept-encoding': 'br, gzip' });
      expect(res.status, missing).toBe(404);
      expect(res.headers['content-type'], missing).toMatch(/^application\/json/);
      expect(res.headers['cache-control'] ?? '', missing).not.toMatch(/max-age|immutable/);
      expect(JSON.parse(res.body.toString()).error.code).toBe('not_found');
    }
    expect((await get('/assets/DocumentPage-0ld8uild.js')).headers['cache-control']).toBe('no-store');
  });

  it('answers the client pages with index.html, revalidated every time (304 when unchanged)', async () => {
    const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    for (const page of ['/', '/signup', '/inbox', '/invite/abc', '/teams/t1', '/teams/t1/members/', '/cycles/c1', '/documents/d1', '/documents/d1/observe', '/documents/d1/print']) {
      const res = await get(page, { accept: 'text/html' });
      expect(res.status, page).toBe(200);
      expect(res.headers['content-type'], page).toMatch(/^text\/html/);
      expect(res.headers['cache-control'], page).toBe('no-cache');
      expect(res.body.toString(), page).toBe(html);
    }
    const first = await get('/documents/d1', { 'accept-encoding': 'gzip' });
    expect(first.headers['content-encoding']).toBe('gzip');
    expect(first.headers.etag).toBeTruthy();
    const again = await get('/documents/d1', { 'accept-encoding': 'gzip', 'if-none-match': first.headers.etag! });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
  });

  it('serves sw.js and the Workbox runtime revalidated, and precaches every chunk the build made', async () => {
    const sw = await get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['content-type']).toMatch(/javascript/);
    expect(sw.headers['cache-control']).toBe('no-cache');
    const source = sw.body.toString();
    for (const asset of assets) expect(source, asset).toContain(`assets/${asset}`);
    expect(assets.some((a) => a.startsWith('DocumentPage-'))).toBe(true);
    const runtime = /\.\/(workbox-[\w-]+)"/.exec(source)![1]!;
    const res = await get(`/${runtime}.js`);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for nothing else: other paths, the API and odd paths are JSON 404s', async () => {
    for (const page of ['/wp-admin', '/teams', '/teams/t1/unknown', '/documents/d1/observe/extra', '/login.php', '/dist/client/index.html']) {
      const res = await get(page, { accept: 'text/html' });
      expect(res.status, page).toBe(404);
      expect(res.headers['content-type'], page).toMatch(/^application\/json/);
    }
    const api = await get('/api/no-such-endpoint', { accept: 'text/html' });
    expect(api.status).toBe(404);
    expect(JSON.parse(api.body.toString())).toEqual({ error: { code: 'not_found', message: 'No such endpoint' } });
    for (const odd of ['/assets/../../package.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/server/main.ts', '/..%2fpackage.json']) {
      const res = await get(odd);
      expect(res.status, odd).toBe(404);
      expect(res.body.toString(), odd).not.toContain('"name": "fellesrom"');
    }
  });

  it('loads only what the first page needs: bokmål, not nynorsk or English, not zod, not the editor', () => {
    const html = fs.readFileSync(path.join(clientDir, 'index.html'), 'utf8');
    const initial = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*rel="modulepreload"[^>]*\bhref)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
    expect(initial).toContain(`assets/${entryScript}`);
    const code = initial.map((file) => fs.readFileSync(path.join(clientDir, file), 'utf8')).join('\n');
    const forms = (catalog: Record<string, Message>) => Object.values(catalog).flatMap((message) => (typeof message === 'string' ? [message] : Object.values(message)));
    expect(code).toContain(nb['home.cycles']);
    // Every text of theirs that bokmål never says: none of it in the first load.
    const bokmaal = new Set(forms(nb));
    const notBokmaal = [...new Set([...forms(nn), ...forms(en)])].filter((message) => !bokmaal.has(message));
    expect(notBokmaal.length).toBeGreaterThan(300);
    // Whole string literals ("{count} dokument" is in "{count} dokumenter"); short ones, like "Lagra", could be anyone's word.
    const literal = (message: string) => [`"${message}"`, `'${message}'`, `\`${message}\``].some((quoted) => code.includes(quoted));
    expect(notBokmaal.filter((message) => message.length > 12 && literal(message))).toEqual([]);
    // Zod names its classes "$ZodType"…; the editor is ProseMirror's and Yjs's.
    expect(code).not.toMatch(/\$Zod[A-Z]/);
    expect(code).not.toMatch(/ProseMirror-|Y\.Doc/);
  });

  it('answers HEAD like GET, without a body', async () => {
    const res = await get(`/assets/${entryScript}`, { 'accept-encoding': 'br' }, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(Number(res.headers['content-length'])).toBe(fs.statSync(path.join(clientDir, 'assets', `${entryScript}.br`)).size);
    expect(res.body.length).toBe(0);
  });
});
