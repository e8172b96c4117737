/**
 * OOXML workbooks (.xlsx, .xlsm) read as a stream, so a sheet of 20 million cells loads in
 * bounded memory: the zip is read entry by entry, the sheet's XML is scanned chunk by chunk, its
 * first rows are held as a sample to plan the table exactly as the SheetJS reader does
 * (`planSheet`), and every later cell goes straight into the table builder's typed columns.
 *
 * Merged cells come after the rows in OOXML. Only merges at or above the header row change
 * anything (names and group labels), and the header rows are in the sample, so the column names
 * are settled once the merges have been read, before the table is finished.
 */
import type { Cell } from './cells';
import type { Imported, ParseOptions } from './frame';
import { cellText, columnLetters, plural, type MergeRange } from './header';
import { TableBuilder, type TableSetup } from './table';
import { checkSheets, nameColumns, planSheet, sampleSize, sheetNotes, type SheetPlan } from './xlsx';
import { readBook, WORKBOOK_PART, type Book } from './xlsx-stream-book';
import { DATE, ERROR, NUMBER, SheetScanner, TEXT, type RowCells, type SheetSink } from './xlsx-stream-sheet';
import { damaged, type ZipArchive } from './zip';

/** True when the archive is an OOXML workbook this reader handles (not .xlsb, not ODS). */
export function isOoxmlWorkbook(zip: ZipArchive): boolean {
  return zip.find(WORKBOOK_PART) !== undefined;
}

/**
 * Reads a sheet of an OOXML workbook into a frame, like `readWorkbook`: by default the first
 * sheet whose first rows hold a numeric column, or the one `opts.sheet` names. `onProgress`
 * gets the fraction of the sheet's compressed bytes read.
 */
export async function readWorkbookStream(zip: ZipArchive, opts: ParseOptions = {}, fileName = '', onProgress?: (fraction: number) => void): Promise<Imported> {
  const book = await readBook(zip);
  const names = book.sheets.map((s) => s.name);
  checkSheets(names, opts);
  let reported = 0;
  const progress = (f: number) => {
    if (onProgress && f - reported >= 0.01) onProgress((reported = f));
  };
  const skipped: string[] = [];
  let read: ReadSheet | null = null;
  for (const i of opts.sheet !== undefined ? [names.indexOf(opts.sheet)] : names.keys()) {
    read = await readSheet(zip, book, i, opts, opts.sheet !== undefined, progress);
    if (read) break;
    skipped.push(`'${names[i]}'`);
  }
  // No sheet has numbers: read the first one fully so the builder can say precisely why.
  read ??= (await readSheet(zip, book, 0, opts, true, progress)) as ReadSheet;
  const { plan, builder, notes: sheetOwn } = read;
  const notes = sheetNotes(names, read.name, plan.hasNumeric ? skipped : []);
  notes.push(...sheetOwn);
  return builder.finish({
    fileName, format: 'xlsx', sheets: names, sheet: read.name, headerRow: plan.headerRow, delimiter: '', decimal: plan.locale.decimal,
    thousands: plan.locale.thousands, dateSystem: book.date1904 ? '1904' : '1900', notes,
  });
}

/** A sheet read to its end: the plan, the filled builder and the sheet's notes. */
interface ReadSheet {
  name: string;
  plan: SheetPlan;
  builder: TableBuilder;
  notes: string[];
}

/** Streams one sheet; null when its sample has no numeric column and it was not `forced`. */
async function readSheet(zip: ZipArchive, book: Book, index: number, opts: ParseOptions, forced: boolean, progress: (f: number) => void): Promise<ReadSheet | null> {
  const { name, path } = book.sheets[index];
  const entry = path === null ? undefined : zip.find(path);
  const size = Math.max(1, entry?.size ?? 1);
  const sheet = new SheetTable(opts, forced, book.date1904, () => scanner.xml.consumed / size);
  const scanner: SheetScanner = new SheetScanner(sheet, book);
  if (entry) {
    const compressed = Math.max(1, entry.compressedSize);
    for await (const chunk of zip.chunks(entry, (n) => progress(n / compressed))) {
      scanner.xml.push(chunk);
      if (sheet.skipped) return null; // leaving the loop cancels the rest of the stream
    }
    scanner.xml.end();
    if (!scanner.complete) throw damaged(`the sheet '${name}' is cut short`);
  }
  const done = sheet.finish();
  return done && { name, ...done };
}

/**
 * The sheet's rows into a table: samples the first rows, plans, replays the sample into the
 * builder and then takes each row as it comes. Rows are counted like the SheetJS reader does.
 */
class SheetTable implements SheetSink {
  /** True once the sample showed no numeric column in a sheet that was not forced. */
  skipped = false;
  readonly #opts: ParseOptions;
  readonly #forced: boolean;
  readonly #date1904: boolean;
  readonly #fractionRead: () => number;
  #dim: MergeRange | null = null;
  #firstRow = -1;
  #limit = 0;
  /** Sample rows by `r - firstRow`; after planning only the rows down to the header are kept (for merges). */
  #sample: Cell[][] = [];
  #lastCellRow = -1;
  #merges: MergeRange[] = [];
  #plan: SheetPlan | null = null;
  #setup: TableSetup | null = null;
  #builder: TableBuilder | null = null;
  #dropped = 0;

  constructor(opts: ParseOptions, forced: boolean, date1904: boolean, fractionRead: () => number) {
    this.#opts = opts;
    this.#forced = forced;
    this.#date1904 = date1904;
    this.#fractionRead = fractionRead;
  }

  dimension(range: MergeRange): void {
    this.#dim = range;
  }

  merge(range: MergeRange): void {
    // Only merges starting at or above the header row can matter, and the header is in the sample.
    if (this.#firstRow < 0 || range.s.r < this.#firstRow + this.#limit) this.#merges.push(range);
  }

  row(r: number, cells: RowCells): void {
    if (this.#firstRow < 0) {
      this.#firstRow = this.#dim ? this.#dim.s.r : r;
      this.#limit = sampleSize(this.#firstRow, this.#opts);
    }
    if (r < this.#firstRow || this.skipped) return;
    if (!this.#builder) {
      if (r < this.#firstRow + this.#limit) {
        if (cells.count > 0) {
          this.#sample[r - this.#firstRow] = toCells(cells);
          this.#lastCellRow = r;
        }
        return;
      }
      this.#start(Infinity, r);
      if (!this.#builder) return;
    }
    if (cells.count > 0) this.#put(r, cells);
  }

  /** Completes the table's naming and notes once the whole sheet was read; null when skipped. */
  finish(): { plan: SheetPlan; builder: TableBuilder; notes: string[] } | null {
    if (!this.#builder && !this.skipped) this.#start(this.#lastCellRow, this.#lastCellRow + 1);
    const plan = this.#plan, builder = this.#builder, setup = this.#setup;
    if (!plan || !builder || !setup) return null;
    const first = this.#firstRow;
    const textAt = (r: number, c: number) => cellText(this.#sample[r - first]?.[c] ?? null);
    const { headers, names, notes } = nameColumns(plan, this.#merges, textAt, this.#date1904);
    // The builder reads headers and names only when it finishes, so merges found after the rows still name the columns.
    setup.headers = headers;
    setup.names = names;
    const start = plan.headerRow >= 0 ? plan.headerRow + 1 : plan.firstRow;
    const blank = this.#lastCellRow >= start ? this.#lastCellRow - start + 1 - builder.rows : 0;
    if (blank) notes.push(`Skipped ${plural(blank, 'blank row', 'blank rows')}.`);
    if (this.#dropped) {
      notes.push(`Ignored ${plural(this.#dropped, 'cell', 'cells')} right of column ${columnLetters(plan.firstCol + builder.width - 1)}, beyond the columns found in the first rows.`);
    }
    return { plan, builder, notes };
  }

  /**
   * Plans the table from the sample and replays it into a new builder; `lastRow` is the sheet's
   * last row when the stream has ended, and `next` the first row after the sample.
   */
  #start(lastRow: number, next: number): void {
    const dim = this.#dim;
    const firstRow = this.#firstRow >= 0 ? this.#firstRow : (dim?.s.r ?? 0);
    const plan = planSheet({ rows: this.#sample, firstRow, lastRow, rangeFirstCol: dim?.s.c ?? 0, rangeEndCol: dim ? dim.e.c + 1 : 0 }, this.#opts);
    if (!plan.hasNumeric && !this.#forced) {
      this.skipped = true;
      this.#sample = [];
      return;
    }
    const { headerRow, firstCol } = plan;
    // Columns are sized once from the expected row count: the stored range when it is plausible,
    // else the rows so far scaled by the share of the sheet's XML read.
    let last = lastRow;
    if (!Number.isFinite(last)) {
      const seen = next - firstRow;
      const estimate = firstRow + Math.ceil((seen / Math.max(1e-9, this.#fractionRead())) * 1.1);
      last = dim ? Math.min(dim.e.r, 2 * estimate + 1000) : estimate;
    }
    const setup: TableSetup = {
      headers: plan.rawHeaders, names: plan.rawHeaders, plan: plan.plan, locale: plan.locale, firstColumn: firstCol,
      expectedRows: Math.max(1, last - Math.max(headerRow, firstRow - 1)), dateOrder: this.#opts.dateOrder,
    };
    const b = new TableBuilder(setup);
    const width = b.width;
    for (let i = (headerRow >= 0 ? headerRow + 1 : firstRow) - firstRow; i < this.#sample.length; i++) {
      const row = this.#sample[i];
      if (!row || isBlankRow(row)) continue;
      b.row();
      const w = Math.min(row.length - firstCol, width);
      for (let c = 0; c < w; c++) {
        const cell = row[c + firstCol];
        if (cell !== undefined && cell !== null) putCell(b, c, cell);
      }
    }
    this.#sample.length = Math.max(0, headerRow - firstRow + 1);
    [this.#plan, this.#setup, this.#builder] = [plan, setup, b];
  }

  /** One row after the sample, straight into the builder (the hot path: no objects per cell). */
  #put(r: number, cells: RowCells): void {
    this.#lastCellRow = r;
    const { count, cols, kinds, nums, strs } = cells;
    let blank = true;
    for (let i = 0; i < count && blank; i++) blank = kinds[i] === TEXT && isBlankText(strs[i]);
    if (blank) return;
    const b = this.#builder as TableBuilder;
    b.row();
    const c0 = (this.#plan as SheetPlan).firstCol;
    const width = b.width;
    for (let i = 0; i < count; i++) {
      const c = cols[i] - c0;
      if (c < 0) continue;
      if (c >= width) {
        this.#dropped++;
        continue;
      }
      switch (kinds[i]) {
        case NUMBER: b.number(c, nums[i]); break;
        case DATE: b.date(c, nums[i]); break;
        case TEXT: b.text(c, strs[i]); break;
        case ERROR: b.error(c, strs[i]);
      }
    }
  }
}

/** A scanned row as sample Cells by sheet column (booleans are already 'TRUE'/'FALSE' texts). */
function toCells(cells: RowCells): Cell[] {
  const row: Cell[] = [];
  for (let i = 0; i < cells.count; i++) {
    const k = cells.kinds[i];
    row[cells.cols[i]] = k === NUMBER ? cells.nums[i] : k === DATE ? { date: cells.nums[i] } : k === TEXT ? cells.strs[i] : { error: cells.strs[i] };
  }
  return row;
}

function putCell(b: TableBuilder, c: number, cell: NonNullable<Cell>): void {
  if (typeof cell === 'number') b.number(c, cell);
  else if (typeof cell === 'string') b.text(c, cell);
  else if ('date' in cell) b.date(c, cell.date);
  else b.error(c, cell.error);
}

/** A row with nothing but empty or whitespace texts (SheetJS's blank row). */
function isBlankRow(row: readonly (Cell | undefined)[]): boolean {
  for (const cell of row) if (cell !== undefined && cell !== null && !(typeof cell === 'string' && isBlankText(cell))) return false;
  return true;
}

function isBlankText(s: string): boolean {
  if (s.length === 0) return true;
  const c = s.charCodeAt(0);
  return c > 32 && c < 127 ? false : s.trim() === '';
}
