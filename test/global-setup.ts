import { execSync } from 'node:child_process';
import fs from 'node:fs';

/**
 * Browser tests drive Debian's Chromium. On a fresh machine of ours (root, Debian) install it
 * once, as .ci/run does, and build what the browser tests and the built-server tests load if it
 * is missing, so `npm test` works from a clean clone; elsewhere say what is missing.
 */
export default function setup() {
  if (!fs.existsSync('dist/build.json')) {
    execSync('npx tsx scripts/build.ts --quiet', { stdio: 'inherit' });
  }
  if (fs.existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0 && fs.existsSync('/usr/bin/apt-get')) {
    console.log('Installing Debian chromium for the browser tests…');
    execSync('apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium', { stdio: 'inherit' });
    return;
  }
  throw new Error('Browser tests need /usr/bin/chromium (Debian: apt-get install -y chromium).');
}
