/**
 * The server's Node flags (V8's young generation size, see README) are given wherever the built
 * server is started: `npm start`, `npm run serve` and the Dockerfile's CMD must not drift apart.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/server';

const flagsOf = (command: string[]) => command.slice(1).filter((word) => word.startsWith('--'));

describe('the Node flags the server is started with', () => {
  it('are the same for npm start, npm run serve and the container', () => {
    const scripts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    const start = flagsOf(scripts.start!.split(/\s+/));
    expect(start).toContain('--max-semi-space-size=32');
    expect(flagsOf(scripts.serve!.split(/\s+/))).toEqual(start);
    const cmd = fs
      .readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('CMD ['))
      .at(-1);
    expect(flagsOf(JSON.parse(cmd!.slice(4)) as string[])).toEqual(start);
  });
});
