/**
 * The small parts of an OOXML workbook, for the streaming reader: sheet names and paths
 * (workbook.xml and its relationships), the date system, which cell styles show dates
 * (styles.xml), and the shared strings (streamed into a compact table).
 */
import { isDateFormat } from './xlsx';
import { attrOf, isEmptyTag, isEndTag, tagAttrs, tagName, XmlScanner } from './xlsx-stream-xml';
import { damaged, type ZipArchive } from './zip';

/** Where the workbook part of an .xlsx/.xlsm lives; its presence tells an OOXML workbook. */
export const WORKBOOK_PART = 'xl/workbook.xml';

/** What the sheets need to be read. */
export interface Book {
  /** Sheets in workbook order; `path` is null for a sheet with no worksheet part (a chart sheet). */
  sheets: { name: string; path: string | null }[];
  date1904: boolean;
  /** Per cell style index (the `s` of a cell): 1 when its number format shows a date or time. */
  dateStyles: Uint8Array;
  strings: StringTable;
}

const BLOCK = 4096;

/**
 * Shared strings kept compactly: every 4096 strings are joined into one string and found by
 * their end offsets, instead of a million small string objects with a header each.
 */
export class StringTable {
  #blocks: string[] = [];
  #pending: string[] = [];
  #chars = 0;
  #ends = new Uint32Array(BLOCK);
  #count = 0;

  /** Number of strings. */
  get length(): number {
    return this.#count;
  }

  /** Appends a string. */
  add(s: string): void {
    if (this.#count === this.#ends.length) {
      const next = new Uint32Array(this.#ends.length * 2);
      next.set(this.#ends);
      this.#ends = next;
    }
    this.#pending.push(s);
    this.#chars += s.length;
    this.#ends[this.#count++] = this.#chars;
    if (this.#pending.length === BLOCK) {
      this.#blocks.push(this.#pending.join(''));
      this.#pending = [];
      this.#chars = 0;
    }
  }

  /** The i-th string, or undefined past the end. */
  get(i: number): string | undefined {
    if (!(i >= 0 && i < this.#count)) return undefined;
    const b = Math.floor(i / BLOCK);
    if (b === this.#blocks.length) return this.#pending[i % BLOCK];
    return this.#blocks[b].slice(i % BLOCK === 0 ? 0 : this.#ends[i - 1], this.#ends[i]);
  }
}

/** Reads the workbook's small parts and its shared strings. */
export async function readBook(zip: ZipArchive): Promise<Book> {
  const sheets: { name: string; rel: string }[] = [];
  let date1904 = false;
  await scanPart(zip, WORKBOOK_PART, (buf, s, e) => {
    if (isEndTag(buf, s)) return;
    const name = tagName(buf, s, e);
    if (name === 'sheet') {
      const a = tagAttrs(buf, s, e);
      sheets.push({ name: a.get('name') ?? '', rel: attrOf(a, 'r:id', 'id') ?? '' });
    } else if (name === 'workbookPr') {
      const v = tagAttrs(buf, s, e).get('date1904');
      date1904 = v === '1' || v === 'true';
    }
  });
  const rels = new Map<string, { type: string; path: string }>();
  await scanPart(zip, 'xl/_rels/workbook.xml.rels', (buf, s, e) => {
    if (isEndTag(buf, s) || tagName(buf, s, e) !== 'Relationship') return;
    const a = tagAttrs(buf, s, e);
    if (a.get('TargetMode') === 'External') return;
    rels.set(a.get('Id') ?? '', { type: a.get('Type') ?? '', path: resolve('xl/', a.get('Target') ?? '') });
  }, true);
  const partOf = (type: string, fallback: string) => [...rels.values()].find((r) => r.type.endsWith('/' + type))?.path ?? fallback;
  const dateStyles = await readDateStyles(zip, partOf('styles', 'xl/styles.xml'));
  const strings = await readStrings(zip, partOf('sharedStrings', 'xl/sharedStrings.xml'));
  return {
    sheets: sheets.map(({ name, rel }) => {
      const r = rels.get(rel);
      return { name, path: r && r.type.endsWith('/worksheet') && zip.find(r.path) ? r.path : null };
    }),
    date1904,
    dateStyles,
    strings,
  };
}

/**
 * Excel's built-in date and time formats by id (ECMA-376 §18.8.30, plus the East Asian ids
 * SheetJS maps to m/d/yy and h:mm:ss); a workbook's own numFmt of the same id wins.
 */
const BUILTIN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81]);

/** Which cell styles (cellXfs entries) have a date or time number format. */
async function readDateStyles(zip: ZipArchive, path: string): Promise<Uint8Array> {
  const custom = new Map<number, string>();
  const formats: number[] = [];
  let inCellXfs = false;
  await scanPart(zip, path, (buf, s, e) => {
    const name = tagName(buf, s, e);
    if (name === 'cellXfs') inCellXfs = !isEndTag(buf, s) && !isEmptyTag(buf, e);
    else if (isEndTag(buf, s)) return;
    else if (name === 'numFmt') {
      const a = tagAttrs(buf, s, e);
      custom.set(parseInt(a.get('numFmtId') ?? '', 10), a.get('formatCode') ?? '');
    } else if (name === 'xf' && inCellXfs) formats.push(parseInt(tagAttrs(buf, s, e).get('numFmtId') ?? '0', 10) || 0);
  }, true);
  return Uint8Array.from(formats, (id) => {
    const code = custom.get(id);
    return (code !== undefined ? isDateFormat(code) : BUILTIN_DATES.has(id)) ? 1 : 0;
  });
}

/** The shared strings: each `<si>`'s text runs joined, phonetic runs (`<rPh>`) left out. */
async function readStrings(zip: ZipArchive, path: string): Promise<StringTable> {
  const table = new StringTable();
  let inSi = false;
  let inPhonetic = false;
  await scanPart(zip, path, (buf, s, e, scanner) => {
    const name = tagName(buf, s, e);
    const end = isEndTag(buf, s);
    if (name === 'si') {
      if (end || isEmptyTag(buf, e)) {
        if (!end) scanner.text.clear();
        table.add(scanner.text.string());
        inSi = false;
      } else {
        inSi = true;
        scanner.text.clear();
      }
    } else if (name === 'rPh') inPhonetic = !end && !isEmptyTag(buf, e);
    else if (name === 't') scanner.capture = inSi && !inPhonetic && !end && !isEmptyTag(buf, e);
  }, true);
  return table;
}

/** Streams one part through the tokenizer; a missing part is damage unless `optional`. */
async function scanPart(
  zip: ZipArchive,
  path: string,
  onTag: (buf: Uint8Array, start: number, end: number, scanner: XmlScanner) => void,
  optional = false,
): Promise<void> {
  const entry = zip.find(path);
  if (!entry) {
    if (optional) return;
    throw damaged(`${path} is missing`);
  }
  const scanner: XmlScanner = new XmlScanner({ tag: (buf, s, e) => onTag(buf, s, e, scanner) });
  for await (const chunk of zip.chunks(entry)) scanner.push(chunk);
  scanner.end();
}

/** A relationship target as a zip path: relative to `base`, or absolute from the package root. */
function resolve(base: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}
