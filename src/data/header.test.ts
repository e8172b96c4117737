import { describe, expect, it } from 'vitest';
import type { Cell } from './cells';
import { applyMerges, columnLetters, detectHeader, makeColumnNames } from './header';

describe('detectHeader', () => {
  it('finds a plain header on the first row', () => {
    expect(detectHeader([['date', 'a', 'b'], ['2016-07-01', '1', '2'], ['2016-07-02', '3', '4']])).toBe(0);
  });
  it('skips a title row and a blank row', () => {
    const grid: Cell[][] = [['Monthly price report'], [], ['month', 'naphtha', 'ethylene'], [{ date: 0 }, 1, 2], [{ date: 1 }, 3, { error: '#N/A' }], [{ date: 2 }, 5, 6]];
    expect(detectHeader(grid)).toBe(2);
  });
  it('skips several title and note rows', () => {
    const grid: Cell[][] = [['ACME Corp'], ['Source: internal', null, null], [null], ['Period', 'Sales', 'Cost', 'Units'], ['Jan 2020', '1,200', '900', '3'], ['Feb 2020', '1,300', '950', '4']];
    expect(detectHeader(grid)).toBe(3);
  });
  it('returns -1 when the data starts at once', () => {
    expect(detectHeader([['1', '2'], ['3', '4'], ['5', '6']])).toBe(-1);
    expect(detectHeader([['2016-07-01', '1,5'], ['2016-07-02', '2,5']])).toBe(-1);
  });
  it('does not take a one-cell title as the header of a wide table', () => {
    expect(detectHeader([['Report'], [1, 2, 3, 4], [5, 6, 7, 8]])).toBe(-1);
  });
  it('finds the header of a mostly-text table below a title', () => {
    expect(detectHeader([['Staff list'], [], ['name', 'city', 'region', 'sales'], ['ann', 'oslo', 'n', '5'], ['bob', 'rome', 's', '7']])).toBe(2);
  });
  it('gives a text-only table its first row', () => {
    expect(detectHeader([[null], ['name', 'city'], ['ann', 'oslo'], ['bob', 'rome']])).toBe(1);
    expect(detectHeader([])).toBe(-1);
  });
  it('tolerates missing markers and text numbers in data rows', () => {
    expect(detectHeader([['t', 'v'], ['1', 'NA'], ['2', '3'], ['3', '']])).toBe(0);
  });
});

describe('makeColumnNames', () => {
  it('names empty headers by position: letters for workbooks, 1-based numbers for text', () => {
    expect(makeColumnNames(['a', '', 'c'], 'letters').names).toEqual(['a', 'Column B', 'c']);
    expect(makeColumnNames(['a', '', 'c'], 'numbers').names).toEqual(['a', 'Column 2', 'c']);
    const r = makeColumnNames(['', ''], 'numbers');
    expect(r.notes.join(' ')).toMatch(/2 columns have no header/);
  });
  it('makes duplicates explicit and unique', () => {
    const r = makeColumnNames(['price', 'price', 'price (2)', 'price'], 'letters');
    expect(r.names).toEqual(['price', 'price (3)', 'price (2)', 'price (4)']);
    expect(new Set(r.names).size).toBe(4);
    expect(r.notes.join(' ')).toMatch(/'price' → 'price \(3\)'/);
  });
  it('trims, collapses whitespace and shortens long names', () => {
    const r = makeColumnNames(['  a \n b  ', 'x'.repeat(200)], 'letters');
    expect(r.names[0]).toBe('a b');
    expect(r.names[1]).toHaveLength(120);
    expect(r.names[1].endsWith('…')).toBe(true);
    expect(r.notes.some((n) => n.includes('shortened'))).toBe(true);
    expect(r.notes.some((n) => n.includes('Line breaks'))).toBe(true);
  });
  it('prefixes merged group labels', () => {
    const r = makeColumnNames(['date', 'naphtha', 'ethylene'], 'letters', ['', 'Prices', 'Prices']);
    expect(r.names).toEqual(['date', 'Prices · naphtha', 'Prices · ethylene']);
    expect(r.notes.join(' ')).toMatch(/Merged group headings/);
  });
  it('keeps many positional names cheap', () => {
    const r = makeColumnNames(new Array<string>(100_000).fill(''), 'letters');
    expect(r.names[99_999]).toBe(`Column ${columnLetters(99_999)}`);
    expect(r.notes).toHaveLength(1);
  });
});

describe('applyMerges', () => {
  it('fills a merged header across its columns and turns a merge above into groups', () => {
    // Row 0: "date" merged A1:A2 and "Prices" merged B1:C1; row 1 is the header.
    const sheet = [['date', 'Prices', ''], ['', 'naphtha', 'ethylene']];
    const textAt = (r: number, c: number) => sheet[r]?.[c] ?? '';
    const merges = [{ s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
    const m = applyMerges(sheet[1], 1, merges, textAt);
    expect(m.header).toEqual(['date', 'naphtha', 'ethylene']);
    expect(m.groups).toEqual(['', 'Prices', 'Prices']);
    expect(makeColumnNames(m.header, 'letters', m.groups).names).toEqual(['date', 'Prices · naphtha', 'Prices · ethylene']);
  });
  it('spreads a horizontally merged header cell', () => {
    const m = applyMerges(['date', 'price', ''], 0, [{ s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }], (_r, c) => ['date', 'price', ''][c]);
    expect(m.header).toEqual(['date', 'price', 'price']);
    expect(m.filled).toBe(1);
    expect(makeColumnNames(m.header, 'letters').names).toEqual(['date', 'price', 'price (2)']);
  });
});

describe('columnLetters', () => {
  it('counts like a spreadsheet', () => {
    expect([0, 2, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual(['A', 'C', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
