import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { DEFAULT_LOCALE, type Locale, type Localized, Locales } from '../../shared/locale';
import { en } from './en';
import type { Catalog, Message } from './message';
import { type MessageKey, nb } from './nb';
import { nn } from './nn';

export type { MessageKey } from './nb';

export const catalogs: Record<Locale, Catalog> = { nb, nn, en };
const STORAGE_KEY = 'fellesrom.locale';
/** The locale each language's dates and times are written in. */
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
  const message: Message = catalogs[locale][key];
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
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLocaleState(next);
  }, []);
  const value = useMemo<I18n>(() => {
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
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
