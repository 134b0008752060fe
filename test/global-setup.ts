import { execSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * The tests need Debian's Chromium (browser tests) and PostgreSQL and Redis binaries (tests that
 * start their own cluster and server). On a fresh machine of ours (root, Debian) they are
 * installed once, as .ci/run does, and what the browser tests and the built-server tests load is
 * built if missing, so `npm test` works from a clean clone; elsewhere it says what is missing.
 */
const needed = ['/usr/bin/chromium', '/usr/lib/postgresql/15/bin/initdb', '/usr/bin/redis-server'];

export default function setup() {
  if (!fs.existsSync('dist/build.json')) {
    execSync('npx tsx scripts/build.ts --quiet', { stdio: 'inherit' });
  }
  const missing = needed.filter((file) => !fs.existsSync(file));
  if (missing.length === 0) return;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    execSync('scripts/install-test-packages.sh', { stdio: 'inherit' });
    return;
  }
  throw new Error(`The tests need ${missing.join(', ')} (Debian: apt-get install -y chromium postgresql redis-server).`);
}
