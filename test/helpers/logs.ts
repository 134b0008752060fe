/**
 * The server's log lines (JSON on stdout) written while `run` runs, for tests that check why
 * something was refused. An in-process test server only: a spawned one has its own stdout.
 */
export async function logsDuring(run: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const write = process.stdout.write;
  const lines: Array<Record<string, unknown>> = [];
  process.stdout.write = ((chunk: string | Uint8Array) => {
    for (const line of String(chunk).split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not one of ours
      }
    }
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return lines;
}

/** The reason the server logged for refusing an OpenID sign-in. */
export const refusals = (lines: Array<Record<string, unknown>>) =>
  lines.filter((l) => l.msg === 'OpenID sign-in refused').map((l) => String(l.reason));
