import { describe, expect, it } from 'vitest';
import { serializeError } from '../../server/log';

describe('error serialization for JSON logs', () => {
  it('keeps the code, errno and the chain of causes', () => {
    const sqlite = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    const io = Object.assign(new Error('write failed', { cause: sqlite }), { code: 'EIO', errno: -5, syscall: 'write' });
    const top = new Error('backup failed', { cause: io });
    const out = serializeError(top);
    expect(out).toMatchObject({
      name: 'Error',
      message: 'backup failed',
      cause: { message: 'write failed', code: 'EIO', errno: -5, syscall: 'write', cause: { message: 'database is locked', code: 'SQLITE_BUSY' } },
    });
    expect(String(out.stack)).toContain('backup failed');
    expect(JSON.parse(JSON.stringify(out)).cause.cause.code).toBe('SQLITE_BUSY');
  });

  it('bounds a cause chain that loops, and writes non-error causes as text', () => {
    const loop = new Error('again');
    (loop as { cause?: unknown }).cause = loop;
    let depth = 0;
    for (let e: Record<string, unknown> | undefined = serializeError(loop); e && typeof e === 'object'; e = e.cause as Record<string, unknown>) depth++;
    expect(depth).toBeLessThanOrEqual(6);
    expect(serializeError(new Error('x', { cause: { reason: 'odd' } })).cause).toBe('[object Object]');
    const many = serializeError(new AggregateError([new Error('a'), 'b'], 'both'));
    expect(many.errors).toMatchObject([{ message: 'a' }, 'b']);
  });
});
