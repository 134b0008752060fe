import { describe, expect, it } from 'vitest';
import { compareDocuments, type PMNode } from '../../server/versions/compare';

const p = (text: string): PMNode => ({ type: 'paragraph', content: text ? [{ type: 'text', text }] : [] });
const cell = (text: string): PMNode => ({ type: 'tableCell', content: [p(text)] });
const row = (...texts: string[]): PMNode => ({ type: 'tableRow', content: texts.map(cell) });
const table = (...rows: PMNode[]): PMNode => ({ type: 'doc', content: [{ type: 'table', content: rows }] });

/** Each cell of each row as text, with [+added] and [-removed] parts marked. */
function cells(doc: PMNode): string[][] {
  const text = (n: PMNode): string =>
    n.type === 'text'
      ? n.marks?.some((m) => m.type === 'diffInsert')
        ? `[+${n.text}]`
        : n.marks?.some((m) => m.type === 'diffDelete')
          ? `[-${n.text}]`
          : n.text!
      : (n.content ?? []).map(text).join('');
  return doc.content![0]!.content!.map((r) => r.content!.map(text));
}

describe('version compare of the lesson-flow table', () => {
  it('keeps every cell under its own column when one cell of a row is filled in', () => {
    const older = table(row('Aktivitet', 'Tid', 'Forventet'), row('Innledning', '', ''));
    const newer = table(row('Aktivitet', 'Tid', 'Forventet'), row('Innledning', '', 'De fleste sier 1/4'));
    expect(cells(compareDocuments(older, newer).doc)).toEqual([
      ['Aktivitet', 'Tid', 'Forventet'],
      ['Innledning', '', '[+De fleste sier 1/4]'],
    ]);
  });

  it('keeps columns when a cell takes the text another cell of the row had', () => {
    const older = table(row('Tegne', 'Brøk', 'Tegne'));
    const newer = table(row('Brøk', 'Tegne', 'Tegne'));
    const result = compareDocuments(older, newer);
    expect(cells(result.doc)).toEqual([['[-Tegne][+Brøk]', '[-Brøk][+Tegne]', 'Tegne']]);
    expect(result).toMatchObject({ added: 2, removed: 2 });
  });

  it('adds a column as added cells and removes one as removed cells, row by row', () => {
    expect(cells(compareDocuments(table(row('1', '2')), table(row('1', '2', '3'))).doc)).toEqual([['1', '2', '[+3]']]);
    expect(cells(compareDocuments(table(row('1', '2', '3')), table(row('1', '2'))).doc)).toEqual([['1', '2', '[-3]']]);
  });

  it('shows a removed row as removed, and the other rows unchanged', () => {
    const older = table(row('1', 'a'), row('2', 'b'), row('3', 'c'));
    const newer = table(row('1', 'a'), row('3', 'c'));
    expect(cells(compareDocuments(older, newer).doc)).toEqual([
      ['1', 'a'],
      ['[-2]', '[-b]'],
      ['3', 'c'],
    ]);
  });
});
