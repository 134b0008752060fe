export const Locales = ['nb', 'nn', 'en'] as const;
export type Locale = (typeof Locales)[number];
export const DEFAULT_LOCALE: Locale = 'nb';

/** Text in every UI language. Bokmål first. */
export type Localized = Record<Locale, string>;
