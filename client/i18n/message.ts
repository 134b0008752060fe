/**
 * A UI message: text with `{name}` placeholders, or, when it counts something, one text per plural
 * category of the language (Norwegian and English use `one` and `other`).
 */
export type Message = string | PluralMessage;
export interface PluralMessage {
  one: string;
  other: string;
}

/** One language's messages; every language has exactly the keys of bokmål (nb.ts). */
export type Catalog = Record<import('./nb').MessageKey, Message>;
