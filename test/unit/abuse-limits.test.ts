/** Login limits without a lockout, token buckets, and the Origin rule (scheme and host). */
import { describe, expect, it } from 'vitest';
import { LoginLimits } from '../../server/auth/login-limits';
import { isAllowedOrigin, requestScheme } from '../../server/auth/middleware';
import { TokenBucket } from '../../server/auth/rate-limit';

const MINUTE = 60_000;

describe('login limits', () => {
  const limits = () =>
    new LoginLimits({ maxFailuresPerAccountAndAddress: 5, maxFailuresPerAddress: 30, windowMs: 15 * MINUTE, accountFailureBurst: 20, accountFailureRefillMs: MINUTE });

  it('stops one (account, address) pair after five failures, not the account’s owner elsewhere', () => {
    const l = limits();
    const t0 = 1_000_000;
    for (let i = 0; i < 5; i++) {
      expect(l.wait('lise@skole.no', '10.0.0.66', t0)).toBe(0);
      l.failed('lise@skole.no', '10.0.0.66', t0);
    }
    expect(l.wait('lise@skole.no', '10.0.0.66', t0)).toBeGreaterThan(0);
    expect(l.wait('lise@skole.no', '10.0.0.1', t0)).toBe(0);
    // The window passes.
    expect(l.wait('lise@skole.no', '10.0.0.66', t0 + 15 * MINUTE)).toBe(0);
  });

  it('slows an account attacked from many addresses to one try a minute, never locks it', async () => {
    const l = limits();
    let now = 1_000_000;
    let tries = 0;
    for (let address = 0; address < 200; address++) {
      for (let i = 0; i < 5; i++) {
        if (l.wait('lise@skole.no', `10.1.${address}.${i}`, now) === 0) {
          l.failed('lise@skole.no', `10.1.${address}.${i}`, now);
          tries++;
        }
      }
    }
    expect(tries).toBe(20);
    // The owner, from her own address: she waits at most a minute, then may try.
    const wait = await l.wait('lise@skole.no', '192.168.1.10', now);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(60);
    now += wait * 1000;
    expect(l.wait('lise@skole.no', '192.168.1.10', now)).toBe(0);
    // An hour of attacking from fresh addresses gets 60 more tries, not 1,000s.
    let later = 0;
    for (let s = 0; s < 3600; s++) {
      const address = `10.2.${s >> 8}.${s & 255}`;
      if (l.wait('lise@skole.no', address, now + s * 1000) === 0) {
        l.failed('lise@skole.no', address, now + s * 1000);
        later++;
      }
    }
    expect(later).toBeLessThanOrEqual(61);
  });

  it('stops password spraying from one address across accounts', () => {
    const l = limits();
    for (let i = 0; i < 30; i++) l.failed(`person${i}@skole.no`, '10.0.0.9', 0);
    expect(l.wait('someone.else@skole.no', '10.0.0.9', 0)).toBeGreaterThan(0);
  });
});

describe('token bucket', () => {
  it('allows a burst, then one per refill period', () => {
    const b = new TokenBucket(3, 1000);
    expect([b.take('k', 0), b.take('k', 0), b.take('k', 0), b.take('k', 0)]).toEqual([true, true, true, false]);
    expect(b.retryAfter('k', 0)).toBe(1);
    expect(b.take('k', 999)).toBe(false);
    expect(b.take('k', 1000)).toBe(true);
    expect(b.take('other', 0)).toBe(true);
  });
});

describe('the Origin rule', () => {
  const request = { scheme: 'http' as const, host: 'fellesrom.skole.no:3000' };
  it('accepts only our own scheme and host, or the configured public origin', () => {
    expect(isAllowedOrigin('http://fellesrom.skole.no:3000', request, null)).toBe(true);
    expect(isAllowedOrigin('https://fellesrom.skole.no:3000', request, null)).toBe(false);
    expect(isAllowedOrigin('http://fellesrom.skole.no:3001', request, null)).toBe(false);
    expect(isAllowedOrigin('http://evil.example', request, null)).toBe(false);
    expect(isAllowedOrigin('null', request, null)).toBe(false);
    expect(isAllowedOrigin('http://fellesrom.skole.no:3000/path', request, null)).toBe(false);
    expect(isAllowedOrigin('https://fellesrom.skole.no', request, 'https://fellesrom.skole.no')).toBe(true);
    expect(isAllowedOrigin('http://FELLESROM.skole.no:3000', { scheme: 'http', host: 'Fellesrom.Skole.no:3000' }, null)).toBe(false);
    expect(isAllowedOrigin('http://fellesrom.skole.no:3000', { scheme: 'http', host: undefined }, null)).toBe(false);
    expect(isAllowedOrigin('http://localhost', { scheme: 'http', host: 'localhost:80' }, null)).toBe(true);
  });

  it('takes the scheme from a proxy only when the proxy is ours', () => {
    expect(requestScheme(false, 'https', false)).toBe('http');
    expect(requestScheme(false, 'https', true)).toBe('https');
    expect(requestScheme(true, undefined, false)).toBe('https');
    expect(requestScheme(false, 'gopher', true)).toBe('http');
  });
});
