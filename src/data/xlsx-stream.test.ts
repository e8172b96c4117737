import * as XLSX from '@e965/xlsx';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { xlsxParts, zipBytes, type ZipFile } from '../../scripts/big-inputs';
import { ImportError, type Imported, type ParseOptions } from './frame';
import { importFile } from './import';
import { readWorkbook } from './xlsx';
import { isOoxmlWorkbook, readWorkbookStream } from './xlsx-stream';
import { readBook, StringTable } from './xlsx-stream-book';
import { ZipArchive } from './zip';

const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const sample = fileURLToPath(new URL('../../public/samples/petrochem-sample.xlsx', import.meta.url));
const utc = (y: number, m: number, d: number, h = 0) => Date.UTC(y, m - 1, d, h);
const serial = (ms: number) => (ms - Date.UTC(1899, 11, 30)) / 86_400_000;
const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A Blob stand-in whose streams deliver `size`-byte chunks, to cut tags and texts everywhere. */
function chunkedBlob(bytes: Uint8Array, size: number): Blob {
  return {
    size: bytes.length,
    slice: (a = 0, b = bytes.length) => chunkedBlob(bytes.subarray(a, Math.min(b, bytes.length)), size),
    arrayBuffer: async () => bytes.slice().buffer,
    stream: () => new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < bytes.length; i += size) c.enqueue(bytes.slice(i, i + size));
        c.close();
      },
    }),
  } as unknown as Blob;
}

async function streamed(bytes: Uint8Array, opts: ParseOptions = {}, chunk = 0): Promise<Imported> {
  const blob = chunk ? chunkedBlob(bytes, chunk) : new Blob([bytes as BlobPart]);
  return readWorkbookStream(await ZipArchive.open(blob), opts, 'book.xlsx');
}

/** Everything an import says, with typed arrays as plain arrays (NaN compares equal). */
function plain(r: Imported) {
  return { names: r.frame.names, timeName: r.frame.timeName, time: Array.from(r.frame.time), cols: r.frame.cols.map((c) => Array.from(c)), report: r.report };
}

/** The streaming reader gives what SheetJS gives: the same frame and report, or the same error. */
async function expectSame(bytes: Uint8Array, opts: ParseOptions = {}): Promise<Imported | null> {
  let want: Imported | Error;
  try {
    want = readWorkbook(bytes, opts, 'book.xlsx');
  } catch (e) {
    want = e as Error;
  }
  const got = await streamed(bytes, opts).catch((e: Error) => e);
  if (want instanceof Error) {
    expect(got).toBeInstanceOf(ImportError);
    expect((got as ImportError).message).toBe(want.message);
    return null;
  }
  if (got instanceof Error) throw got;
  expect(plain(got)).toEqual(plain(want));
  return got;
}

function write(wb: XLSX.WorkBook, bookSST: boolean): Uint8Array {
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST }) as ArrayBuffer);
}

/** Like xlsx.test.ts's: a text-only cover sheet, then data with a title, a merged group header, dates and errors. */
function sampleBook(date1904: boolean): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['About this file'], ['Prices in EUR/t']]), 'Cover');
  const day = (d: number) => ({ t: 'n', v: serial(utc(2016, 7, d)) - (date1904 ? 1462 : 0), z: 'yyyy-mm-dd' });
  const ws = XLSX.utils.aoa_to_sheet([
    ['Monthly price report'],
    [],
    [null, 'Prices', null, null],
    ['date', 'naphtha', 'ethylene', 'comment'],
    [day(1), 410.5, { t: 'e', v: 0x2a }, 'ok'],
    [day(2), 415, { t: 'e', v: 0x07 }, 'ok'],
    [day(3), { t: 's', v: 'n/a' }, 980, 'late'],
    [],
    [day(4), 420.25, 990, '  '],
    [{ t: 's', v: ' ' }],
    [day(5), '1,234.5', true, 'x'],
  ]);
  ws['!merges'] = [{ s: { r: 2, c: 1 }, e: { r: 2, c: 2 } }];
  XLSX.utils.book_append_sheet(wb, ws, 'Data');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x', 'y'], [1, 2], [3, 4]]), 'Other');
  if (date1904) wb.Workbook = { WBProps: { date1904: true } };
  return wb;
}

/** An Excel-style workbook from sheet XML bodies (inside <sheetData>, or whole documents) and shared strings. */
function book(sheets: string[], strings: string[] = [], opts: { date1904?: boolean; store?: boolean; names?: string[] } = {}): Uint8Array {
  const styles = `<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="165" formatCode="dd/mm/yyyy\\ hh:mm"/></numFmts>` +
    '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>' +
    '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="2" applyNumberFormat="1"/><xf numFmtId="165" applyNumberFormat="1"/></cellXfs></styleSheet>';
  const files: ZipFile[] = [
    ...xlsxParts({ sheetNames: opts.names ?? sheets.map((_, i) => `S${i + 1}`), date1904: opts.date1904, sharedStrings: strings.length > 0, styles }),
    ...sheets.map((x, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: x.startsWith('<?xml') ? x : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${x}</sheetData></worksheet>` })),
  ];
  if (strings.length) files.push({ name: 'xl/sharedStrings.xml', data: `<sst ${NS} count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si>${s}</si>`).join('')}</sst>` });
  return zipBytes(files.map((f) => ({ ...f, store: opts.store })));
}

/** An Excel-like sheet: shared, rich and inline strings, booleans, errors, entities, three date styles. */
const STRINGS = [
  '<t>Report &amp; notes</t>',
  '<t>Date</t>',
  '<r><t>naph</t></r><r><rPr><b/></rPr><t xml:space="preserve">tha </t></r><rPh sb="0" eb="1"><t>ナフサ</t></rPh><phoneticPr fontId="1"/>',
  '<t>flag</t>',
  '<t>when</t>',
  '<t>line_x000D_break</t>',
  '<t>late &lt;3&gt;</t>',
];
const EXCELISH = [
  '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
  '<row r="3" spans="1:7"><c r="A3" t="s"><v>1</v></c><c r="B3" t="s"><v>2</v></c><c r="C3" t="inlineStr"><is><t>inline &lt;price&gt;</t></is></c>' +
    '<c r="D3" t="s"><v>3</v></c><c r="E3" t="s"><v>4</v></c><c r="F3" t="s"><v>5</v></c><c r="G3" t="str"><v>total</v></c></row>',
  ...Array.from({ length: 30 }, (_, i) => {
    const r = i + 4;
    const err = ['#N/A', '#DIV/0!', '#REF!'][i % 3];
    return `<row r="${r}"><c r="A${r}" s="1"><v>${44197 + i}</v></c><c r="B${r}"><v>${(i * 1.1).toFixed(2)}</v></c>` +
      `<c r="C${r}" s="2"${i === 5 ? ' t="e"><v>' + err : '><v>' + (1e-7 * i + 12345.678901234567)}</v></c><c r="D${r}" t="b"><v>${i % 2}</v></c>` +
      `<c r="E${r}" s="3"><v>${44197 + i + 0.25}</v></c><c r="F${r}"${i % 7 === 0 ? ' t="s"><v>6' : `><v>${-i}E-3`}</v></c>` +
      `<c r="G${r}"><f>SUM(B${r}:C${r})</f><v>${i}</v></c></row>`;
  }),
  '<row r="40"><c r="B40" t="str"><v>  </v></c></row>',
  '<row r="41"><c r="A41" s="1"/><c r="B41"><v>7</v></c></row>',
].join('');

describe('readWorkbookStream matches the SheetJS reader', () => {
  it('on every committed workbook fixture and the bundled sample, on every sheet', async () => {
    for (const [file, sheets] of [
      [`${fixtures}multi-sheet.xlsx`, [undefined, 'Monthly', 'Quarterly', 'Notes']],
      [`${fixtures}dates-1904.xlsx`, [undefined]],
      [`${fixtures}merged-header.xlsx`, [undefined]],
      [sample, [undefined, 'Daily prices', 'Weekly demand']],
    ] as const) {
      for (const sheet of sheets) await expectSame(new Uint8Array(readFileSync(file)), sheet ? { sheet } : {});
    }
  });
  it('on SheetJS-written books, with and without shared strings, in both date systems', async () => {
    for (const date1904 of [false, true]) {
      for (const sst of [false, true]) {
        const bytes = write(sampleBook(date1904), sst);
        const got = await expectSame(bytes);
        expect(got?.report.notes.join('\n')).toMatch(/Skipped 2 blank rows/);
        await expectSame(bytes, { sheet: 'Other' });
        await expectSame(bytes, { sheet: 'Cover' });
        await expectSame(bytes, { headerRow: 2 });
        await expectSame(bytes, { headerRow: -1, decimal: ',' });
        await expect(streamed(bytes, { sheet: 'Nope' })).rejects.toThrow(/no sheet named 'Nope'/);
      }
    }
  });
  it('on tables that start at C3, lack a header, or have vertical merges', async () => {
    const c3 = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(c3, XLSX.utils.aoa_to_sheet([['when', 'load'], [{ t: 'n', v: 43831.25, z: 'yyyy-mm-dd hh:mm' }, '1,5'], [{ t: 'n', v: 43831.5, z: 'm/d/yy h:mm' }, '2,25']], { origin: 'C3' } as XLSX.AOA2SheetOpts), 'S');
    await expectSame(write(c3, true));
    const bare = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(bare, XLSX.utils.aoa_to_sheet([[1, 2], [3, 4], [5, 6]], { origin: 'B1' } as XLSX.AOA2SheetOpts), 'S');
    await expectSame(write(bare, false));
    const merged = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([['date', 'Prices', null], [null, 'naphtha', 'ethylene'], [1, 2, 3], [4, 5, 6]]);
    ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 1, c: 0 } }, { s: { r: 0, c: 1 }, e: { r: 0, c: 2 } }];
    XLSX.utils.book_append_sheet(merged, ws, 'S');
    const got = await expectSame(write(merged, true));
    expect(got?.frame.names).toEqual(['date', 'Prices · naphtha', 'Prices · ethylene']);
  });
  it('on an Excel-style sheet: shared, rich and inline strings, booleans, errors, entities, date styles', async () => {
    for (const date1904 of [false, true]) {
      const got = await expectSame(book([EXCELISH], STRINGS, { date1904 }));
      const { frame, report } = got as Imported;
      expect(report.headerRow).toBe(2);
      expect(report.columns.map((c) => [c.name, c.kind])).toEqual([
        ['Date', 'time'], ['naphtha', 'numeric'], ['inline <price>', 'numeric'], ['flag', 'text'], ['when', 'time'], ['line break', 'numeric'], ['total', 'numeric'],
      ]);
      const day0 = date1904 ? utc(2025, 1, 2) : utc(2021, 1, 1); // serial 44197 in either system
      expect(frame.time[0]).toBe(day0);
      expect(frame.time[29]).toBe(day0 + 29 * 86_400_000);
      expect(report.columns[2].errors).toEqual({ '#REF!': 1 });
      expect(frame.cols[1][1]).toBe(1e-7 + 12345.678901234567); // 17 digits: read by parseFloat, exactly
      expect(frame.cols[2][1]).toBe(-0.001);
      expect(report.columns[5].invalid).toBe(5); // 'late <3>' as text in a numeric column
      expect(report.columns[5].invalidExamples[0]).toBe('late <3>');
      expect(report.notes.join('\n')).toMatch(/Other date columns are not used as series: 'when'/);
      if (date1904) expect(report.dateSystem).toBe('1904');
    }
  });
});

describe('readWorkbookStream', () => {
  it('reads the same whatever the chunk size, stored or deflated', async () => {
    const want = plain(await streamed(book([EXCELISH], STRINGS)));
    const stored = book([EXCELISH], STRINGS, { store: true });
    for (const size of [1, 2, 3, 7, 64, 1000]) expect(plain(await streamed(stored, {}, size)), `chunks of ${size}`).toEqual(want);
    expect(plain(await streamed(stored))).toEqual(want);
  });
  it('reports progress as a rising fraction of the sheet read', async () => {
    const seen: number[] = [];
    const zip = await ZipArchive.open(chunkedBlob(new Uint8Array(readFileSync(sample)), 4096));
    await readWorkbookStream(zip, {}, 'sample.xlsx', (f) => seen.push(f));
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBeGreaterThan(0.9);
  });
  it('stops reading a sheet once its first rows show no numbers', async () => {
    const text = Array.from({ length: 500 }, (_, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>note ${i}</t></is></c></row>`).join('');
    const data = '<row><c t="inlineStr"><is><t>v</t></is></c></row><row><c><v>1</v></c></row><row><c><v>2</v></c></row>';
    const got = await expectSame(book([text, data], [], { names: ['Notes', 'Data'] }));
    expect(got?.report.notes.slice(0, 2)).toEqual(["Read sheet 'Data' (the workbook has 2 sheets).", "Skipped 1 sheet without numeric columns: 'Notes'."]);
    // Cut short after its sample, the skipped sheet is never read that far.
    const cut = `<?xml version="1.0"?><worksheet ${NS}><sheetData>${text}`;
    expect((await streamed(book([cut, data], [], { names: ['Notes', 'Data'] }))).report.sheet).toBe('Data');
    await expect(streamed(book([cut, data], [], { names: ['Notes', 'Data'] }), { sheet: 'Notes' })).rejects.toThrow(/cut short/);
  });
  it('reads cells the SheetJS reader misreads: ISO date cells, double-escaped texts, newer error codes', async () => {
    const rows = '<row><c t="inlineStr"><is><t>t</t></is></c><c t="inlineStr"><is><t>v</t></is></c><c t="inlineStr"><is><t>note</t></is></c></row>' +
      '<row><c t="d"><v>2024-03-01T06:00:00</v></c><c><v>1</v></c><c t="str"><v>&amp;lt;b&amp;gt;</v></c></row>' +
      '<row><c t="d"><v>2024-03-02</v></c><c t="e"><v>#SPILL!</v></c><c t="str"><v>x</v></c></row>';
    const { frame, report } = await streamed(book([rows]));
    expect(Array.from(frame.time)).toEqual([utc(2024, 3, 1, 6), utc(2024, 3, 2)]);
    expect(report.columns[1].errors).toEqual({ '#SPILL!': 1 });
    expect(report.notes.join('\n')).toMatch(/text column.*'note'/);
  });
  it('notes cells right of the columns found in the first rows (a sheet without a stored range)', async () => {
    const rows = Array.from({ length: 260 }, (_, i) => `<row><c><v>${i}</v></c><c><v>${i * 2}</v></c>${i >= 250 ? `<c><v>${i}</v></c>` : ''}</row>`).join('');
    const { frame, report } = await streamed(book([rows]));
    expect(frame.names).toEqual(['Column A', 'Column B']);
    expect(report.rows).toBe(260);
    expect(report.notes.join('\n')).toMatch(/Ignored 10 cells right of column B/);
  });
  it('calls a missing shared string, a cut sheet or corrupted data damaged', async () => {
    const bad = book(['<row><c t="s"><v>0</v></c><c t="s"><v>5</v></c></row><row><c><v>1</v></c><c><v>2</v></c></row>'], ['<t>a</t>']);
    await expect(streamed(bad)).rejects.toThrow(/damaged or incomplete \(a cell refers to shared string 5/);
    const cutXml = `<?xml version="1.0"?><worksheet ${NS}><sheetData>${EXCELISH.slice(0, EXCELISH.indexOf('<row r="20">'))}`;
    await expect(streamed(book([cutXml], STRINGS))).rejects.toThrow(/damaged or incomplete \(the sheet 'S1' is cut short/);
    const full = book([EXCELISH], STRINGS);
    const cd = new DataView(full.buffer).getUint32(full.length - 6, true);
    const corrupt = full.slice();
    for (let i = cd - 400; i < cd - 300; i++) corrupt[i] ^= 0x33;
    const e = (await streamed(corrupt).catch((err: unknown) => err)) as ImportError;
    expect(e).toBeInstanceOf(ImportError);
    expect(e.hint).toMatch(/save it again/);
  });
  it('is what importFile uses for .xlsx (not for .ods), while a truncated one is still explained', async () => {
    // SheetJS would count #SPILL! as '#ERROR': the code shows which reader ran.
    const bytes = book(['<row><c t="inlineStr"><is><t>v</t></is></c></row><row><c><v>1</v></c></row><row><c t="e"><v>#SPILL!</v></c></row>']);
    expect(isOoxmlWorkbook(await ZipArchive.open(new Blob([bytes as BlobPart])))).toBe(true);
    const got = await importFile(Object.assign(new Blob([bytes as BlobPart]), { name: 'm.xlsx' }));
    expect(got.report.columns[0].errors).toEqual({ '#SPILL!': 1 });
    expect(readWorkbook(bytes).report.columns[0].errors).toEqual({ '#ERROR': 1 });
    const ods = new Uint8Array(readFileSync(`${fixtures}calc.ods`));
    expect(isOoxmlWorkbook(await ZipArchive.open(new Blob([ods])))).toBe(false);
    expect((await importFile(Object.assign(new Blob([ods]), { name: 'c.ods' }))).report.format).toBe('ods');
    const cut = await importFile(Object.assign(new Blob([readFileSync(`${fixtures}truncated.xlsx`)]), { name: 't.xlsx' })).catch((e: ImportError) => e);
    expect(cut).toBeInstanceOf(ImportError);
    expect((cut as ImportError).message).toMatch(/^The workbook is damaged or incomplete/);
  });
});

describe('StringTable', () => {
  it('keeps strings across its joined blocks', () => {
    const t = new StringTable();
    for (let i = 0; i < 10_000; i++) t.add(i % 3 === 0 ? '' : `s${i}é`);
    expect(t.length).toBe(10_000);
    for (const i of [0, 1, 4095, 4096, 4097, 8191, 8192, 9999]) expect(t.get(i)).toBe(i % 3 === 0 ? '' : `s${i}é`);
    expect(t.get(10_000)).toBeUndefined();
    expect(t.get(-1)).toBeUndefined();
  });
});

describe('built-in date formats', () => {
  it('agree with SheetJS on the formats its table has', async () => {
    const table = XLSX.SSF.get_table() as Record<number, string>;
    const styles = (ids: number[]) => `<styleSheet ${NS}><cellXfs>${ids.map((id) => `<xf numFmtId="${id}"/>`).join('')}</cellXfs></styleSheet>`;
    const ids = [...Array(50).keys()].filter((id) => table[id] !== undefined);
    const files = [...xlsxParts({ styles: styles(ids) }), { name: 'xl/worksheets/sheet1.xml', data: `<worksheet ${NS}><sheetData/></worksheet>` }];
    const zip = await ZipArchive.open(new Blob([zipBytes(files) as BlobPart]));
    const { dateStyles } = await readBook(zip);
    expect(Array.from(dateStyles)).toEqual(ids.map((id) => (XLSX.SSF.is_date(table[id]) ? 1 : 0)));
  });
});
