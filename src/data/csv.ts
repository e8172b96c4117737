/**
 * Delimited text (CSV, TSV, ';'- and '|'-separated): an incremental tokenizer fed text chunks
 * split anywhere, a delimiter sniffer, and the streaming driver that reads a Blob and feeds the
 * table builder row by row through one reused row buffer.
 */
import { detectNumberLocale, parseNumber, type NumberLocale } from './cells';
import { decodeText, textChunks } from './decode';
import type { Imported, ParseOptions } from './frame';
import { detectHeader, makeColumnNames, plural } from './header';
import { classifyColumns, TableBuilder } from './table';

const QUOTE = 34;
const LF = 10;
const CR = 13;
const START = 0, UNQUOTED = 1, QUOTED = 2, QUOTE_SEEN = 3, AFTER_QUOTE = 4;

/** Receives each row: `fields[0..count)` are valid until the call returns (the array is reused). */
export type RowSink = (fields: string[], count: number) => void;

/**
 * RFC 4180 tokenizer, lenient: quotes only open at a field start, "" is an escaped quote,
 * newlines inside quotes are kept, CRLF / LF / CR end rows (also when split across chunks),
 * text after a closing quote is kept. A field's pieces are collected and joined once, so a
 * 10^6-character field costs linear time.
 */
export class DelimitedTokenizer {
  /** True when the input ended inside a quoted field. */
  unterminated = false;
  readonly #delim: number;
  readonly #sink: RowSink;
  readonly #fields: string[] = [];
  #count = 0;
  #parts: string[] = [];
  #state = START;
  #pendingCR = false;

  constructor(delimiter: string, sink: RowSink) {
    this.#delim = delimiter.charCodeAt(0);
    this.#sink = sink;
  }

  /** Feeds the next piece of text. */
  push(chunk: string): void {
    const n = chunk.length;
    const delim = this.#delim;
    let i = 0;
    if (n === 0) return;
    if (this.#pendingCR) {
      this.#pendingCR = false;
      if (chunk.charCodeAt(0) === LF) i = 1;
    }
    let state = this.#state;
    while (i < n) {
      if (state === START) {
        if (chunk.charCodeAt(i) === QUOTE) {
          state = QUOTED;
          i++;
          continue;
        }
        state = UNQUOTED;
      }
      if (state === UNQUOTED) {
        let j = i;
        let c = 0;
        for (; j < n; j++) {
          c = chunk.charCodeAt(j);
          if (c === delim || c === LF || c === CR) break;
        }
        if (j === n) {
          this.#parts.push(chunk.slice(i, n));
          break;
        }
        this.#field(chunk.slice(i, j));
        state = START;
        i = c === delim ? j + 1 : this.#newline(chunk, j);
      } else if (state === QUOTED) {
        const j = chunk.indexOf('"', i);
        if (j < 0) {
          this.#parts.push(chunk.slice(i));
          i = n;
        } else {
          if (j > i) this.#parts.push(chunk.slice(i, j));
          i = j + 1;
          state = QUOTE_SEEN;
        }
      } else if (state === QUOTE_SEEN) {
        if (chunk.charCodeAt(i) === QUOTE) {
          this.#parts.push('"');
          i++;
          state = QUOTED;
        } else state = AFTER_QUOTE;
      } else {
        const c = chunk.charCodeAt(i);
        if (c === delim) {
          this.#field('');
          state = START;
          i++;
        } else if (c === LF || c === CR) {
          this.#field('');
          state = START;
          i = this.#newline(chunk, i);
        } else state = UNQUOTED; // stray text after a closing quote joins the field
      }
    }
    this.#state = state;
  }

  /** Flushes the last row (a final line break is optional). */
  end(): void {
    if (this.#state === QUOTED) this.unterminated = true;
    if (this.#state !== START || this.#count > 0) {
      this.#field('');
      this.#endRow();
    }
    this.#state = START;
  }

  /** Completes a field: `tail` plus any pieces collected before it. */
  #field(tail: string): void {
    let s = tail;
    if (this.#parts.length > 0) {
      if (tail) this.#parts.push(tail);
      s = this.#parts.length === 1 ? this.#parts[0] : this.#parts.join('');
      this.#parts = [];
    }
    if (this.#count === this.#fields.length) this.#fields.push(s);
    else this.#fields[this.#count] = s;
    this.#count++;
  }

  /** Ends the row at the line break at j; returns the index after it (CRLF counts once). */
  #newline(chunk: string, j: number): number {
    this.#endRow();
    if (chunk.charCodeAt(j) === CR) {
      if (j + 1 === chunk.length) this.#pendingCR = true;
      else if (chunk.charCodeAt(j + 1) === LF) return j + 2;
    }
    return j + 1;
  }

  #endRow(): void {
    const count = this.#count;
    this.#count = 0;
    this.#sink(this.#fields, count);
  }
}

const CANDIDATES = ['\t', ';', '|', ','];

/**
 * Picks the delimiter among tab ; | , whose field count is most consistent over the sample's
 * lines (quotes respected, at least two fields). Ties go to the rarer-in-data delimiter in that
 * order, so "1,5;2,5" reads as ';'. One-column text gets ','.
 */
export function sniffDelimiter(sample: string, complete: boolean): string {
  // Only whole lines: the last one may be cut mid-way.
  const cut = complete ? sample : sample.slice(0, Math.max(sample.lastIndexOf('\n'), sample.lastIndexOf('\r')) + 1) || sample;
  let best = ',';
  let bestScore = 0;
  for (const d of CANDIDATES) {
    const counts = new Map<number, number>();
    let lines = 0;
    const t = new DelimitedTokenizer(d, (f, n) => {
      if (lines >= 500 || (n === 1 && f[0].trim() === '')) return;
      lines++;
      counts.set(n, (counts.get(n) ?? 0) + 1);
    });
    t.push(cut);
    t.end();
    let mode = 0;
    let modeLines = 0;
    for (const [n, k] of counts) if (k > modeLines || (k === modeLines && n > mode)) [mode, modeLines] = [n, k];
    const score = mode > 1 ? modeLines / lines : 0;
    if (score > bestScore + 1e-9) [best, bestScore] = [d, score];
  }
  return best;
}

const SNIFF_CHARS = 64 * 1024;

/**
 * Parses delimited text from a Blob (streamed, decoded by BOM: UTF-8, UTF-16 LE/BE; invalid
 * UTF-8 falls back to Windows-1252) or a string. Options override what is detected: delimiter,
 * header row, decimal and thousands separators. `onProgress` gets the fraction of bytes read.
 */
export async function parseDelimited(source: Blob | string, opts: ParseOptions = {}, onProgress?: (fraction: number) => void, fileName?: string): Promise<Imported> {
  const notes: string[] = [];
  const total = typeof source === 'string' ? source.length : source.size;
  const chunks = typeof source === 'string' ? textChunks(source) : decodeText(source, notes, onProgress);
  const rows = new CsvRows(opts, notes, total);
  let head: string[] = [];
  let headLength = 0;
  // The first 64 K characters are held back to sniff the delimiter, then everything streams.
  const begin = (complete: boolean): DelimitedTokenizer => {
    let text = head.join('');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    head = [];
    rows.delimiter = normalizeDelimiter(opts.delimiter) ?? sniffDelimiter(text.slice(0, SNIFF_CHARS), complete && text.length <= SNIFF_CHARS);
    const t = new DelimitedTokenizer(rows.delimiter, rows.sink);
    t.push(text);
    return t;
  };
  let tokenizer: DelimitedTokenizer | null = null;
  for await (const chunk of chunks) {
    if (tokenizer) tokenizer.push(chunk);
    else {
      head.push(chunk);
      headLength += chunk.length;
      if (headLength >= SNIFF_CHARS) tokenizer = begin(false);
    }
  }
  const t = tokenizer ?? begin(true);
  t.end();
  if (t.unterminated) notes.push('The file ends inside a quoted field (a " is never closed), so the last cell holds the rest of the file. The file may be cut off.');
  return rows.finish(fileName ?? (source as { name?: string }).name ?? '');
}

/** "tab" / "\\t" / "\t" → tab; any other text → its first character; undefined stays. */
function normalizeDelimiter(d: string | undefined): string | undefined {
  if (d === undefined || d === '') return undefined;
  return d === 'tab' || d === '\\t' ? '\t' : d.charAt(0);
}

/** Human name of a delimiter for notes. */
function delimiterName(d: string): string {
  return d === '\t' ? 'tabs' : `'${d}'`;
}

/** Row sink of `parseDelimited`: buffers a sample, sets the table up, then streams rows into it. */
class CsvRows {
  delimiter = ',';
  readonly sink: RowSink = (fields, count) => (this.#builder ? this.#feed(fields, count) : this.#keep(fields, count));
  #sample: string[][] = [];
  #sampleChars = 0;
  #sampleCells = 0;
  #builder: TableBuilder | null = null;
  #ncols = 0;
  #headerRow = -1;
  #locale: NumberLocale = { decimal: '.', thousands: '' };
  #blank = 0;
  #long = 0;
  #extra = 0;
  #short = 0;
  readonly #sampleRows: number;

  constructor(
    readonly opts: ParseOptions,
    readonly notes: string[],
    readonly total: number,
  ) {
    this.#sampleRows = Math.max(200, (opts.headerRow ?? 0) + 50);
  }

  #keep(fields: string[], count: number): void {
    const row = fields.slice(0, count);
    this.#sample.push(row);
    this.#sampleCells += count;
    for (let c = 0; c < count; c++) this.#sampleChars += row[c].length + 1;
    const enough = this.#sample.length >= this.#sampleRows || (this.#sampleCells >= 1_000_000 && this.#sample.length > (this.opts.headerRow ?? 0) + 2);
    if (enough) this.#setup(false);
  }

  /** Decides header, separators and column kinds from the sample, then replays it. */
  #setup(complete: boolean): void {
    const sample = this.#sample;
    const h = this.opts.headerRow ?? detectHeader(sample);
    this.#headerRow = h < sample.length ? h : -1;
    const data = sample.slice(this.#headerRow + 1).filter((r) => !isBlank(r, r.length));
    // Width: the header's, or the usual data row's when wider (e.g. a trailing delimiter);
    // a few longer rows do not add columns, their extra fields are reported instead.
    const widths = new Map<number, number>();
    for (const r of data) widths.set(r.length, (widths.get(r.length) ?? 0) + 1);
    let mode = 0;
    for (const [w, k] of widths) if (k > (widths.get(mode) ?? 0) || (k === widths.get(mode) && w < mode)) mode = w;
    const ncols = Math.max(this.#headerRow >= 0 ? sample[this.#headerRow].length : 0, mode);
    this.#ncols = ncols;
    const detected = detectNumberLocale(
      data.slice(0, 200).flatMap((r) => r.slice(0, 64)),
      this.delimiter === ';' ? ',' : '.',
    );
    const decimal = this.opts.decimal ?? detected.decimal;
    const thousands = this.opts.thousands ?? (decimal === detected.decimal ? detected.thousands : '');
    this.#locale = { decimal, thousands };
    const header = this.#headerRow >= 0 ? sample[this.#headerRow] : [];
    const headers = Array.from({ length: ncols }, (_, c) => header[c] ?? '');
    const { names, notes } = makeColumnNames(headers, 'numbers');
    const plan = classifyColumns(data, ncols, this.#locale, this.opts.dateOrder);
    const perRow = this.#sampleChars / Math.max(1, sample.length);
    const expectedRows = complete ? data.length : Math.min(1e8, Math.ceil((this.total / Math.max(1, perRow)) * 1.1) + 16);
    this.#builder = new TableBuilder({ headers, names, plan, locale: this.#locale, expectedRows, dateOrder: this.opts.dateOrder });
    this.#note(this.opts.decimal === undefined ? detected.ambiguous : null, notes);
    this.#sample = [];
    for (let r = this.#headerRow + 1; r < sample.length; r++) this.#feed(sample[r], sample[r].length);
  }

  #feed(fields: string[], count: number): void {
    if (isBlank(fields, count)) {
      this.#blank++;
      return;
    }
    const b = this.#builder as TableBuilder;
    b.row();
    const w = count < this.#ncols ? count : this.#ncols;
    for (let c = 0; c < w; c++) b.text(c, fields[c]);
    if (count > this.#ncols) {
      this.#long++;
      this.#extra += count - this.#ncols;
    } else if (count < this.#ncols) this.#short++;
  }

  /** Notes on how the file was read, before the builder's own. */
  #note(ambiguous: string | null, nameNotes: string[]): void {
    const { notes, opts } = this;
    notes.push(`Fields are separated by ${delimiterName(this.delimiter)}${opts.delimiter ? '' : ' (detected)'}.`);
    if (this.#headerRow > 0) notes.push(`Skipped ${plural(this.#headerRow, 'line', 'lines')} above the header row (titles or notes).`);
    if (this.#headerRow < 0) notes.push('No header row found; columns are named by position.');
    const { decimal, thousands } = this.#locale;
    if (decimal === ',') notes.push(`Numbers use a decimal comma${thousands ? ` and ${thousands === ' ' ? 'spaces' : `'${thousands}'`} between thousands` : ''}.`);
    else if (thousands) notes.push(`Numbers use '${thousands === ' ' ? 'space' : thousands}' between thousands.`);
    if (ambiguous) {
      const v = parseNumber(ambiguous, decimal, thousands);
      notes.push(`Numbers like '${ambiguous}' can be read two ways; they were read as ${v} (decimal '${decimal}'). Change the decimal separator in the import options if that is wrong.`);
    }
    notes.push(...nameNotes);
  }

  /** Completes the import after the last row. */
  finish(fileName: string): Imported {
    if (!this.#builder) this.#setup(true);
    if (this.#blank) this.notes.push(`Skipped ${plural(this.#blank, 'blank line', 'blank lines')}.`);
    if (this.#long) this.notes.push(`${plural(this.#long, 'row has', 'rows have')} more fields than the header; ${plural(this.#extra, 'extra field was', 'extra fields were')} ignored.`);
    if (this.#short) this.notes.push(`${plural(this.#short, 'row has', 'rows have')} fewer fields than the header; the missing fields are treated as empty.`);
    return (this.#builder as TableBuilder).finish({
      fileName, format: 'csv', sheets: [], sheet: null, headerRow: this.#headerRow, delimiter: this.delimiter,
      decimal: this.#locale.decimal, thousands: this.#locale.thousands, dateSystem: null, notes: this.notes,
    });
  }
}

/** True when every field is empty or whitespace. */
function isBlank(fields: readonly string[], count: number): boolean {
  for (let c = 0; c < count; c++) if (fields[c].length > 0 && fields[c].trim().length > 0) return false;
  return true;
}
