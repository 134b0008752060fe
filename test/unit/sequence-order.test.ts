import { describe, expect, it } from 'vitest';
import { SequenceOrder } from '../../server/sync/sequence-order';

const u = (n: number) => new Uint8Array([n]);
const values = (updates: Uint8Array[]) => updates.map((x) => x[0]);

describe('SequenceOrder', () => {
  it('hands out updates in order and holds those behind a gap', () => {
    const order = new SequenceOrder(3);
    expect(values(order.received(5, u(5)))).toEqual([]);
    expect(order.hasGap).toBe(true);
    expect(values(order.received(4, u(4)))).toEqual([4, 5]);
    expect(order.contiguous).toBe(5);
    expect(order.hasGap).toBe(false);
  });

  it('drops duplicates and what is already contiguous', () => {
    const order = new SequenceOrder(0);
    expect(values(order.received(1, u(1)))).toEqual([1]);
    expect(values(order.received(1, u(1)))).toEqual([]);
    expect(values(order.received(3, u(3)))).toEqual([]);
    expect(values(order.received(3, u(3)))).toEqual([]);
    expect(order.held).toBe(1);
  });

  it("counts this instance's own commits without applying them again", () => {
    const order = new SequenceOrder(0);
    expect(order.committed(2)).toEqual([]);
    expect(order.hasGap).toBe(true);
    expect(values(order.received(1, u(1)))).toEqual([1]);
    expect(order.contiguous).toBe(2);
    expect(values(order.received(2, u(2)))).toEqual([]);
  });

  it("releases held updates when this instance's own commit closes the gap", () => {
    const order = new SequenceOrder(1);
    expect(values(order.received(4, u(4)))).toEqual([]);
    expect(values(order.committed(2))).toEqual([]);
    expect(values(order.committed(3))).toEqual([4]);
    expect(order.contiguous).toBe(4);
    expect(order.hasGap).toBe(false);
  });

  it('fills a gap from the database, skipping own commits and releasing what was held', () => {
    const order = new SequenceOrder(10);
    order.committed(12);
    order.received(14, u(14));
    const ready = order.filled({ state: null, updates: [11, 12, 13].map((seq) => ({ seq, update: u(seq) })) });
    expect(values(ready)).toEqual([11, 13, 14]);
    expect(order.contiguous).toBe(14);
    expect(order.hasGap).toBe(false);
  });

  it('takes a folded state when the rows it needs were compacted away', () => {
    const order = new SequenceOrder(2);
    order.received(9, u(9));
    const ready = order.filled({ state: { update: u(100), throughSeq: 7 }, updates: [{ seq: 8, update: u(8) }] });
    expect(values(ready)).toEqual([100, 8, 9]);
    expect(order.contiguous).toBe(9);
  });

  it('refuses a log with a hole (sequence numbers commit in order)', () => {
    const order = new SequenceOrder(0);
    expect(() => order.filled({ state: null, updates: [{ seq: 2, update: u(2) }] })).toThrow(/follows/);
  });
});
