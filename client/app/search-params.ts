import { ID_PATTERN } from '../../shared/ids';

/**
 * Reading a page's search parameters (filters kept in the address). Each reader takes what the URL
 * holds and returns a valid value or nothing: a malformed parameter is simply not set, it never
 * breaks the page. (Hand-written rather than zod, which would add ~20 kB to the first page.)
 */
type Reader<T> = (value: unknown) => T | undefined;

export const oneOf =
  <const T extends string>(values: readonly T[]): Reader<T> =>
  (v) =>
    typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined;

export const anId: Reader<string> = (v) => (typeof v === 'string' && ID_PATTERN.test(v) ? v : undefined);

export const text =
  (max: number, pattern?: RegExp): Reader<string> =>
  (v) => {
    // The router reads `?q=123` or `?q=true` as JSON: a number or a boolean, which is text here.
    const s = typeof v === 'string' ? v.trim() : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
    return s && s.length <= max && (!pattern || pattern.test(s)) ? s : undefined;
  };

export const integer =
  (min: number, max: number): Reader<number> =>
  (v) => {
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
    return Number.isInteger(n) && n >= min && n <= max ? n : undefined;
  };

/**
 * A `validateSearch` from one reader per parameter. It is a Standard Schema (the interface zod and
 * others implement), which the router types pages from.
 */
export function searchParams<S extends Record<string, Reader<unknown>>>(shape: S) {
  const read = (raw: unknown): Output<S> => {
    const input = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const [key, reader] of Object.entries(shape)) {
      // A malformed value is set to undefined, not left out: the router lays what this returns over
      // the address's raw parameters, so a parameter left out would keep its malformed value.
      if (key in input) out[key] = reader(input[key]);
    }
    return out as Output<S>;
  };
  return {
    '~standard': {
      version: 1 as const,
      vendor: 'fellesrom',
      validate: (raw: unknown) => ({ value: read(raw) }),
      types: undefined as unknown as { input: Partial<Output<S>>; output: Output<S> },
    },
  };
}

type Output<S extends Record<string, Reader<unknown>>> = { [K in keyof S]?: NonNullable<ReturnType<S[K]>> };
