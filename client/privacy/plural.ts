import { useMemo } from 'react';
import { type MessageKey, useI18n } from '../i18n';

type Counted = MessageKey extends infer K ? (K extends `${infer Base}.one` ? Base : never) : never;

/** "1 dokument", "2 dokumenter": the catalog's `.one`/`.other` form by the language's plural rules. */
export function useCount(): (base: Counted, count: number) => string {
  const { t, locale } = useI18n();
  const rules = useMemo(() => new Intl.PluralRules(locale === 'en' ? 'en' : 'nb'), [locale]);
  return (base, count) => t(`${base}.${rules.select(count) === 'one' ? 'one' : 'other'}` as MessageKey, { count });
}
