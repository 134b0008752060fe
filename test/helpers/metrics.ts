/** Reading a server's `/metrics` (Prometheus text) in tests. */
import { expect } from 'vitest';
import { request } from './api';

/** Prometheus text → { 'name{labels}': value }. */
export function parseMetrics(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^([a-z_:][\w:]*(?:\{[^}]*\})?) (\S+)$/i.exec(line);
    if (m) values.set(m[1]!, Number(m[2]));
  }
  return values;
}

/** GET /metrics with the token: every value, by name and labels. */
export async function scrapeMetrics(url: string, token: string): Promise<Map<string, number>> {
  const res = await request(url, 'GET', '/metrics', undefined, { authorization: `Bearer ${token}` });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.text);
}

/** One gauge or counter without labels; throws if the server does not have it. */
export async function metric(url: string, token: string, name: string): Promise<number> {
  const value = (await scrapeMetrics(url, token)).get(name);
  if (value === undefined) throw new Error(`no ${name} in /metrics`);
  return value;
}
