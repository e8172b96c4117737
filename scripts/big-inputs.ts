/**
 * Generators for large or pathological inputs that are too big to commit. Tests call these to
 * write into `test/.generated/` (git-ignored). No side effects on import.
 *
 * Everything here is deterministic (no randomness, no clock): the same arguments always give the
 * same bytes.
 */
import { open } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';

const DAY = 86_400_000;

/** 'YYYY-MM-DD' of a UTC epoch-ms timestamp. */
function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A deterministic value in [0, 1000) with two decimals, as text, from a row and column index. */
function cellText(r: number, c: number): string {
  // Cheap integer hash (no floating point), so the text is exact and the same everywhere.
  let h = Math.imul(r + 1, 0x9e3779b1) ^ Math.imul(c + 1, 0x85ebca6b);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  const cents = (h >>> 0) % 100_000; // 0 .. 999.99
  const int = Math.floor(cents / 100);
  const frac = cents % 100;
  return `${int}.${frac < 10 ? '0' : ''}${frac}`;
}

/**
 * A very wide daily CSV: `columns` columns in total — a leading `Date` column (ISO dates from
 * 2020-01-01, one row per calendar day) followed by `columns - 1` numeric series named `s1`,
 * `s2`, …. Values are numbers in [0, 1000) with two decimals. LF line endings, trailing newline.
 *
 * Facts: rows = `rows`, series = `columns - 1`, timeName "Date", frequency "daily",
 * first 2020-01-01, last 2020-01-01 + (rows - 1) days, no missing cells.
 * Example: `wideCsv(100_000, 3)` ≈ 2.8 MB with 10^5 columns.
 */
export function wideCsv(columns: number, rows: number): string {
  if (!Number.isInteger(columns) || columns < 2) throw new RangeError('wideCsv: columns must be an integer ≥ 2');
  if (!Number.isInteger(rows) || rows < 0) throw new RangeError('wideCsv: rows must be an integer ≥ 0');
  const series = columns - 1;
  const lines: string[] = [];
  const head: string[] = ['Date'];
  for (let c = 1; c <= series; c++) head.push(`s${c}`);
  lines.push(head.join(','));
  const start = Date.UTC(2020, 0, 1);
  for (let r = 0; r < rows; r++) {
    const cells: string[] = [isoDay(start + r * DAY)];
    for (let c = 0; c < series; c++) cells.push(cellText(r, c));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

/**
 * A small daily CSV with one enormous cell: header `Date,value,other`, 6 rows from 2024-01-01.
 * The `value` cell of the third data row (2024-01-03) is `chars` letters (`abcdefghij` repeated,
 * unquoted, no delimiter or newline inside), i.e. one non-empty cell that is not a number.
 *
 * Facts: rows 6, series 2 (`value`, `other`), frequency "daily", first 2024-01-01,
 * last 2024-01-06; `value`: 5 numbers (1.5, 2.5, 4.5, 5.5, 6.5 → mean 4.1) and 1 invalid cell;
 * `other`: 6 numbers 10..15 (mean 12.5).
 */
export function longCellCsv(chars: number): string {
  if (!Number.isInteger(chars) || chars < 1) throw new RangeError('longCellCsv: chars must be an integer ≥ 1');
  const unit = 'abcdefghij';
  const long = unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);
  const rows = [
    'Date,value,other',
    '2024-01-01,1.5,10',
    '2024-01-02,2.5,11',
    `2024-01-03,${long},12`,
    '2024-01-04,4.5,13',
    '2024-01-05,5.5,14',
    '2024-01-06,6.5,15',
  ];
  return rows.join('\n') + '\n';
}

/** What `writeHugeCsv` wrote. */
export interface HugeCsvInfo {
  /** Bytes written (≥ targetBytes; at most one row more). */
  bytes: number;
  /** Data rows below the header. */
  rows: number;
  /** Numeric series (columns after `Date`). */
  series: number;
  /** ISO date of the first and last row. */
  first: string;
  last: string;
}

/**
 * Streams a valid daily CSV of at least `targetBytes` bytes to `path` (parent folders are
 * created). Header `Date,s1,…,sN`; one row per calendar day from `start` (default 1900-01-01);
 * values as in `wideCsv`. Rows are built as bytes in 8 MB chunks: 200 MB takes ~1–2 s.
 *
 * `series` defaults to 24 (≈ 176 bytes a row, so 200 MiB ≈ 1.19 M rows, dates 1900-01-01 .. 5156-11-10);
 * it is raised automatically when the dates would otherwise run past 9999-12-31.
 */
export async function writeHugeCsv(
  path: string,
  targetBytes: number,
  opts: { series?: number; start?: string } = {},
): Promise<HugeCsvInfo> {
  if (!(targetBytes > 0)) throw new RangeError('writeHugeCsv: targetBytes must be > 0');
  const start = Date.parse((opts.start ?? '1900-01-01') + 'T00:00:00Z');
  if (Number.isNaN(start)) throw new RangeError('writeHugeCsv: bad start date');
  const lastDay = Date.UTC(9999, 11, 31);
  const maxRows = Math.floor((lastDay - start) / DAY) + 1;
  // A row is ≥ 11 + 5·series bytes (date + ",d.dd" at the least); keep rows ≤ maxRows.
  let series = Math.max(1, Math.floor(opts.series ?? 24));
  while (targetBytes / (11 + 5 * series) > maxRows) series *= 2;

  // A pool of value cells (",123.45" as bytes) keeps per-cell work to a short byte copy.
  const POOL = 4096;
  const pool: Uint8Array[] = [];
  for (let i = 0; i < POOL; i++) pool.push(Buffer.from(',' + cellText(i, 7), 'latin1'));
  const maxRow = 11 + series * 8 + 1; // date + series × (",ddd.dd") + "\n", upper bound

  mkdirSync(dirname(path), { recursive: true });
  const fh = await open(path, 'w');
  let bytes = 0;
  let rows = 0;
  try {
    const head: string[] = ['Date'];
    for (let c = 1; c <= series; c++) head.push(`s${c}`);
    const header = Buffer.from(head.join(',') + '\n', 'latin1');
    const CHUNK = Math.max(8 * 1024 * 1024, header.length + maxRow);
    const buf = new Uint8Array(CHUNK);
    buf.set(header, 0);
    let pos = header.length;
    // The calendar date is advanced by hand: cheaper than a Date per row.
    const d0 = new Date(start);
    let y = d0.getUTCFullYear();
    let m = d0.getUTCMonth() + 1;
    let d = d0.getUTCDate();
    const monthDays = (yy: number, mm: number) =>
      mm === 2 ? ((yy % 4 === 0 && yy % 100 !== 0) || yy % 400 === 0 ? 29 : 28) : [4, 6, 9, 11].includes(mm) ? 30 : 31;
    const put2 = (v: number) => {
      buf[pos++] = 48 + Math.floor(v / 10);
      buf[pos++] = 48 + (v % 10);
    };
    while (bytes + pos < targetBytes) {
      if (rows >= maxRows) throw new RangeError('writeHugeCsv: ran out of dates; pass more series');
      if (pos + maxRow > CHUNK) {
        await fh.write(buf, 0, pos);
        bytes += pos;
        pos = 0;
        continue;
      }
      put2(Math.floor(y / 100));
      put2(y % 100);
      buf[pos++] = 45; // '-'
      put2(m);
      buf[pos++] = 45;
      put2(d);
      const base = Math.imul(rows, 2654435761) >>> 0;
      for (let c = 0; c < series; c++) {
        const cell = pool[(base + c * 40503) & (POOL - 1)];
        for (let k = 0; k < cell.length; k++) buf[pos++] = cell[k];
      }
      buf[pos++] = 10; // '\n'
      rows++;
      if (++d > monthDays(y, m)) {
        d = 1;
        if (++m > 12) {
          m = 1;
          y++;
        }
      }
    }
    if (pos > 0) {
      await fh.write(buf, 0, pos);
      bytes += pos;
    }
  } finally {
    await fh.close();
  }
  return {
    bytes,
    rows,
    series,
    first: isoDay(start),
    last: isoDay(start + Math.max(0, rows - 1) * DAY),
  };
}

/** One file for `zipBytes`: text is written as UTF-8; `store` skips compression. */
export interface ZipFile {
  name: string;
  data: string | Uint8Array;
  store?: boolean;
}

const CRC_TABLE = Uint32Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 of `bytes` continuing from `crc` (node:zlib has one from Node 20.15 on; this runs anywhere). */
function crc32(bytes: Uint8Array, crc = 0): number {
  const z = zlib as { crc32?: (data: Uint8Array, value?: number) => number };
  if (z.crc32) return z.crc32(bytes, crc);
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A local file header (30 bytes + name) for an entry whose CRC and sizes are known. */
function localHeader(name: Uint8Array, method: number, crc: number, csize: number, size: number): Uint8Array {
  const h = new Uint8Array(30 + name.length);
  const v = new DataView(h.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(4, 20, true);
  v.setUint16(6, 0x800, true); // UTF-8 names
  v.setUint16(8, method, true);
  v.setUint16(12, 0x21, true); // 1980-01-01
  v.setUint32(14, crc, true);
  v.setUint32(18, csize, true);
  v.setUint32(22, size, true);
  v.setUint16(26, name.length, true);
  h.set(name, 30);
  return h;
}

/** What the central directory needs of each entry. */
interface Written {
  name: Uint8Array;
  method: number;
  crc: number;
  csize: number;
  size: number;
  offset: number;
}

/** The central directory plus the end record for `entries`, which start at `cdOffset`. */
function centralDirectory(entries: Written[], cdOffset: number): Uint8Array {
  const size = entries.reduce((s, e) => s + 46 + e.name.length, 0);
  const out = new Uint8Array(size + 22);
  const v = new DataView(out.buffer);
  let p = 0;
  for (const e of entries) {
    v.setUint32(p, 0x02014b50, true);
    v.setUint16(p + 4, 20, true);
    v.setUint16(p + 6, 20, true);
    v.setUint16(p + 8, 0x800, true);
    v.setUint16(p + 10, e.method, true);
    v.setUint16(p + 14, 0x21, true);
    v.setUint32(p + 16, e.crc, true);
    v.setUint32(p + 20, e.csize, true);
    v.setUint32(p + 24, e.size, true);
    v.setUint16(p + 28, e.name.length, true);
    v.setUint32(p + 42, e.offset, true);
    out.set(e.name, p + 46);
    p += 46 + e.name.length;
  }
  v.setUint32(p, 0x06054b50, true);
  v.setUint16(p + 8, entries.length, true);
  v.setUint16(p + 10, entries.length, true);
  v.setUint32(p + 12, size, true);
  v.setUint32(p + 16, cdOffset, true);
  return out;
}

/** A zip archive in memory: deflated entries (raw deflate, as Excel writes them) unless `store`. */
export function zipBytes(files: ZipFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  const entries: Written[] = [];
  let offset = 0;
  for (const f of files) {
    const data = typeof f.data === 'string' ? new TextEncoder().encode(f.data) : f.data;
    const body = f.store ? data : new Uint8Array(zlib.deflateRawSync(data));
    const e: Written = { name: new TextEncoder().encode(f.name), method: f.store ? 0 : 8, crc: crc32(data), csize: body.length, size: data.length, offset };
    const head = localHeader(e.name, e.method, e.crc, e.csize, e.size);
    parts.push(head, body);
    entries.push(e);
    offset += head.length + body.length;
  }
  parts.push(centralDirectory(entries, offset));
  return new Uint8Array(Buffer.concat(parts));
}

/** The package parts around one worksheet: content types, relationships, workbook, styles. */
export function xlsxParts(opts: { sheetNames?: string[]; date1904?: boolean; sharedStrings?: boolean; styles?: string } = {}): ZipFile[] {
  const names = opts.sheetNames ?? ['Sheet1'];
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  const sheetRels = names.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('');
  const n = names.length;
  return [
    {
      name: '[Content_Types].xml',
      data: '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        names.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        (opts.sharedStrings ? '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' : '') + '</Types>',
    },
    { name: '_rels/.rels', data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>` },
    {
      name: 'xl/workbook.xml',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${ns}><workbookPr${opts.date1904 ? ' date1904="1"' : ''}/><bookViews><workbookView/></bookViews><sheets>` +
        names.map((s, i) => `<sheet name="${esc(s)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') + '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheetRels}<Relationship Id="rId${n + 1}" Type="${rel}/styles" Target="styles.xml"/>` +
        (opts.sharedStrings ? `<Relationship Id="rId${n + 2}" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/>` : '') + '</Relationships>',
    },
    {
      name: 'xl/styles.xml',
      data: opts.styles ?? `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    },
  ];
}

/** What `writeBigXlsx` wrote. */
export interface BigXlsxInfo {
  /** File size. */
  bytes: number;
  /** Uncompressed size of the sheet's XML. */
  xmlBytes: number;
  rows: number;
  series: number;
  first: string;
  last: string;
}

/**
 * Streams an .xlsx of `rows` daily rows × (`Date` + `series` numeric columns) to `path`, the way
 * Excel lays one out: shared strings for the header (`Date`, `s1` … `sN`), date cells as serials
 * with a yyyy-mm-dd style, every cell with its `r` reference, a `<dimension>`, the sheet XML
 * deflated (level 1, for speed) through node:zlib. Values are two-decimal numbers in [0, 1000)
 * from a pool, as in `writeHugeCsv`; dates run daily from 2020-01-01. 100,000 × 200 ≈ 660 MB of
 * XML.
 */
export async function writeBigXlsx(path: string, rows: number, series: number): Promise<BigXlsxInfo> {
  const enc = new TextEncoder();
  const cols = series + 1;
  const letters = Array.from({ length: cols }, (_, c) => {
    let s = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    return s;
  });
  const header = ['Date', ...Array.from({ length: series }, (_, i) => `s${i + 1}`)];
  const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${cols}" uniqueCount="${cols}">` + header.map((h) => `<si><t>${h}</t></si>`).join('') + '</sst>';
  const parts = [...xlsxParts({ sharedStrings: true }), { name: 'xl/sharedStrings.xml', data: sst }];
  mkdirSync(dirname(path), { recursive: true });
  const fh = await open(path, 'w');
  const entries: Written[] = [];
  let pos = 0;
  try {
    // The small parts first, then the sheet, whose header is patched once its CRC and sizes are known.
    for (const f of parts) {
      const data = enc.encode(f.data as string);
      const body = zlib.deflateRawSync(data);
      const e: Written = { name: enc.encode(f.name), method: 8, crc: crc32(data), csize: body.length, size: data.length, offset: pos };
      const head = localHeader(e.name, 8, e.crc, e.csize, e.size);
      await fh.write(head, 0, head.length, pos);
      await fh.write(body, 0, body.length, pos + head.length);
      pos += head.length + body.length;
      entries.push(e);
    }
    const sheet: Written = { name: enc.encode('xl/worksheets/sheet1.xml'), method: 8, crc: 0, csize: 0, size: 0, offset: pos };
    pos += 30 + sheet.name.length;
    const deflate = zlib.createDeflateRaw({ level: 1 });
    let writing = Promise.resolve();
    deflate.on('data', (d: Buffer) => {
      const at = pos;
      pos += d.length;
      sheet.csize += d.length;
      writing = writing.then(() => fh.write(d, 0, d.length, at).then(() => undefined));
    });
    const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
    const feed = async (chunk: Uint8Array) => {
      sheet.crc = crc32(chunk, sheet.crc);
      sheet.size += chunk.length;
      if (!deflate.write(chunk)) await new Promise((resolve) => deflate.once('drain', resolve));
    };
    await feed(enc.encode(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:${letters[cols - 1]}${rows + 1}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>` +
      '<row r="1">' + header.map((_, c) => `<c r="${letters[c]}1" t="s"><v>${c}</v></c>`).join('') + '</row>'));
    const POOL = 4096;
    const pool = Array.from({ length: POOL }, (_, i) => enc.encode(`"><v>${cellText(i, 7)}</v></c>`));
    const cellStart = letters.map((l) => enc.encode(`<c r="${l}`));
    const buf = new Uint8Array(8 * 1024 * 1024);
    let at = 0;
    const put = (b: Uint8Array) => {
      buf.set(b, at);
      at += b.length;
    };
    const serial0 = 43831; // 2020-01-01 in Excel's 1900 system
    for (let r = 0; r < rows; r++) {
      if (at > buf.length - 64 * cols - 256) {
        await feed(buf.slice(0, at));
        at = 0;
      }
      const n = enc.encode(String(r + 2));
      put(enc.encode(`<row r="${r + 2}">`));
      put(cellStart[0]);
      put(n);
      put(enc.encode(`" s="1"><v>${serial0 + r}</v></c>`));
      const base = Math.imul(r, 2654435761) >>> 0;
      for (let c = 1; c < cols; c++) {
        put(cellStart[c]);
        put(n);
        put(pool[(base + c * 40503) & (POOL - 1)]);
      }
      put(ROW_END);
    }
    put(enc.encode('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'));
    await feed(buf.slice(0, at));
    deflate.end();
    await ended;
    await writing;
    if (sheet.size > 0xffffffff || pos > 0xffffffff) throw new RangeError('writeBigXlsx: more than 4 GiB needs ZIP64, which this writer does not do');
    const head = localHeader(sheet.name, 8, sheet.crc, sheet.csize, sheet.size);
    await fh.write(head, 0, head.length, sheet.offset);
    entries.push(sheet);
    const cd = centralDirectory(entries, pos);
    await fh.write(cd, 0, cd.length, pos);
    pos += cd.length;
  } finally {
    await fh.close();
  }
  const DAY0 = Date.UTC(2020, 0, 1);
  return { bytes: pos, xmlBytes: entries[entries.length - 1].size, rows, series, first: isoDay(DAY0), last: isoDay(DAY0 + (rows - 1) * DAY) };
}

const ROW_END = new TextEncoder().encode('</row>');
