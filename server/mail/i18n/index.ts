import type { UserLanguage } from '../../../shared/account';
import { en } from './en';
import { type MailKey, nb } from './nb';
import { nn } from './nn';

const catalogs: Record<UserLanguage, Record<MailKey, string>> = { nb, nn, en };
const dateLocales: Record<UserLanguage, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

type PluralBase<K> = K extends `${infer B}_one` ? B : never;
export type PluralKey = PluralBase<MailKey>;

/** Texts for one recipient's language. */
export interface MailText {
  language: UserLanguage;
  t(key: MailKey, vars?: Record<string, string | number>): string;
  /** `key_one` or `key_other` by the language's plural rules, with {count} filled in. */
  plural(key: PluralKey, count: number, vars?: Record<string, string | number>): string;
  date(at: Date): string;
}

export function mailText(language: UserLanguage, timeZone: string): MailText {
  const catalog = catalogs[language];
  const rules = new Intl.PluralRules(dateLocales[language]);
  const dates = new Intl.DateTimeFormat(dateLocales[language], { dateStyle: 'long', timeZone });
  const t = (key: MailKey, vars?: Record<string, string | number>) => {
    let text = catalog[key];
    for (const [name, value] of Object.entries(vars ?? {})) text = text.replaceAll(`{${name}}`, String(value));
    return text;
  };
  return {
    language,
    t,
    plural: (key, count, vars) => t(`${key}_${rules.select(count) === 'one' ? 'one' : 'other'}` as MailKey, { count, ...vars }),
    date: (at) => dates.format(at),
  };
}
