import * as XLSX from '@e965/xlsx';
import { describe, expect, it, vi } from 'vitest';
import { ImportError } from './frame';
import { containerFormat, readWorkbook } from './xlsx';

type BookType = 'xlsx' | 'xls' | 'ods';
const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
/** Excel 1900-system serial of a UTC date. */
const serial = (ms: number) => (ms - Date.UTC(1899, 11, 30)) / 86_400_000;

/** Writes a workbook to bytes (SheetJS's ODS writer complains on stderr about date formats). */
function write(wb: XLSX.WorkBook, bookType: BookType): Uint8Array {
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
  try {
    return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
  } finally {
    quiet.mockRestore();
  }
}

/** A workbook: a text-only cover sheet, then a data sheet with a title, a merged group header, dates and errors. */
function sampleBook(date1904: boolean): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['About this file'], ['Prices in EUR/t']]), 'Cover');
  const offset = date1904 ? 1462 : 0;
  const day = (d: number) => ({ t: 'n', v: serial(utc(2016, 7, d)) - offset, z: 'yyyy-mm-dd' });
  const ws = XLSX.utils.aoa_to_sheet([
    ['Monthly price report'],
    [],
    [null, 'Prices', null, null],
    ['date', 'naphtha', 'ethylene', 'comment'],
    [day(1), 410.5, { t: 'e', v: 0x2a }, 'ok'],
    [day(2), 415, { t: 'e', v: 0x07 }, 'ok'],
    [day(3), { t: 's', v: 'n/a' }, 980, 'late'],
    [day(4), 420.25, 990, ''],
  ]);
  ws['!merges'] = [{ s: { r: 2, c: 1 }, e: { r: 2, c: 2 } }];
  XLSX.utils.book_append_sheet(wb, ws, 'Data');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x', 'y'], [1, 2], [3, 4]]), 'Other');
  if (date1904) wb.Workbook = { WBProps: { date1904: true } };
  return wb;
}

describe('readWorkbook', () => {
  for (const bookType of ['xlsx', 'xls', 'ods'] as BookType[]) {
    for (const date1904 of [false, true]) {
      it(`${bookType}${date1904 ? ' (1904 dates)' : ''}: picks the first sheet with numbers, skips the title, merges the group header`, () => {
        const { frame, report } = readWorkbook(write(sampleBook(date1904), bookType), {}, `book.${bookType}`);
        expect(report).toMatchObject({ format: bookType, sheets: ['Cover', 'Data', 'Other'], sheet: 'Data', headerRow: 3, dateSystem: date1904 ? '1904' : '1900', delimiter: '' });
        expect(frame.names).toEqual(['Prices · naphtha', 'Prices · ethylene']);
        expect(frame.timeName).toBe('date');
        expect(Array.from(frame.time)).toEqual([1, 2, 3, 4].map((d) => utc(2016, 7, d)));
        expect(Array.from(frame.cols[0])).toEqual([410.5, 415, NaN, 420.25]);
        expect(Array.from(frame.cols[1])).toEqual([NaN, NaN, 980, 990]);
        expect(report.columns[1]).toMatchObject({ header: 'naphtha', kind: 'numeric', values: 3, missing: 1 });
        // SheetJS's ODS writer drops error cells; xlsx and xls keep them.
        if (bookType !== 'ods') expect(report.columns[2].errors).toEqual({ '#N/A': 1, '#DIV/0!': 1 });
        expect(report.columns[3]).toMatchObject({ kind: 'text' });
        const notes = report.notes.join('\n');
        expect(notes).toMatch(/Skipped 1 sheet without numeric columns: 'Cover'/);
        expect(notes).toMatch(/Skipped 3 rows above the header/);
        if (date1904) expect(notes).toMatch(/1904 date system/);
      });
    }
  }
  it('reads the sheet the user chose, and rejects an unknown one', () => {
    const bytes = write(sampleBook(false), 'xlsx');
    const { frame, report } = readWorkbook(bytes, { sheet: 'Other' });
    expect(report.sheet).toBe('Other');
    expect(frame.names).toEqual(['x', 'y']);
    expect(() => readWorkbook(bytes, { sheet: 'Nope' })).toThrow(ImportError);
    expect(() => readWorkbook(bytes, { sheet: 'Nope' })).toThrow(/no sheet named 'Nope'/);
    expect(() => readWorkbook(bytes, { sheet: 'Cover' })).toThrow(/No numeric columns/);
  });
  it('reads date-time cells, text numbers and a sheet that starts at C3', () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet(
      [
        ['when', 'load', 'price'],
        [{ t: 'n', v: serial(utc(2020, 1, 1, 6)), z: 'yyyy-mm-dd hh:mm' }, 1, '1,5'],
        [{ t: 'n', v: serial(utc(2020, 1, 1, 7)), z: 'm/d/yy h:mm' }, 2, '2,25'],
        [{ t: 'n', v: serial(utc(2020, 1, 1, 8)), z: 'yyyy-mm-dd hh:mm' }, 3, '3'],
      ],
      { origin: 'C3' } as XLSX.AOA2SheetOpts,
    );
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const { frame, report } = readWorkbook(write(wb, 'xlsx'));
    expect(report.headerRow).toBe(2);
    expect(report.decimal).toBe(',');
    expect(frame.names).toEqual(['load', 'price']);
    expect(Array.from(frame.time)).toEqual([6, 7, 8].map((h) => utc(2020, 1, 1, h)));
    expect(Array.from(frame.cols[1])).toEqual([1.5, 2.25, 3]);
    expect(report.columns.map((c) => [c.index, c.name, c.kind])).toEqual([[2, 'when', 'time'], [3, 'load', 'numeric'], [4, 'price', 'numeric']]);
  });
  it('names header-less columns by their sheet letter', () => {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([[1, 2], [3, 4], [5, 6]], { origin: 'B1' } as XLSX.AOA2SheetOpts), 'S');
    const { frame, report } = readWorkbook(write(wb, 'xlsx'));
    expect(report.headerRow).toBe(-1);
    expect(frame.names).toEqual(['Column B', 'Column C']);
  });
  it('spreads merged header cells that start left of the table and reads a vertical merge', () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([['date', 'Prices', null], [null, 'naphtha', 'ethylene'], [1, 2, 3], [4, 5, 6]]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const { frame, report } = readWorkbook(write(wb, 'xlsx'));
    expect(report.headerRow).toBe(1);
    expect(report.columns.map((c) => c.name)).toEqual(['date', 'Prices · naphtha', 'Prices · ethylene']);
    expect(frame.names).toEqual(['date', 'Prices · naphtha', 'Prices · ethylene']);
  });
  it('detects the container format', () => {
    const wb = sampleBook(false);
    expect(containerFormat(write(wb, 'xlsx'))).toBe('xlsx');
    expect(containerFormat(write(wb, 'ods'))).toBe('ods');
    expect(containerFormat(write(wb, 'xls'))).toBe('xls');
  });
});
