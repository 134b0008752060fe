import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { contentOf } from '../../shared/blocks/read';
import { elements, SuggestionMark } from '../../shared/blocks/walk';
import { NOTES_FIELD } from '../../shared/observation';
import { templates } from '../../shared/templates';
import { templateToUpdate } from '../../server/documents/template-to-yjs';
import { checkSuggestion, suggestionScratch } from '../../server/sync/suggestions';

const guest = { id: 'guest-1', name: 'Ingrid Utdanner' };
const other = { id: 'member-1', name: 'Kari' };
const mark = (who: { id: string; name: string }, at = 1_700_000_000_000) => ({ authorId: who.id, authorName: who.name, at });

/** A small deterministic PRNG (mulberry32): each failure names its seed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The server's copy: a plan with text by members, someone else's suggestions and one of the guest's own. */
function serverDocument(): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, templateToUpdate(templates.lesson_plan('nb')));
  const texts = textsOf(doc);
  doc.transact(() => {
    texts[3]!.insert(texts[3]!.length, ' Elevene deler brøker.');
    texts[4]!.insert(0, 'Kari sitt forslag', { [SuggestionMark.insert]: mark(other) });
    texts[5]!.format(0, 3, { [SuggestionMark.delete]: mark(other) });
    texts[6]!.insert(texts[6]!.length, ' Ingrids tidligere forslag', { [SuggestionMark.insert]: mark(guest) });
  });
  return doc;
}

/** Every XmlText of the content with at least one character, in document order. */
function textsOf(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  for (const el of elements(contentOf(doc))) for (const c of el.toArray()) if (c instanceof Y.XmlText && c.length > 0) out.push(c);
  return out;
}

/** The guest's device: a copy of the server's document; what it sends is what it has that the server lacks. */
function edited(server: Y.Doc, edit: (doc: Y.Doc, rnd: () => number) => void, rnd: () => number): Uint8Array {
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  device.transact(() => edit(device, rnd));
  const update = Y.encodeStateAsUpdate(device, Y.encodeStateVector(server));
  device.destroy();
  return update;
}

const pick = <T,>(rnd: () => number, list: T[]): T => list[Math.floor(rnd() * list.length)]!;
const word = (rnd: () => number) => pick(rnd, ['tegne', 'brøk', ' hvorfor?', 'Å', '🙂', 'ny linje\n', 'B']);

/** Characters of `text` that are not the guest's own suggested insertion (what a deletion may only mark). */
function othersRanges(text: Y.XmlText): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let at = 0;
  for (const op of text.toDelta() as Array<{ insert: string; attributes?: Record<string, { authorId?: string }> }>) {
    const own = op.attributes?.[SuggestionMark.insert]?.authorId === guest.id;
    if (!own) ranges.push([at, op.insert.length]);
    at += op.insert.length;
  }
  return ranges;
}

function ownRanges(text: Y.XmlText): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let at = 0;
  for (const op of text.toDelta() as Array<{ insert: string; attributes?: Record<string, { authorId?: string }> }>) {
    if (op.attributes?.[SuggestionMark.insert]?.authorId === guest.id) ranges.push([at, op.insert.length]);
    at += op.insert.length;
  }
  return ranges;
}

/** Edits a guest's editor in suggestion mode makes. */
const suggestions: Array<(doc: Y.Doc, rnd: () => number) => void> = [
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(Math.floor(rnd() * (t.length + 1)), word(rnd), { [SuggestionMark.insert]: mark(guest, Date.now()) });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(Math.floor(rnd() * (t.length + 1)), word(rnd), { bold: {}, [SuggestionMark.insert]: mark(guest, Date.now()) });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc).filter((x) => othersRanges(x).length > 0));
    const [start, length] = pick(rnd, othersRanges(t));
    const from = start + Math.floor(rnd() * length);
    t.format(from, 1 + Math.floor(rnd() * (start + length - from)), { [SuggestionMark.delete]: mark(guest, Date.now()) });
  },
  (doc) => {
    // Taking back an own suggested insertion removes it for real.
    const t = textsOf(doc).find((x) => ownRanges(x).length > 0)!;
    const [start, length] = ownRanges(t)[0]!;
    t.delete(start, length);
  },
  (doc, rnd) => {
    // Into an empty field: a new text node holding only the suggestion.
    const empty = [...elements(contentOf(doc))].filter((el) => el.nodeName === 'paragraph' && el.length === 0);
    pick(rnd, empty).insert(0, [new Y.XmlText()]);
    const p = pick(rnd, empty.filter((e) => e.length > 0));
    (p.get(0) as Y.XmlText).insert(0, word(rnd), { [SuggestionMark.insert]: mark(guest, Date.now()) });
  },
];

/** Everything else: plain edits, others' names, structure, attributes, other parts of the document. */
const forgeries: Array<(doc: Y.Doc, rnd: () => number) => void> = [
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(Math.floor(rnd() * (t.length + 1)), `x${word(rnd)}`);
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc).filter((x) => othersRanges(x).length > 0));
    const [start, length] = pick(rnd, othersRanges(t));
    t.delete(start + Math.floor(rnd() * length), 1);
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(Math.floor(rnd() * (t.length + 1)), 'i andres navn', { [SuggestionMark.insert]: mark(other) });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc).filter((x) => othersRanges(x).length > 0));
    const [start, length] = pick(rnd, othersRanges(t));
    t.format(start, length, { underline: { n: rnd() } });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.format(0, t.length, { [SuggestionMark.delete]: mark(other) });
  },
  (doc) => {
    // Taking back someone else's deletion mark.
    const t = textsOf(doc).find((x) =>
      (x.toDelta() as Array<{ attributes?: Record<string, { authorId?: string }> }>).some((d) => d.attributes?.[SuggestionMark.delete]?.authorId === other.id),
    )!;
    t.format(0, t.length, { [SuggestionMark.delete]: null });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(0, 'uten tid', { [SuggestionMark.insert]: { authorId: guest.id, authorName: guest.name, at: 'i går' } });
  },
  (doc, rnd) => {
    const t = pick(rnd, textsOf(doc));
    t.insert(0, 'med ekstra', { [SuggestionMark.insert]: { ...mark(guest), sneaky: '<script>' } });
  },
  (doc, rnd) => {
    const el = pick(rnd, [...elements(contentOf(doc))]);
    el.setAttribute(pick(rnd, ['rowId', 'name', 'level', 'checked', 'owner']), `endret-${rnd()}`);
  },
  (doc, rnd) => {
    // A new block, even one holding only a suggestion, is a change of structure.
    const p = new Y.XmlElement('paragraph');
    p.insert(0, [new Y.XmlText()]);
    contentOf(doc).insert(Math.floor(rnd() * (contentOf(doc).length + 1)), [p]);
    (p.get(0) as Y.XmlText).insert(0, 'ny blokk', { [SuggestionMark.insert]: mark(guest) });
  },
  (doc, rnd) => {
    contentOf(doc).delete(Math.floor(rnd() * contentOf(doc).length), 1);
  },
  (doc, rnd) => {
    // A look-alike: an element deleted and one of the same kind and attributes, with other words, put in its place.
    const el = pick(rnd, [...elements(contentOf(doc))].filter((e) => e.nodeName === 'paragraph' && e.length > 0 && e.parent));
    const parent = el.parent as Y.XmlElement | Y.XmlFragment;
    const at = parent.toArray().indexOf(el);
    const twin = new Y.XmlElement('paragraph');
    for (const [k, v] of Object.entries(el.getAttributes())) twin.setAttribute(k, v as string);
    twin.insert(0, [new Y.XmlText('omskrevet av gjesten')]);
    parent.delete(at, 1);
    parent.insert(at, [twin]);
  },
  (doc, rnd) => {
    // The same for a text node: someone's text replaced by a fresh one that reads differently.
    const t = pick(rnd, textsOf(doc));
    const parent = t.parent as Y.XmlElement;
    const at = parent.toArray().indexOf(t);
    parent.delete(at, 1);
    parent.insert(at, [new Y.XmlText('byttet ut')]);
  },
  (doc, rnd) => {
    const rows = [...elements(contentOf(doc))].filter((el) => el.nodeName === 'lessonStep');
    pick(rnd, rows).delete(0, 1);
  },
  (doc, rnd) => {
    const map = new Y.Map<unknown>();
    map.set('text', `notat ${rnd()}`);
    doc.getArray(NOTES_FIELD).push([map]);
  },
  (doc) => {
    doc.getMap('fellesrom').set('blocks', 0);
  },
];

describe('the suggestion validator', () => {
  it('accepts every well-formed suggestion of the guest’s own (fuzzed)', () => {
    const server = serverDocument();
    for (let seed = 1; seed <= 150; seed++) {
      const rnd = random(seed);
      const edit = suggestions[seed % suggestions.length]!;
      const update = edited(server, (doc, r) => {
        edit(doc, r);
        if (r() < 0.5) pick(r, suggestions.slice(0, 3))(doc, r);
      }, rnd);
      expect(checkSuggestion(server, update, guest), `seed ${seed}`).toEqual({ ok: true });
    }
  });

  it('refuses every edit that is not one, alone or hidden among suggestions (fuzzed)', () => {
    const server = serverDocument();
    for (let seed = 1; seed <= 200; seed++) {
      const rnd = random(seed);
      const forge = forgeries[seed % forgeries.length]!;
      const update = edited(server, (doc, r) => {
        if (r() < 0.5) pick(r, suggestions.slice(0, 3))(doc, r);
        forge(doc, r);
      }, rnd);
      const verdict = checkSuggestion(server, update, guest);
      expect(verdict.ok, `seed ${seed} (forgery ${seed % forgeries.length})`).toBe(false);
    }
  });

  it('refuses an update that depends on changes the server has not seen', () => {
    const server = serverDocument();
    const device = new Y.Doc();
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
    const t = textsOf(device)[0]!;
    t.insert(0, 'først', { [SuggestionMark.insert]: mark(guest) });
    const between = Y.encodeStateVector(device);
    t.insert(0, 'så', { [SuggestionMark.insert]: mark(guest) });
    // Only the second insertion, without the first it builds on.
    const later = Y.encodeStateAsUpdate(device, between);
    expect(checkSuggestion(server, later, guest)).toEqual({ ok: false, reason: 'update depends on unknown changes' });
  });

  it('decides the same on a kept scratch copy fed the accepted changes as on a fresh copy each time', () => {
    const server = serverDocument();
    let scratch = suggestionScratch(server);
    const decided = { forged: { accepted: 0, refused: 0 }, suggested: { accepted: 0, refused: 0 } };
    for (let seed = 1; seed <= 120; seed++) {
      const rnd = random(seed);
      const forged = rnd() < 0.4;
      const update = edited(server, (doc, r) => (forged ? forgeries[seed % forgeries.length]! : suggestions[seed % suggestions.length]!)(doc, r), rnd);
      const kept = checkSuggestion(server, update, guest, scratch);
      expect(kept, `seed ${seed}`).toEqual(checkSuggestion(server, update, guest));
      // Either way round now and then, as the document grows: a plain insertion typed inside one's own
      // suggestion takes its mark, and a deletion mark laid over someone else's is refused.
      decided[forged ? 'forged' : 'suggested'][kept.ok ? 'accepted' : 'refused']++;
      if (kept.ok) {
        Y.applyUpdate(server, update);
      } else {
        // What the engine does: a copy that tried a refused update is thrown away.
        scratch.destroy();
        scratch = suggestionScratch(server);
      }
      expect(Y.encodeStateVector(scratch)).toEqual(Y.encodeStateVector(server));
    }
    scratch.destroy();
    expect(decided.suggested.accepted).toBeGreaterThan(50);
    expect(decided.forged.refused).toBeGreaterThan(30);
  });

  it('leaves the server’s document untouched, whatever it decides', () => {
    const server = serverDocument();
    const before = Y.encodeStateAsUpdate(server);
    checkSuggestion(server, edited(server, (doc) => contentOf(doc).delete(0, 3), random(1)), guest);
    checkSuggestion(server, edited(server, suggestions[0]!, random(2)), guest);
    expect(Y.encodeStateAsUpdate(server)).toEqual(before);
  });
});
