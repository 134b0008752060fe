/**
 * npm run build: everything `npm start` runs, into dist/.
 *   dist/client  the Vite build (hashed assets, the Workbox service worker), each compressible file
 *                beside a .br and a .gz made here once, so the server never compresses per request;
 *   dist/server  the server bundled by esbuild (main.js, cli.js for backup/restore) with the
 *                migrations copied beside it; only native and optional packages stay in node_modules;
 *   dist/build.json  written last, dated to when the build started: `npm start` rebuilds when a
 *                source is newer (scripts/start.mjs).
 */
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { build as viteBuild } from 'vite';
import { bundleServer } from './server-bundle';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const started = new Date();
const quiet = process.argv.includes('--quiet');
const say = (line: string) => {
  if (!quiet) process.stdout.write(`${line}\n`);
};

fs.rmSync(path.join(dist, 'build.json'), { force: true });
await viteBuild({ configFile: path.join(root, 'vite.config.ts'), logLevel: quiet ? 'warn' : 'info' });
const compressed = await precompress(path.join(dist, 'client'));
say(`precompressed ${compressed.files} files: ${kB(compressed.raw)} → ${kB(compressed.gzip)} gzip, ${kB(compressed.br)} brotli`);

const serverOut = path.join(dist, 'server');
fs.rmSync(serverOut, { recursive: true, force: true });
const metafile = await bundleServer(root, serverOut, { main: 'server/main.ts', cli: 'server/cli.ts' });
for (const [file, output] of Object.entries(metafile.outputs)) {
  if (file.endsWith('.js')) say(`${path.relative(root, path.join(root, file))}  ${kB(output.bytes)}`);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
const stamp = path.join(dist, 'build.json');
fs.writeFileSync(stamp, `${JSON.stringify({ version: pkg.version, builtAt: started.toISOString() }, null, 2)}\n`);
fs.utimesSync(stamp, started, started);
say(`built in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);

function kB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} kB`;
}

/** .br (quality 11) and .gz (level 9) beside every compressible file where they are smaller. */
async function precompress(dir: string) {
  const brotli = promisify(zlib.brotliCompress);
  const gzip = promisify(zlib.gzip);
  const compressible = /\.(?:js|mjs|css|html|svg|json|webmanifest|txt)$/;
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => compressible.test(f))
    .map((f) => path.join(dir, f));
  const totals = { files: 0, raw: 0, gzip: 0, br: 0 };
  await Promise.all(
    files.map(async (file) => {
      const raw = fs.readFileSync(file);
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [zlib.constants.BROTLI_PARAM_QUALITY]: 11,
            [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
            [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
          },
        }),
        gzip(raw, { level: 9 }),
      ]);
      // A compressed copy that saves nothing (tiny files) is not written; the plain file is served.
      if (br.length < raw.length) fs.writeFileSync(`${file}.br`, br);
      if (gz.length < raw.length) fs.writeFileSync(`${file}.gz`, gz);
      totals.files++;
      totals.raw += raw.length;
      totals.gzip += Math.min(gz.length, raw.length);
      totals.br += Math.min(br.length, raw.length);
    }),
  );
  return totals;
}
