import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE, type Locale, type Localized, Locales } from '../../shared/locale';
import type { Catalog, Message } from './message';
import { type MessageKey, nb } from './nb';

export type { MessageKey } from './nb';

/**
 * Bokmål comes with the app; nynorsk and English load when someone chooses them (each is as big
 * as bokmål, and most people read one language).
 */
const loaded: Partial<Record<Locale, Catalog>> = { nb };
const loaders: Record<Locale, () => Promise<Catalog>> = {
  nb: () => Promise.resolve(nb),
  nn: () => import('./nn').then((m) => m.nn),
  en: () => import('./en').then((m) => m.en),
};

/** Makes a language's messages available (at once for bokmål). */
export async function loadCatalog(locale: Locale): Promise<Catalog> {
  return (loaded[locale] ??= await loaders[locale]());
}
const STORAGE_KEY = 'fellesrom.locale';
/** The locale each language's dates, times and numbers are written in. */
export const dateLocales: Record<Locale, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t: Translate;
  /** Picks this locale's text from shared data (templates, kinds). */
  pick(text: Localized): string;
  formatDateTime(iso: string): string;
  /** A time of day (hours and minutes). */
  formatTime(at: number | string): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLocale(): Locale {
  const stored = localStorage.getItem(STORAGE_KEY);
  return (Locales as readonly string[]).includes(stored ?? '') ? (stored as Locale) : DEFAULT_LOCALE;
}

/**
 * Fills in `{name}` placeholders; a message with plural forms picks the one for `vars.count` by
 * the language's plural rules ("1 kommentar", "2 kommentarer").
 */
export function translate(locale: Locale, key: MessageKey, vars?: Record<string, string | number>): string {
  const message: Message = (loaded[locale] ?? nb)[key];
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    const count = Number(vars?.count ?? 0);
    text = message[new Intl.PluralRules(dateLocales[locale]).select(count) as keyof typeof message] ?? message.other;
  }
  if (vars) for (const [name, v] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(v));
  return text;
}

export function I18nProvider({ children }: { children: ReactNode }) {
  // A language is shown once its messages are here: until then, the one shown before (or nothing,
  // for the first few milliseconds of a nynorsk or English reader's visit).
  const [locale, setLocaleState] = useState<Locale | null>(() => (loaded[initialLocale()] ? initialLocale() : null));
  useEffect(() => {
    if (locale === null) void loadCatalog(initialLocale()).then(() => setLocaleState(initialLocale()), () => setLocaleState(DEFAULT_LOCALE));
  }, [locale]);
  useEffect(() => {
    if (locale) document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    // Should the language's messages fail to load (offline before they were cached), the page stays in the one it shows.
    void loadCatalog(next).then(
      () => setLocaleState(next),
      () => undefined,
    );
  }, []);
  const value = useMemo<I18n | null>(() => {
    if (!locale) return null;
    const dateFormat = new Intl.DateTimeFormat(dateLocales[locale], { dateStyle: 'medium', timeStyle: 'short' });
    const timeFormat = new Intl.DateTimeFormat(dateLocales[locale], { hour: '2-digit', minute: '2-digit' });
    return {
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      pick: (text) => text[locale],
      formatDateTime: (iso) => dateFormat.format(new Date(iso)),
      formatTime: (at) => timeFormat.format(new Date(at)),
    };
  }, [locale, setLocale]);
  if (!value) return null;
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
