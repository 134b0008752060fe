/**
 * The server as it is deployed: bundled by esbuild into `outdir` (main.js, and cli.js when asked),
 * with the migrations copied beside it. Used by the build (dist/server) and by the benchmarks, which
 * measure this artifact rather than the source run through tsx (its transform keeps every function's
 * name with a defineProperty per closure, which costs heap and CPU that production never pays).
 */
import fs from 'node:fs';
import path from 'node:path';
import { build, type Metafile } from 'esbuild';

export async function bundleServer(root: string, outdir: string, entryPoints: Record<string, string>): Promise<Metafile> {
  const result = await build({
    absWorkingDir: root,
    entryPoints,
    outdir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // better-sqlite3 loads a compiled addon; ws's two native speed-ups are optional.
    external: ['better-sqlite3', 'bufferutil', 'utf-8-validate'],
    // Bundled CommonJS packages (ws, zod's helpers…) still call require().
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
    metafile: true,
  });
  fs.cpSync(path.join(root, 'server/db/migrations'), path.join(outdir, 'migrations'), { recursive: true });
  fs.cpSync(path.join(root, 'server/db/pg/migrations'), path.join(outdir, 'pg-migrations'), { recursive: true });
  return result.metafile;
}
