/**
 * Notes refer to pupils by case code (A, B, C: DESIGN §5). This finds what looks like a pupil's
 * name instead, so the editor can warn and copies (evidence cards) can leave it out. A warning, not
 * a guarantee: it knows the common Norwegian first names and the words a note usually starts with.
 *
 * What counts as a name:
 * - a first name from the list (names that are also ordinary words, like "Per" or "Liv", only
 *   when capitalised inside a sentence);
 * - a capitalised word that is not a known word, an abbreviation or a case code, next to a verb of
 *   what pupils do ("Zyrax sa …", "… spurte Zyrax");
 * - two capitalised unknown words in a row ("Ola Nordmann"), or a list of three or more.
 */
import firstNames from './data/norwegian-first-names.json';
import norwegian from './data/norwegian-words.json';

export type ReferenceReason = 'first_name' | 'unknown_near_verb' | 'name_pair' | 'name_list';

export interface PupilReference {
  start: number;
  end: number;
  word: string;
  reason: ReferenceReason;
}

/** What a flagged name becomes in a copy (an evidence card keeps the case code beside it). */
export const REDACTED_NAME = '[elev]';

const lower = (w: string) => w.toLocaleLowerCase('nb');
const NAMES = new Set(firstNames.names.map(lower));
const AMBIGUOUS = new Set(firstNames.ambiguous.map(lower));
const WORDS = new Set(norwegian.words.map(lower));
const VERBS = new Set(norwegian.pupilVerbs.map(lower));

const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;
const CAPITALISED = /^\p{Lu}\p{Ll}/u;
/** A, B, C, B2, AB, LK20, KRLE: codes and abbreviations, never names. */
const CODE_OR_ABBREVIATION = /^[\p{Lu}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;
/** At the start of a sentence, a definite noun ("Brøken", "Tallet", "Elevane") is not a name. */
const DEFINITE_NOUN = /\p{L}{3,}(?:en|et|ene|ane)$/u;
const SENTENCE_END = /[.!?:;\n•*–—]$/u;
/** ", ", ", og ", " og ", " eller " between the items of a list. */
const LIST_SEPARATOR = /^\s*,\s*(?:(?:og|eller)\s+)?$|^\s+(?:og|eller)\s+$/u;
/** How many words apart a name and a pupil verb may be ("Zyrax og Blimp jobbet"). */
const VERB_DISTANCE = 3;

interface Token {
  word: string;
  start: number;
  end: number;
  sentenceStart: boolean;
  capitalised: boolean;
  /** A known ordinary word (in any case). */
  known: boolean;
  name: boolean;
  verb: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(TOKEN)) {
    const word = m[0];
    const start = m.index;
    const before = text.slice(Math.max(0, start - 40), start).replace(/[\s"'«»“”‘’([-]+$/u, '');
    const l = lower(word);
    // "Emmas tegning": the genitive of a name is a name.
    const base = l.endsWith('s') && NAMES.has(l.slice(0, -1)) ? l.slice(0, -1) : l;
    // After a time stamp ("10:32 Emma …") a note starts afresh, too.
    const sentenceStart = before === '' || SENTENCE_END.test(before) || /\d$/.test(before);
    tokens.push({
      word,
      start,
      end: start + word.length,
      sentenceStart,
      capitalised: CAPITALISED.test(word),
      // Names that are ordinary words ("Per time …") are known words; inside a sentence they are names.
      known: WORDS.has(l) || AMBIGUOUS.has(l),
      name: NAMES.has(base) && (!AMBIGUOUS.has(base) || !sentenceStart),
      verb: VERBS.has(l),
    });
  }
  return tokens;
}

const onlySpaceBetween = (text: string, a: Token, b: Token) => /^\s+$/u.test(text.slice(a.end, b.start));

/** Every place in `text` that looks like a pupil's name, in order. */
export function findPupilReferences(text: string): PupilReference[] {
  const tokens = tokenize(text);
  const found = new Map<number, PupilReference>();
  const flag = (t: Token, reason: ReferenceReason) => {
    if (!found.has(t.start)) found.set(t.start, { start: t.start, end: t.end, word: t.word, reason });
  };
  const unknownCapital = (t: Token) => t.capitalised && !t.known && !CODE_OR_ABBREVIATION.test(t.word);

  tokens.forEach((t, i) => {
    if (t.capitalised && t.name) flag(t, 'first_name');
    if (!unknownCapital(t) || (t.sentenceStart && DEFINITE_NOUN.test(t.word))) return;
    // Same sentence only: stop at the next sentence start.
    const near: Token[] = [];
    for (let j = i + 1; j <= i + VERB_DISTANCE && j < tokens.length && !tokens[j]!.sentenceStart; j++) near.push(tokens[j]!);
    if (!t.sentenceStart && i > 0) near.push(tokens[i - 1]!);
    if (near.some((n) => n.verb)) flag(t, 'unknown_near_verb');
  });

  for (let i = 0; i + 1 < tokens.length; i++) {
    const [a, b] = [tokens[i]!, tokens[i + 1]!];
    if (!b.sentenceStart && onlySpaceBetween(text, a, b) && (unknownCapital(a) || a.name) && (unknownCapital(b) || b.name)) {
      flag(a, 'name_pair');
      flag(b, 'name_pair');
    }
  }

  // "Kari, Zyrax og Ali": three or more capitalised words in a list.
  const candidates = tokens.filter((t) => t.capitalised && (unknownCapital(t) || t.name));
  let run: Token[] = [];
  const endRun = () => {
    if (run.length >= 3) for (const t of run) flag(t, 'name_list');
    run = [];
  };
  for (const t of candidates) {
    const prev = run[run.length - 1];
    if (prev && !LIST_SEPARATOR.test(text.slice(prev.end, t.start))) endRun();
    run.push(t);
  }
  endRun();

  return [...found.values()].toSorted((a, b) => a.start - b.start);
}

/** True when the text probably names a pupil (the editor shows a warning). */
export const looksLikeNames = (text: string): boolean => findPupilReferences(text).length > 0;

/** The text with every flagged name replaced, for copies that must carry case codes only. */
export function redactPupilNames(text: string, replacement = REDACTED_NAME): string {
  let out = text;
  for (const ref of findPupilReferences(text).toReversed()) out = out.slice(0, ref.start) + replacement + out.slice(ref.end);
  return out;
}
