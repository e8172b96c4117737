import { sharedDataset } from '../../test/datasets';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelimitedTokenizer, parseDelimited, sniffDelimiter } from './csv';
import { ImportError } from './frame';

/** All rows the tokenizer yields for `chunks`. */
function tokenize(chunks: string[], delimiter = ','): string[][] {
  const rows: string[][] = [];
  const t = new DelimitedTokenizer(delimiter, (f, n) => rows.push(f.slice(0, n)));
  for (const c of chunks) t.push(c);
  t.end();
  return rows;
}

/** RFC 4180 writing: quote when needed, and a lone empty field so the row is not a blank line. */
function toCsv(table: string[][], d: string, eol: string, finalEol: boolean): string {
  const q = (s: string, alone: boolean) => (/["\r\n]/.test(s) || s.includes(d) || (alone && s === '') ? `"${s.replace(/"/g, '""')}"` : s);
  return table.map((r) => r.map((s) => q(s, r.length === 1)).join(d)).join(eol) + (finalEol ? eol : '');
}

const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);

describe('DelimitedTokenizer', () => {
  it('reads quotes, escaped quotes, embedded newlines and every line ending', () => {
    const text = 'a,"b ""q"", c","x\r\ny"\r\n1,,3\n"",4,"5"\r6,7,8';
    expect(tokenize([text])).toEqual([['a', 'b "q", c', 'x\r\ny'], ['1', '', '3'], ['', '4', '5'], ['6', '7', '8']]);
  });
  it('gives the same rows for every split point (CRLF, quotes and "" across chunks)', () => {
    const text = 'h1,"h""2"\r\n"a\r\nb",c\r\n\r\n"",""""\rx,y\r\n';
    const whole = tokenize([text]);
    expect(whole).toEqual([['h1', 'h"2'], ['a\r\nb', 'c'], [''], ['', '"'], ['x', 'y']]);
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j++) expect(tokenize([text.slice(0, i), text.slice(i, j), text.slice(j)]), `${i},${j}`).toEqual(whole);
    }
  });
  it('is lenient with text after a closing quote and with a quote inside a field', () => {
    expect(tokenize(['"ab"cd,e"f\n'])).toEqual([['abcd', 'e"f']]);
  });
  it('flags an unterminated quote', () => {
    const t = new DelimitedTokenizer(',', () => {});
    t.push('a,"b\nc');
    t.end();
    expect(t.unterminated).toBe(true);
  });
  it('property: quoted tables of arbitrary strings read back exactly, however chunked', () => {
    const cell = fc
      .array(fc.oneof(fc.string({ unit: 'binary', maxLength: 6 }), fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r', '\r\n', '""', ' ', 'é', '😀')), { maxLength: 4 })
      .map((parts) => parts.join(''));
    const table = fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(table, fc.constantFrom(',', ';', '\t', '|'), fc.constantFrom('\n', '\r\n', '\r'), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), (rows, d, eol, finalEol, cuts) => {
        const text = toCsv(rows, d, eol, finalEol);
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks = [0, ...points].map((p, k, all) => text.slice(p, all[k + 1] ?? text.length));
        expect(tokenize(chunks, d)).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });
  it('reads a 10^6-character field in linear time', () => {
    const big = 'x,"y\n'.repeat(200_000);
    const text = `a,b\n"${big.replace(/"/g, '""')}",1\n`;
    const chunks: string[] = [];
    for (let i = 0; i < text.length; i += 997) chunks.push(text.slice(i, i + 997));
    const t0 = performance.now();
    const rows = tokenize(chunks);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(rows[1][0]).toHaveLength(1_000_000);
    expect(rows[1][0]).toBe(big);
  });
});

describe('sniffDelimiter', () => {
  it('finds , ; tab |', () => {
    expect(sniffDelimiter('a,b,c\n1,2,3\n4,5,6\n', true)).toBe(',');
    expect(sniffDelimiter('a;b;c\n1,5;2,5;3\n4;5,1;6\n', true)).toBe(';');
    expect(sniffDelimiter('a\tb\n1\t2\n', true)).toBe('\t');
    expect(sniffDelimiter('a|b\n1|2\n', true)).toBe('|');
  });
  it('ignores delimiters inside quotes and prefers ; over decimal commas', () => {
    expect(sniffDelimiter('"a;b",c\n"1;2",3\n"x;y",4\n', true)).toBe(',');
    expect(sniffDelimiter('1,5;2,5\n3,5;4,5\n', true)).toBe(';');
  });
  it('falls back to , for one column and ignores a cut last line', () => {
    expect(sniffDelimiter('value\n1\n2\n', true)).toBe(',');
    expect(sniffDelimiter('a;b\n1;2\n3;4\n5,6,7,8,9', false)).toBe(';');
  });
});

describe('parseDelimited', () => {
  it('reads ETTh1.csv: rows, names, first/last time and the mean of OT', async () => {
    const buf = readFileSync(sharedDataset('ETTh1.csv'));
    const t0 = performance.now();
    const { frame, report } = await parseDelimited(new Blob([buf]), {}, undefined, 'ETTh1.csv');
    const ms = performance.now() - t0;
    expect(report.rows).toBe(17_420);
    expect(frame.names).toEqual(['HUFL', 'HULL', 'MUFL', 'MULL', 'LUFL', 'LULL', 'OT']);
    expect(frame.timeName).toBe('date');
    expect(frame.time[0]).toBe(utc(2016, 7, 1));
    expect(frame.time[frame.time.length - 1]).toBe(utc(2018, 6, 26, 19));
    expect(frame.cols.every((c) => c.length === 17_420 && c.buffer.byteLength === 17_420 * 8)).toBe(true);
    // Independent reading: split lines and fields, Number() on the last one.
    const lines = buf.toString('utf8').trim().split('\n').slice(1);
    const ot = lines.map((l) => Number(l.split(',')[7]));
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((s, v) => s + v, 0) / a.length;
    expect(mean(frame.cols[6])).toBeCloseTo(mean(ot), 10);
    expect(Array.from(frame.cols[6].subarray(0, 5))).toEqual(ot.slice(0, 5));
    expect(report.columns.map((c) => c.kind)).toEqual(['time', ...new Array(7).fill('numeric')]);
    expect(report.columns.every((c) => c.missing === 0 && c.invalid === 0)).toBe(true);
    expect(ms).toBeLessThan(3000);
  });
  it('reports progress at most every ~1% and ends at 1', async () => {
    const buf = readFileSync(sharedDataset('ETTh1.csv'));
    const seen: number[] = [];
    const chunked = new Blob(Array.from({ length: 400 }, (_, k) => buf.subarray((k * buf.length) / 400, ((k + 1) * buf.length) / 400)));
    await parseDelimited(chunked, {}, (f) => seen.push(f));
    expect(seen.length).toBeLessThanOrEqual(102);
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, k) => k === 0 || f >= seen[k - 1])).toBe(true);
  });
  it('reads ; files with decimal commas, title rows and day-first dates', async () => {
    const text = 'Preisbericht\n\nDatum;Preis;Menge\n01.07.2016;1.234,5;3\n02.07.2016;2,25;4\n03.07.2016;3,5;\n';
    const { frame, report } = await parseDelimited(text);
    expect(report).toMatchObject({ delimiter: ';', decimal: ',', thousands: '.', headerRow: 2 });
    expect(frame.names).toEqual(['Preis', 'Menge']);
    expect(Array.from(frame.cols[0])).toEqual([1234.5, 2.25, 3.5]);
    expect(Array.from(frame.cols[1])).toEqual([3, 4, NaN]);
    expect(Array.from(frame.time)).toEqual([utc(2016, 7, 1), utc(2016, 7, 2), utc(2016, 7, 3)]);
    expect(report.notes.join('\n')).toMatch(/Skipped 2 lines above the header/);
    expect(report.notes.join('\n')).toMatch(/decimal comma/);
  });
  it('strips a UTF-8 BOM and decodes UTF-16 LE/BE with BOM', async () => {
    const text = 'date,v\n2016-07-01,1\n2016-07-02,2\n';
    const utf8 = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    const le = new Uint8Array(2 + text.length * 2);
    const be = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    be.set([0xfe, 0xff]);
    for (let i = 0; i < text.length; i++) {
      le[2 + 2 * i] = text.charCodeAt(i);
      be[3 + 2 * i] = text.charCodeAt(i);
    }
    for (const bytes of [utf8, le, be]) {
      const { frame, report } = await parseDelimited(new Blob([bytes]));
      expect(report.columns[0].header).toBe('date');
      expect(frame.names).toEqual(['v']);
      expect(Array.from(frame.cols[0])).toEqual([1, 2]);
    }
  });
  it('decodes UTF-16 LE without a BOM', async () => {
    const text = 'date,v\n2016-07-01,1\n2016-07-02,2\n';
    const bytes = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) bytes[2 * i] = text.charCodeAt(i);
    const { frame, report } = await parseDelimited(new Blob([bytes]));
    expect(frame.names).toEqual(['v']);
    expect(report.notes.join(' ')).toMatch(/UTF-16 LE/);
  });
  it('falls back to Windows-1252 for invalid UTF-8', async () => {
    const bytes = new Uint8Array([...new TextEncoder().encode('t,Temperatur '), 0xb0, 0x43, ...new TextEncoder().encode('\n1,2\n2,3\n')]);
    const { frame, report } = await parseDelimited(new Blob([bytes]));
    expect(frame.names).toEqual(['t', 'Temperatur °C']);
    expect(report.notes.join(' ')).toMatch(/Windows-1252/);
  });
  it('pads short rows, ignores and reports extra fields, skips blank lines', async () => {
    const { frame, report } = await parseDelimited('a,b,c\n1,2,3\n4,5\n\n7,8,9,10,11\n,,\n\n\n');
    expect(report.rows).toBe(3);
    expect(Array.from(frame.cols[2])).toEqual([3, NaN, 9]);
    const notes = report.notes.join('\n');
    expect(notes).toMatch(/1 row has more fields than the header; 2 extra fields were ignored/);
    expect(notes).toMatch(/1 row has fewer fields/);
    expect(notes).toMatch(/Skipped 4 blank lines/);
    expect(notes).toMatch(/No time column found/);
    expect(Array.from(frame.time)).toEqual([0, 1, 2]);
    expect(frame.timeName).toBeNull();
  });
  it('counts error codes, missing markers and invalid cells per column', async () => {
    const { report } = await parseDelimited('d,v,note\n2020-01-01,1,x\n2020-01-02,#N/A,y\n2020-01-03,NA,z\n2020-01-04,oops,w\n2020-01-05,#DIV/0!,v\n2020-01-06,2,u\n');
    expect(report.columns[1]).toMatchObject({ kind: 'numeric', values: 2, missing: 1, invalid: 1, invalidExamples: ['oops'], errors: { '#N/A': 1, '#DIV/0!': 1 } });
    expect(report.columns[2]).toMatchObject({ kind: 'text', values: 6 });
    expect(report.notes.join('\n')).toMatch(/Skipped 1 text column: 'note'/);
  });
  it('uses a year column as a yearly axis', async () => {
    const { frame } = await parseDelimited('Year,sales\n2019,10\n2020,12\n2021,15\n');
    expect(frame.timeName).toBe('Year');
    expect(frame.names).toEqual(['sales']);
    expect(Array.from(frame.time)).toEqual([utc(2019, 1, 1), utc(2020, 1, 1), utc(2021, 1, 1)]);
  });
  it('honours overrides: delimiter, header row, separators, date order', async () => {
    const text = 'x|y\n01/02/2020|1.234\n03/02/2020|2.5\n';
    const { frame, report } = await parseDelimited(text, { delimiter: '|', headerRow: 0, decimal: ',', thousands: '.', dateOrder: 'mdy' });
    expect(report.delimiter).toBe('|');
    expect(Array.from(frame.time)).toEqual([utc(2020, 1, 2), utc(2020, 3, 2)]);
    expect(Array.from(frame.cols[0])).toEqual([1234, NaN]);
    const noHeader = await parseDelimited('1,2\n3,4\n', { headerRow: -1 });
    expect(noHeader.frame.names).toEqual(['Column 1', 'Column 2']);
  });
  it('notes an ambiguous day/month order', async () => {
    const { frame, report } = await parseDelimited('date,v\n01/02/2020,1\n03/02/2020,2\n');
    expect(Array.from(frame.time)).toEqual([utc(2020, 2, 1), utc(2020, 2, 3)]);
    expect(report.notes.join(' ')).toMatch(/day-first/);
  });
  it('turns a column that is empty in the sample into numbers when values come later', async () => {
    const lines = ['t,a,late'];
    for (let i = 0; i < 400; i++) lines.push(`${i},${i * 2},${i >= 300 ? i : ''}`);
    const { frame } = await parseDelimited(lines.join('\n'));
    expect(frame.names).toEqual(['t', 'a', 'late']);
    expect(frame.cols[2][299]).toBeNaN();
    expect(frame.cols[2][399]).toBe(399);
  });
  it('reads 100,000 columns × 3 rows quickly and with small arrays', async () => {
    const n = 100_000;
    const row = (k: number) => Array.from({ length: n }, (_, c) => String(c + k)).join(',');
    const text = [Array.from({ length: n }, (_, c) => `s${c}`).join(','), row(0), row(1), row(2)].join('\n');
    const t0 = performance.now();
    const { frame, report } = await parseDelimited(text);
    expect(performance.now() - t0).toBeLessThan(8000);
    expect(report.rows).toBe(3);
    expect(frame.cols).toHaveLength(n);
    expect(frame.cols[n - 1].buffer.byteLength).toBe(24);
    expect(Array.from(frame.cols[n - 1])).toEqual([n - 1, n, n + 1]);
  });
  it('keeps a 10^6-character cell', async () => {
    const big = 'é,"\n'.repeat(250_000);
    const text = `v,comment\n1,"${big.replace(/"/g, '""')}"\n2,short\n`;
    const blob = new Blob([text]);
    const { frame, report } = await parseDelimited(blob);
    expect(Array.from(frame.cols[0])).toEqual([1, 2]);
    expect(report.columns[1]).toMatchObject({ kind: 'text', values: 2 });
  });
  it('explains unusable tables with ImportErrors', async () => {
    await expect(parseDelimited('a,b\nx,y\nz,w\n')).rejects.toThrow(/No numeric columns found/);
    await expect(parseDelimited('a,b\n1,2\n')).rejects.toThrow(/Only one data row/);
    await expect(parseDelimited('a,b\n')).rejects.toThrow(/No data rows/);
    await expect(parseDelimited('\n\n')).rejects.toBeInstanceOf(ImportError);
  });
  it('notes an unterminated quote', async () => {
    const { report } = await parseDelimited('a,b\n1,2\n3,"4\n5,6\n');
    expect(report.notes.join(' ')).toMatch(/never closed/);
  });
});
