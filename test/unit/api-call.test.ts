import { describe, expect, it } from 'vitest';
import { ApiError, call } from '../../client/api/client';

/** `call` as the client uses it, on the answers a real server (or a proxy in front of it) gives. */
const answer = (body: string | null, status: number, headers: Record<string, string> = {}) => Promise.resolve(new Response(body, { status, headers }));

describe('call(): every answer becomes data or an ApiError', () => {
  it('an empty 204 is a success with no data (delete, revoke, restore, mark read…)', async () => {
    await expect(call(answer(null, 204))).resolves.toBeUndefined();
  });

  it('JSON is returned as it is', async () => {
    await expect(call(answer('{"ok":true}', 200, { 'content-type': 'application/json' }))).resolves.toEqual({ ok: true });
  });

  it("the server's error code comes through", async () => {
    const error = await call(answer('{"error":{"code":"forbidden","message":"no"}}', 403)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'forbidden', status: 403 });
  });

  it('an HTML error page from a proxy is an internal error with its status, not a crash', async () => {
    const error = await call(answer('<html>Bad gateway</html>', 502)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'internal', status: 502 });
  });

  it('a refused connection is a network error', async () => {
    const error = await call(Promise.reject(new TypeError('Failed to fetch'))).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'network', status: 0 });
  });
});
