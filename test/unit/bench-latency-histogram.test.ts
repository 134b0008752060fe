import { describe, expect, it } from 'vitest';
import { percentile } from '../bench/load';
import { LatencyHistogram } from '../bench/raw-load';

describe("the bench's latency histogram", () => {
  it('reads the same percentiles as sorting every latency, to its bucket width', () => {
    // Deterministic spread: most deliveries within milliseconds, a tail into seconds.
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const values = Array.from({ length: 50_000 }, () => {
      const r = next();
      return r < 0.95 ? r * 8 : r < 0.995 ? 8 + next() * 90 : 100 + next() * 4_000;
    });
    const h = new LatencyHistogram();
    for (const v of values) h.add(v);
    expect(h.count).toBe(values.length);
    for (const p of [50, 90, 99]) expect(Math.abs(h.percentile(p) - percentile(values, p))).toBeLessThanOrEqual(0.005 + 1e-9);
    // Past 100 ms the buckets are 1 ms wide.
    expect(Math.abs(h.percentile(99.9) - percentile(values, 99.9))).toBeLessThanOrEqual(0.5 + 1e-9);
  });

  it('keeps what lies beyond its range in the last bucket, and starts empty after a reset', () => {
    const h = new LatencyHistogram();
    h.add(-0.001);
    h.add(10_000_000);
    expect(h.percentile(0)).toBeCloseTo(0.005, 6);
    expect(h.percentile(99)).toBeGreaterThan(99_000);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.percentile(50)).toBeNaN();
  });
});
