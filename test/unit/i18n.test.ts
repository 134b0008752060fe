import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog, translate } from '../../client/i18n';
import { en } from '../../client/i18n/en';
import { nn } from '../../client/i18n/nn';
import type { Message } from '../../client/i18n/message';
import { type MessageKey, nb } from '../../client/i18n/nb';
import { Locales } from '../../shared/locale';

const clientDir = path.resolve(import.meta.dirname, '../../client');

/** Every .ts/.tsx file of the client except the catalogs themselves. */
function sources(dir = clientDir): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'i18n' ? [] : sources(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

const forms = (m: Message) => (typeof m === 'string' ? [m] : Object.values(m));
const placeholders = (m: Message) => [...new Set(forms(m).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))].toSorted();
const keys = Object.keys(nb) as MessageKey[];
const catalogs = { nb, nn, en };

describe('message catalogs', () => {
  it('every language has exactly the keys of bokmål, with the same placeholders and plural forms', () => {
    const problems: string[] = [];
    for (const locale of Locales) {
      const catalog = catalogs[locale];
      for (const key of Object.keys(catalog)) if (!(key in nb)) problems.push(`${locale}: ${key} is not in nb`);
      for (const key of keys) {
        const message = catalog[key];
        if (message === undefined) {
          problems.push(`${locale}: ${key} is missing`);
          continue;
        }
        if (JSON.stringify(placeholders(message)) !== JSON.stringify(placeholders(nb[key]))) problems.push(`${locale}: ${key} has other placeholders than nb`);
        if (typeof message !== typeof nb[key]) problems.push(`${locale}: ${key} is ${typeof message === 'string' ? 'not ' : ''}plural unlike nb`);
        if (forms(message).some((text) => !text.trim())) problems.push(`${locale}: ${key} is empty`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('a message that counts something has plural forms ("1 kommentar", "2 kommentarer")', async () => {
    for (const locale of Locales) {
      for (const key of keys) {
        const message = catalogs[locale][key];
        // "Innboks (3)" counts nothing in words; "{count} kommentarer" does.
        if (typeof message === 'string') expect(message.replaceAll('({count})', ''), `${locale}: ${key}`).not.toContain('{count}');
      }
    }
    await Promise.all(Locales.map(loadCatalog));
    expect(translate('nb', 'home.unreadThreads', { count: 1 })).toBe('1 ny kommentar');
    expect(translate('nb', 'home.unreadThreads', { count: 2 })).toBe('2 nye kommentarer');
    expect(translate('nn', 'since.newThreads', { count: 1 })).toBe('1 ny kommentartråd');
    expect(translate('nn', 'since.newThreads', { count: 3 })).toBe('3 nye kommentartrådar');
    expect(translate('en', 'invites.days', { count: 1 })).toBe('1 day');
    expect(translate('nb', 'status.offlineUnsaved', { count: 1 })).toBe('Frakoblet – 1 endring venter på å bli lagret');
  });

  it('every key is used in the client, and every key the client asks for exists', () => {
    const code = sources().map((file) => fs.readFileSync(file, 'utf8'));
    const literals = new Set(code.flatMap((text) => [...text.matchAll(/'([a-z][\w]*(?:\.[\w]+)+)'/g)].map((m) => m[1]!)));
    const unused = keys.filter((key) => !literals.has(key));
    expect(unused, 'keys no code uses (remove them, or use them)').toEqual([]);
    const asked = new Set(code.flatMap((text) => [...text.matchAll(/\bt\(\s*'([^']+)'/g)].map((m) => m[1]!)));
    const missing = [...asked].filter((key) => !(key in nb));
    expect(missing, 'keys the code asks for that no catalog has').toEqual([]);
    // Keys built at run time cannot be checked: the code names every key it uses.
    const built = code.flatMap((text) => [...text.matchAll(/\bt\(\s*`/g)].map((m) => m[0]));
    expect(built, 't() with a template string').toEqual([]);
  });

  it('dates and times are written for the reader’s language, never a fixed one', () => {
    const fixed = sources().flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return [...text.matchAll(/['"](?:nb|nn|en)-[A-Z]{2}['"]|\.toLocale(?:Date|Time)?String\(/g)].map((m) => `${path.relative(clientDir, file)}: ${m[0]}`);
    });
    expect(fixed).toEqual([]);
  });

  it('bokmål and nynorsk say things in Norwegian', () => {
    // Words that are the same in both languages, or names.
    const same = new Set<MessageKey>(['app.name', 'lang.nb', 'lang.nn', 'lang.en', 'comments.submit', 'versions.size', 'observe.minute', 'meeting.evidenceTab', 'activity.filterPerson']);
    for (const locale of ['nb', 'nn'] as const) {
      const english = keys.filter((key) => !same.has(key) && JSON.stringify(catalogs[locale][key]) === JSON.stringify(catalogs.en[key]));
      expect(english, `${locale} messages identical to English`).toEqual([]);
    }
  });
});
