import * as XLSX from '@e965/xlsx';
import { describe, expect, it } from 'vitest';
import { ImportError } from './frame';
import { importFile, sniffContent } from './import';

const file = (parts: (string | Uint8Array)[], name: string) => Object.assign(new Blob(parts as BlobPart[]), { name });

function xlsxBytes(): Uint8Array {
  const wb = XLSX.utils.book_new();
  const rows: (string | number)[][] = [['t', 'v']];
  for (let i = 0; i < 200; i++) rows.push([i, Math.sin(i)]);
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'S');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

/** A CFB container shaped like an agile-encrypted OOXML workbook. */
function encryptedBytes(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  const xml = new TextEncoder().encode('<?xml version="1.0"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16"/></encryption>');
  const info = new Uint8Array(8 + xml.length);
  info.set([4, 0, 4, 0, 0x40, 0, 0, 0]); // version 4.4 = agile encryption
  info.set(xml, 8);
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptionInfo', info);
  XLSX.CFB.utils.cfb_add(cfb, 'EncryptedPackage', new Uint8Array(64));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
}

/** The ImportError `importFile` rejects with. */
async function failure(f: Blob & { name: string }): Promise<ImportError> {
  const e = await importFile(f).then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

describe('sniffContent', () => {
  it('tells containers, text and binary apart', () => {
    expect(sniffContent(new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe('zip');
    expect(sniffContent(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('cfb');
    expect(sniffContent(new TextEncoder().encode('a,b\r\n1,2\n'))).toBe('text');
    expect(sniffContent(new Uint8Array([0xff, 0xfe, 0x61, 0]))).toBe('text');
    expect(sniffContent(new Uint8Array([0x61, 0, 0x62]))).toBe('binary');
    expect(sniffContent(new Uint8Array([1, 2, 3, 4, 0x61, 0x62]))).toBe('binary');
  });
});

describe('importFile', () => {
  it('routes by content, not by name', async () => {
    const asCsv = await importFile(file([xlsxBytes()], 'data.csv'));
    expect(asCsv.report.format).toBe('xlsx');
    expect(asCsv.report.rows).toBe(200);
    const asXlsx = await importFile(file(['t,v\n1,2\n2,3\n'], 'data.xlsx'));
    expect(asXlsx.report.format).toBe('csv');
  });
  it('reports progress for workbooks and text', async () => {
    const seen: number[] = [];
    await importFile(file([xlsxBytes()], 'a.xlsx'), {}, (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
    seen.length = 0;
    await importFile(file(['t,v\n1,2\n2,3\n'], 'a.csv'), {}, (f) => seen.push(f));
    expect(seen.at(-1)).toBe(1);
  });
  it('rejects an empty file', async () => {
    expect((await failure(file([], 'empty.csv'))).message).toBe('The file is empty.');
  });
  it('rejects binary garbage even when named .xlsx', async () => {
    const bytes = new Uint8Array(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + 13) % 256;
    const e = await failure(file([bytes], 'report.xlsx'));
    expect(e.message).toMatch(/neither a spreadsheet nor text/);
    expect(e.hint).toMatch(/CSV/);
  });
  it('explains a truncated workbook', async () => {
    const bytes = xlsxBytes();
    const e = await failure(file([bytes.subarray(0, bytes.length >> 1)], 'cut.xlsx'));
    expect(e.message).toMatch(/^The workbook is damaged or incomplete \(.+\)/);
    expect(e.hint).toMatch(/save it again|download it again/);
  });
  it('explains a password-protected workbook', async () => {
    const bytes = encryptedBytes();
    expect(() => XLSX.read(bytes, { type: 'array' })).toThrow(/password-protected/);
    const e = await failure(file([bytes], 'secret.xlsx'));
    expect(e.message).toBe('The workbook is password-protected');
    expect(e.hint).toBe('Open it in Excel, remove the password (File › Info › Protect Workbook), save, and try again.');
  });
  it('refuses SheetJS workbooks (xls, xlsb, ods) over the in-browser limit before reading them', async () => {
    const cfb = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const big = { size: 151 * 2 ** 20, name: 'huge.xls', slice: () => new Blob([cfb]) } as unknown as Blob & { name: string };
    const e = await failure(big);
    expect(e.message).toMatch(/too large to open in the browser/);
    expect(e.hint).toMatch(/CSV/);
  });
  it('never lets a raw error escape', async () => {
    const e = await failure(file([new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9, 9, 9, 9])], 'x.xlsx'));
    expect(e.hint.length).toBeGreaterThan(0);
  });
});
