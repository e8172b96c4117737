/**
 * The worksheet scanner of the streaming workbook reader: turns a sheet's XML, chunk by chunk,
 * into rows of typed cells (numbers, dates, texts, errors) in one reused buffer, resolving shared
 * strings and date styles on the way. It reads `<row>`, `<c r s t>`, `<v>`, `<is><t>`, the
 * `<dimension>` and the `<mergeCell>`s; everything else (formulas, formatting) is skipped.
 * Cells follow SheetJS's rules, so both readers see the same sheet.
 */
import { errorCodeOf, excelSerialToMs } from './cells';
import type { MergeRange } from './header';
import type { StringTable } from './xlsx-stream-book';
import { tagAttrs, XmlScanner, type TagSink } from './xlsx-stream-xml';
import { damaged } from './zip';

/** Kinds of cell in a `RowCells` buffer: numbers and dates (epoch ms) in `nums`, texts and error codes in `strs`. */
export const NUMBER = 1, DATE = 2, TEXT = 3, ERROR = 4;

/** One row's cells, reused from row to row: cell i sits in sheet column `cols[i]`. */
export class RowCells {
  count = 0;
  cols = new Int32Array(64);
  kinds = new Uint8Array(64);
  nums = new Float64Array(64);
  strs: string[] = [];

  /** Appends a cell ('' for `str` of numbers and dates, 0 for `num` of texts). */
  push(col: number, kind: number, num: number, str: string): void {
    const i = this.count++;
    if (i === this.cols.length) this.#grow();
    this.cols[i] = col;
    this.kinds[i] = kind;
    this.nums[i] = num;
    this.strs[i] = str;
  }

  #grow(): void {
    const n = this.cols.length * 2;
    const cols = new Int32Array(n), kinds = new Uint8Array(n), nums = new Float64Array(n);
    cols.set(this.cols);
    kinds.set(this.kinds);
    nums.set(this.nums);
    [this.cols, this.kinds, this.nums] = [cols, kinds, nums];
  }
}

/** Receives what the scanner finds, in document order. */
export interface SheetSink {
  /** The stored used range (`<dimension ref>`), before the first row. */
  dimension(range: MergeRange): void;
  /** A row by 0-based index with its cells; `cells` is reused once this returns. */
  row(r: number, cells: RowCells): void;
  /** A merged range (they follow the rows in OOXML). */
  merge(range: MergeRange): void;
}

/** What cell values are resolved against. */
export interface CellContext {
  strings: StringTable;
  dateStyles: Uint8Array;
  date1904: boolean;
}

const SLASH = 47, COLON = 58, EQ = 61;
const T_NONE = 0, T_N = 1, T_S = 2, T_STR = 3, T_INLINE = 4, T_B = 5, T_E = 6, T_D = 7, T_OTHER = 8;
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The sheet tokenizer's tag sink. Feed it through `xml.push(chunk)`, then `xml.end()`. */
export class SheetScanner implements TagSink {
  readonly xml = new XmlScanner(this);
  /** True once `</sheetData>` was read: a sheet cut short before it is damaged. */
  complete = false;
  readonly #sink: SheetSink;
  readonly #ctx: CellContext;
  readonly #cells = new RowCells();
  #row = -1;
  #inRow = false;
  #col = -1;
  #style = 0;
  #type = T_NONE;
  #inCell = false;
  #hasV = false;
  #inIs = false;
  #hasIs = false;
  #inPhonetic = false;

  constructor(sink: SheetSink, ctx: CellContext) {
    this.#sink = sink;
    this.#ctx = ctx;
  }

  /** Dispatches on the tag's local name by its bytes: c, v, t, row, is, rPh, dimension, mergeCell, sheetData. */
  tag(buf: Uint8Array, start: number, end: number): void {
    let p = start;
    const close = buf[p] === SLASH;
    if (close) p++;
    let from = p;
    for (; p < end; p++) {
      const c = buf[p];
      if (c === COLON) from = p + 1;
      else if (c <= 32 || c === SLASH) break;
    }
    const len = p - from;
    const c0 = buf[from];
    const empty = buf[end - 1] === SLASH;
    if (len === 1) {
      if (c0 === 99) { // c
        if (!close) this.#startCell(buf, p, end);
        if (close || empty) this.#endCell();
      } else if (c0 === 118 && this.#inCell) { // v
        this.xml.capture = !close && !empty;
        if (this.xml.capture) {
          this.xml.text.clear();
          this.#hasV = true;
        }
      } else if (c0 === 116 && this.#inIs) { // t
        this.xml.capture = !close && !empty && !this.#inPhonetic;
      }
    } else if (len === 3 && c0 === 114 && buf[from + 1] === 111 && buf[from + 2] === 119) { // row
      if (!close) this.#startRow(buf, p, end);
      if (close || empty) this.#endRow();
    } else if (len === 2 && c0 === 105 && buf[from + 1] === 115 && this.#inCell) { // is
      this.#inIs = !close && !empty;
      this.xml.capture = false;
      if (this.#inIs) {
        this.xml.text.clear();
        this.#hasIs = true;
      }
    } else if (len === 3 && c0 === 114 && buf[from + 1] === 80) { // rPh
      this.#inPhonetic = !close && !empty;
    } else if (len === 9) {
      const name = String.fromCharCode(...buf.subarray(from, p));
      if (name === 'sheetData') this.complete ||= close || empty;
      if (close) return;
      const range = name === 'dimension' || name === 'mergeCell' ? decodeRange(tagAttrs(buf, start, end).get('ref') ?? '') : null;
      if (range && name === 'dimension') this.#sink.dimension(range);
      else if (range) this.#sink.merge(range);
    }
  }

  #startRow(buf: Uint8Array, p: number, end: number): void {
    let r = -1;
    attributes(buf, p, end, (a, v0, v1) => {
      if (a === 114) r = digits(buf, v0, v1) - 1;
    });
    this.#row = r >= 0 ? r : this.#row + 1;
    this.#col = -1;
    this.#cells.count = 0;
    this.#inRow = true;
  }

  #endRow(): void {
    if (!this.#inRow) return;
    this.#inRow = false;
    this.#sink.row(this.#row, this.#cells);
  }

  #startCell(buf: Uint8Array, p: number, end: number): void {
    let col = -1;
    let style = 0;
    let type = T_NONE;
    attributes(buf, p, end, (a, v0, v1) => {
      if (a === 114) col = letters(buf, v0, v1);
      else if (a === 115) style = digits(buf, v0, v1);
      else if (a === 116) type = typeOf(buf, v0, v1);
    });
    this.#col = col >= 0 ? col : this.#col + 1;
    this.#style = style;
    this.#type = type;
    this.#inCell = true;
    this.#hasV = this.#hasIs = this.#inIs = this.#inPhonetic = false;
    this.xml.capture = false;
  }

  /** Finishes a cell. Like SheetJS: a cell without a type and value, or a number or shared string without a value, is no cell. */
  #endCell(): void {
    if (!this.#inCell) return;
    this.#inCell = this.#inIs = false;
    this.xml.capture = false;
    const text = this.xml.text;
    const hasV = this.#hasV && text.length > 0;
    const cells = this.#cells;
    const col = this.#col;
    switch (this.#type) {
      case T_NONE:
      case T_N: {
        if (!hasV) return;
        const v = parseNumber(text.bytes, text.length);
        if (this.#ctx.dateStyles[this.#style] === 1) cells.push(col, DATE, excelSerialToMs(v, this.#ctx.date1904), '');
        else cells.push(col, NUMBER, v, '');
        return;
      }
      case T_S: {
        if (!hasV) return;
        const k = digits(text.bytes, 0, text.length);
        const s = this.#ctx.strings.get(k);
        if (s === undefined) throw damaged(`a cell refers to shared string ${k}, of ${this.#ctx.strings.length}`);
        cells.push(col, TEXT, 0, s);
        return;
      }
      case T_STR:
        cells.push(col, TEXT, 0, hasV ? text.string() : '');
        return;
      case T_INLINE:
        cells.push(col, TEXT, 0, this.#hasIs ? text.string() : '');
        return;
      case T_B: {
        const s = hasV ? text.string() : '';
        cells.push(col, TEXT, 0, s === '1' || s === 'true' ? 'TRUE' : 'FALSE');
        return;
      }
      case T_E:
        cells.push(col, ERROR, 0, (hasV && errorCodeOf(text.string())) || '#ERROR');
        return;
      case T_D:
        // An ISO 8601 date cell (Excel never writes these; some generators do). Always a date.
        cells.push(col, DATE, hasV ? isoMs(text.string()) : NaN, '');
        return;
      default: // an unknown type: nothing to read
    }
  }
}

/** Calls `on(firstByteOfName, valueStart, valueEnd)` for each one-letter attribute of a tag. */
function attributes(buf: Uint8Array, p: number, end: number, on: (a: number, v0: number, v1: number) => void): void {
  while (p < end) {
    const c = buf[p];
    if (c <= 32 || c === SLASH) {
      p++;
      continue;
    }
    const n0 = p;
    while (p < end && buf[p] !== EQ && buf[p] > 32) p++;
    const one = p - n0 === 1;
    while (p < end && buf[p] !== 34 && buf[p] !== 39) p++;
    const q = buf[p];
    const v0 = ++p;
    while (p < end && buf[p] !== q) p++;
    if (one) on(buf[n0], v0, p);
    p++;
  }
}

/** The 0-based column of a cell reference's letters ("AB12" → 27); -1 when there are none. */
function letters(buf: Uint8Array, from: number, to: number): number {
  let idx = 0;
  for (let i = from; i < to; i++) {
    const cc = buf[i] - 64;
    if (cc < 1 || cc > 26) break;
    idx = 26 * idx + cc;
  }
  return idx - 1;
}

/** The first run of decimal digits in `buf[from..to)` (after any letters) as an integer; NaN when none. */
function digits(buf: Uint8Array, from: number, to: number): number {
  let i = from;
  while (i < to && !(buf[i] >= 48 && buf[i] <= 57)) i++;
  if (i === to) return NaN;
  let v = 0;
  for (; i < to && buf[i] >= 48 && buf[i] <= 57; i++) v = v * 10 + (buf[i] - 48);
  return v;
}

function typeOf(buf: Uint8Array, from: number, to: number): number {
  const n = to - from;
  const c = buf[from];
  if (n === 1) return c === 110 ? T_N : c === 115 ? T_S : c === 98 ? T_B : c === 101 ? T_E : c === 100 ? T_D : T_OTHER;
  if (n === 3 && c === 115) return T_STR;
  if (n === 9 && c === 105) return T_INLINE;
  return T_OTHER;
}

/**
 * A `<v>` number exactly as `parseFloat` reads it. Plain decimals with at most 2^53 as digits
 * and 22 decimals are one exact division (correctly rounded, like parseFloat); the rest go
 * through parseFloat.
 */
function parseNumber(b: Uint8Array, n: number): number {
  let i = 0;
  const neg = b[0] === 45;
  if (neg) i = 1;
  let m = 0;
  let count = 0;
  let frac = -1;
  for (; i < n; i++) {
    const c = b[i];
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      count++;
    } else if (c === 46 && frac < 0) frac = count;
    else break;
  }
  if (i === n && count > 0 && m <= 9007199254740992) {
    const scale = frac < 0 ? 0 : count - frac;
    if (scale <= 22) return neg ? -(m / POW10[scale]) : m / POW10[scale];
  }
  return parseFloat(String.fromCharCode(...b.subarray(0, Math.min(n, 4096))));
}

/** Epoch ms of an ISO 8601 date or date-time; one without a zone is read as UTC. */
function isoMs(s: string): number {
  const t = s.trim();
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(t) || !t.includes('T');
  return Date.parse(zoned ? t : t + 'Z');
}

/** "B2:D4" (or "B2") as a 0-based range; null when it does not parse. */
function decodeRange(ref: string): MergeRange | null {
  const [a, b = a] = ref.split(':');
  const s = decodeCell(a), e = decodeCell(b);
  return s && e && s.r <= e.r && s.c <= e.c ? { s, e } : null;
}

function decodeCell(ref: string): { r: number; c: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.trim());
  if (!m) return null;
  let c = 0;
  for (const ch of m[1]) c = c * 26 + ch.charCodeAt(0) - 64;
  return { r: Number(m[2]) - 1, c: c - 1 };
}
