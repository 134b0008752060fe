import { describe, expect, it } from 'vitest';
import { findPupilReferences, looksLikeNames, redactPupilNames, REDACTED_NAME } from '../../shared/pupil-references';

const flagged = (text: string) => findPupilReferences(text).map((r) => r.word);

describe('pupil references', () => {
  it.each([
    ['Emma hjalp B.', ['Emma']],
    ['B fikk hjelp av Emma', ['Emma']],
    ['Ola Nordmann rakk opp hånda', ['Ola', 'Nordmann']],
    ['Zyrax sa at det var lett', ['Zyrax']],
    ['Det var lett, sa Zyrax', ['Zyrax']],
    ['A jobbet med Per', ['Per']],
    ['Læreren spurte, og Hans svarte', ['Hans']],
    ['Emmas tegning viste halvdeler', ['Emmas']],
    ['Kari, Zorba og Ali jobbet sammen', ['Kari', 'Zorba', 'Ali']],
    ['10:32 Fatima forklarte med tallinja', ['Fatima']],
    ['Gruppa med Zyrax og Blimp diskuterte', ['Zyrax', 'Blimp']],
  ])('flags %j', (text, words) => {
    expect(flagged(text)).toEqual(words);
    expect(looksLikeNames(text)).toBe(true);
  });

  it.each([
    'B forklarte brøken med en tegning.',
    'Elevene sa at det var lett.',
    'Eleven svara at ho ikkje forstod.',
    'Per time jobbet A med brøk.',
    'Hans svar var riktig.',
    'Liv og røre i gruppa da oppgaven startet.',
    'KRLE-timen startet sent, LK20 nevnes.',
    'Tallinja viste at C forsto.',
    'Brøken ble forklart av A og B sammen.',
    'Mandag, tirsdag og onsdag: A leste høyt.',
    'Oppstart: læreren spør hva en halv er. A svarer raskt.',
    'Dag 2: B2 tegnet modellen.',
    '',
  ])('lets %j through', (text) => {
    expect(findPupilReferences(text)).toEqual([]);
  });

  it('says where and why', () => {
    expect(findPupilReferences('A sa hei. Zyrax svarte.')).toEqual([{ start: 10, end: 15, word: 'Zyrax', reason: 'unknown_near_verb' }]);
    expect(findPupilReferences('Ingrid tegnet.')[0]).toMatchObject({ reason: 'first_name' });
  });

  it('redacts names and keeps case codes', () => {
    expect(redactPupilNames('Emma hjalp B med brøken, sa Zyrax.')).toBe(`${REDACTED_NAME} hjalp B med brøken, sa ${REDACTED_NAME}.`);
    expect(redactPupilNames('B forklarte med tegning')).toBe('B forklarte med tegning');
  });

  it('handles long and odd input', () => {
    expect(findPupilReferences('Elevene jobbet med brøk, og A forklarte. '.repeat(5000))).toEqual([]);
    expect(findPupilReferences('Å'.repeat(100_000))).toEqual([]);
    expect(findPupilReferences('Zyrax sa hei. '.repeat(1000))).toHaveLength(1000);
    expect(findPupilReferences('\u0000\uFFFF 🙂 Ølve, Æsa og Åmund sa')).toHaveLength(3);
  });
});
