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
