/**
 * Workbooks (xls, xlsb, ods; and xlsx in tests, as the reference) through SheetJS: lists the
 * sheets cheaply, parses only the chosen sheet in dense mode, and hands its cells straight to the
 * table builder. Number cells whose format is a date format become dates in the workbook's 1900
 * or 1904 system. Also the sheet planning both workbook readers share (`planSheet`,
 * `nameColumns`), so the streaming .xlsx reader (xlsx-stream.ts) decides exactly alike.
 */
import * as XLSX from '@e965/xlsx';
import { detectNumberLocale, EXCEL_ERRORS, excelSerialToMs, type Cell, type NumberLocale } from './cells';
import { ImportError, type Imported, type ParseOptions, type SourceFormat } from './frame';
import { applyMerges, cellText, detectHeader, list, makeColumnNames, plural, type MergeRange } from './header';
import { classifyColumns, TableBuilder, type ColumnPlan, type TableSetup } from './table';

/** The fields of a SheetJS cell object this module reads. */
interface SheetCell {
  t: string;
  v?: unknown;
  z?: unknown;
  w?: string;
}

type Row = (SheetCell | null | undefined)[] | null | undefined;

/** A sheet read and planned, ready to stream into the builder. */
interface Prepared {
  name: string;
  rows: Row[];
  firstRow: number;
  firstCol: number;
  lastRow: number;
  headerRow: number;
  date1904: boolean;
  bookType: string | undefined;
  setup: TableSetup;
  notes: string[];
  hasNumeric: boolean;
}

const SAMPLE_ROWS = 200;
const dateFormats = new Map<string, boolean>();

/**
 * Reads a workbook's sheet into a frame. Default sheet: the first one whose sample has a
 * numeric column (skipped sheets are noted); `opts.sheet` picks one by name. SheetJS failures
 * become ImportErrors (password-protected, damaged).
 */
export function readWorkbook(bytes: Uint8Array, opts: ParseOptions = {}, fileName = ''): Imported {
  let names: string[];
  try {
    names = XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames;
  } catch (e) {
    throw workbookError(e);
  }
  checkSheets(names, opts);
  let chosen: Prepared | null = null;
  const skipped: string[] = [];
  for (const name of opts.sheet !== undefined ? [opts.sheet] : names) {
    const p = prepareSheet(bytes, name, opts);
    if (opts.sheet !== undefined || p.hasNumeric) {
      chosen = p;
      break;
    }
    skipped.push(`'${name}'`);
  }
  // No sheet has numbers: read the first one fully so the builder can say precisely why.
  chosen ??= prepareSheet(bytes, names[0], opts);
  const notes = sheetNotes(names, chosen.name, chosen.hasNumeric ? skipped : []);
  notes.push(...chosen.notes);
  return build(chosen, notes, fileName, containerFormat(bytes, chosen.bookType), names);
}

/** Throws when the workbook has no sheets or the user's sheet is not one of them. */
export function checkSheets(names: readonly string[], opts: ParseOptions): void {
  if (names.length === 0) throw new ImportError('The workbook has no sheets.', 'Open it in Excel or LibreOffice, check that it holds a table, save it and try again.');
  if (opts.sheet !== undefined && !names.includes(opts.sheet)) {
    throw new ImportError(`There is no sheet named '${opts.sheet}' in this workbook.`, `Choose one of its sheets: ${list(names.map((n) => `'${n}'`), 10)}.`);
  }
}

/** The notes on which sheet was read and which (quoted names) were skipped for having no numbers. */
export function sheetNotes(names: readonly string[], chosen: string, skipped: readonly string[]): string[] {
  const notes: string[] = [];
  if (names.length > 1) notes.push(`Read sheet '${chosen}' (the workbook has ${names.length} sheets).`);
  if (skipped.length) notes.push(`Skipped ${plural(skipped.length, 'sheet', 'sheets')} without numeric columns: ${list(skipped)}.`);
  return notes;
}

/** Parses one sheet and decides header, names and column kinds from its first rows. */
function prepareSheet(bytes: Uint8Array, name: string, opts: ParseOptions): Prepared {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', sheets: name, dense: true, cellDates: false, cellNF: true, cellText: false });
  } catch (e) {
    throw workbookError(e);
  }
  const ws = wb.Sheets[name] as (XLSX.WorkSheet & { '!data'?: Row[] }) | undefined;
  const rows: Row[] = ws?.['!data'] ?? [];
  const range = ws?.['!ref'] ? XLSX.utils.decode_range(ws['!ref']) : null;
  const firstRow = range ? range.s.r : 0;
  const lastRow = Math.min(rows.length, range ? range.e.r + 1 : rows.length) - 1;
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const sample: Cell[][] = [];
  for (let r = firstRow; r <= lastRow && r < firstRow + sampleSize(firstRow, opts); r++) sample.push(toCells(rows[r], date1904));
  const plan = planSheet({ rows: sample, firstRow, lastRow, rangeFirstCol: range ? range.s.c : 0, rangeEndCol: range ? range.e.c + 1 : 0 }, opts);
  const textAt = (r: number, c: number) => cellText(toCell(rows[r]?.[c], date1904));
  const { headers, names, notes } = nameColumns(plan, (ws?.['!merges'] ?? []) as MergeRange[], textAt, date1904);
  const { firstCol, headerRow } = plan;
  const setup: TableSetup = { headers, names, plan: plan.plan, locale: plan.locale, firstColumn: firstCol, expectedRows: Math.max(1, lastRow - Math.max(headerRow, firstRow - 1)), dateOrder: opts.dateOrder };
  return { name, rows, firstRow, firstCol, lastRow, headerRow, date1904, bookType: wb.bookType, setup, notes, hasNumeric: plan.hasNumeric };
}

/** The first rows of a sheet as Cells indexed by sheet column (holes are empty cells). */
export interface SheetSample {
  /** `rows[i]` is sheet row `firstRow + i`; undefined or [] for a row without cells. */
  rows: readonly (readonly (Cell | undefined)[] | undefined)[];
  firstRow: number;
  /** The sheet's last row (0-based, inclusive), or Infinity when not known yet. */
  lastRow: number;
  /** First and end (exclusive) column of the sheet's stored range; 0 when it has none. */
  rangeFirstCol: number;
  rangeEndCol: number;
}

/** Header row, table columns and column kinds decided from a sheet's first rows. */
export interface SheetPlan {
  firstRow: number;
  firstCol: number;
  /** 0-based sheet row of the header, -1 for none. */
  headerRow: number;
  /** Header texts as found, one per table column. */
  rawHeaders: string[];
  locale: NumberLocale;
  plan: ColumnPlan;
  hasNumeric: boolean;
}

/** How many rows from `firstRow` a sheet's sample must hold for `planSheet`. */
export function sampleSize(firstRow: number, opts: ParseOptions): number {
  return Math.max(SAMPLE_ROWS, opts.headerRow !== undefined ? opts.headerRow - firstRow + 50 : 0);
}

/**
 * Decides where the table is from a sheet's first rows: its first column (a table may start at
 * C3; the stored range may start at A1 anyway, so the first used column is looked up in the
 * sample), its width, the header row (detected, or the user's), the number locale and each
 * column's kind. Both workbook readers call this, so they agree.
 */
export function planSheet(sample: SheetSample, opts: ParseOptions): SheetPlan {
  const { rows, firstRow, lastRow } = sample;
  let end = sample.rangeEndCol;
  let firstCol = Infinity;
  for (let i = 0; i < rows.length && i < SAMPLE_ROWS; i++) {
    const row = rows[i];
    if (!row) continue;
    end = Math.max(end, row.length);
    for (let c = 0; c < row.length && c < firstCol; c++) if (row[c] !== null && row[c] !== undefined) firstCol = c;
  }
  firstCol = Math.max(sample.rangeFirstCol, Number.isFinite(firstCol) ? firstCol : 0);
  const ncols = Math.max(0, end - firstCol);
  const sampleRows = Math.max(10, Math.min(SAMPLE_ROWS, Math.floor(2_000_000 / Math.max(1, ncols))), opts.headerRow !== undefined ? opts.headerRow - firstRow + 50 : 0);
  const grid: Cell[][] = [];
  for (let i = 0; i < rows.length && grid.length < sampleRows; i++) grid.push(fromColumn(rows[i], firstCol));
  const found = opts.headerRow === undefined ? detectHeader(grid) : -1;
  const detected = opts.headerRow ?? (found < 0 ? -1 : found + firstRow);
  const headerRow = detected >= firstRow && detected <= lastRow ? detected : -1;
  const headerCells = headerRow >= 0 ? rows[headerRow - firstRow] : undefined;
  const rawHeaders = Array.from({ length: ncols }, (_, c) => cellText(headerCells?.[c + firstCol] ?? null));
  const data = grid.slice(headerRow >= 0 ? headerRow - firstRow + 1 : 0).filter((row) => row.some((c) => c !== null && c !== ''));
  const texts: string[] = [];
  for (const row of data) for (const c of row) if (typeof c === 'string' && texts.length < 4000) texts.push(c);
  const guess = detectNumberLocale(texts);
  const decimal = opts.decimal ?? guess.decimal;
  const locale: NumberLocale = { decimal, thousands: opts.thousands ?? (decimal === guess.decimal ? guess.thousands : '') };
  const plan = classifyColumns(data, ncols, locale, opts.dateOrder);
  return { firstRow, firstCol, headerRow, rawHeaders, locale, plan, hasNumeric: plan.kinds.includes('numeric') };
}

/**
 * Names the planned columns: merged header cells are applied (`textAt(r, c)` reads any cell at
 * or above the header row as text), names made unique, and every decision noted.
 */
export function nameColumns(p: SheetPlan, merges: readonly MergeRange[], textAt: (r: number, c: number) => string, date1904: boolean): { headers: string[]; names: string[]; notes: string[] } {
  const { headerRow, firstRow, firstCol } = p;
  const { header: headers, groups, filled } = headerRow >= 0 ? applyMerges(p.rawHeaders, headerRow, merges, textAt, firstCol) : { header: p.rawHeaders.slice(), groups: undefined, filled: 0 };
  const named = makeColumnNames(headers, 'letters', groups, firstCol);
  const notes: string[] = [];
  if (headerRow > firstRow) notes.push(`Skipped ${plural(headerRow - firstRow, 'row', 'rows')} above the header row (titles or notes).`);
  if (headerRow < 0) notes.push('No header row found; columns are named by their letters.');
  if (filled) notes.push(`Merged header cells were spread over ${plural(filled, 'more column', 'more columns')}.`);
  if (date1904) notes.push('The workbook uses the 1904 date system (older Mac Excel); its dates were converted accordingly.');
  notes.push(...named.notes);
  return { headers, names: named.names, notes };
}

/** A sample row from column c0 on, holes as null (the header detector counts undefined as a value). */
function fromColumn(row: readonly (Cell | undefined)[] | undefined, c0: number): Cell[] {
  if (!row) return [];
  const out = new Array<Cell>(Math.max(0, row.length - c0));
  for (let c = 0; c < out.length; c++) out[c] = row[c + c0] ?? null;
  return out;
}

/** Streams the prepared sheet's data rows into the table builder. */
function build(p: Prepared, notes: string[], fileName: string, format: SourceFormat, sheets: string[]): Imported {
  const b = new TableBuilder(p.setup);
  const width = b.width;
  let blank = 0;
  for (let r = p.headerRow >= 0 ? p.headerRow + 1 : p.firstRow; r <= p.lastRow; r++) {
    const row = p.rows[r];
    if (!row || isBlankRow(row)) {
      blank++;
      continue;
    }
    b.row();
    const c0 = p.firstCol;
    const w = Math.min(row.length - c0, width);
    for (let c = 0; c < w; c++) {
      const cell = row[c + c0];
      if (cell) put(b, c, cell, p.date1904);
    }
  }
  if (blank) notes.push(`Skipped ${plural(blank, 'blank row', 'blank rows')}.`);
  if (p.bookType === 'xlsb') notes.push('Read as a binary Excel workbook (.xlsb).');
  return b.finish({
    fileName, format, sheets, sheet: p.name, headerRow: p.headerRow, delimiter: '', decimal: p.setup.locale.decimal,
    thousands: p.setup.locale.thousands, dateSystem: p.date1904 ? '1904' : '1900', notes,
  });
}

/** Hands one SheetJS cell to the builder without creating intermediate objects. */
function put(b: TableBuilder, c: number, cell: SheetCell, date1904: boolean): void {
  switch (cell.t) {
    case 'n':
      if (isDateFormat(cell.z)) b.date(c, excelSerialToMs(cell.v as number, date1904));
      else b.number(c, cell.v as number);
      break;
    case 's': case 'str':
      b.text(c, String(cell.v ?? ''));
      break;
    case 'b':
      b.text(c, cell.v ? 'TRUE' : 'FALSE');
      break;
    case 'e':
      b.error(c, errorText(cell));
      break;
    case 'd':
      b.date(c, dateValue(cell.v));
  }
}

/** A SheetJS cell as a header/classifier Cell. */
function toCell(cell: SheetCell | null | undefined, date1904: boolean): Cell {
  if (!cell) return null;
  switch (cell.t) {
    case 'n': return isDateFormat(cell.z) ? { date: excelSerialToMs(cell.v as number, date1904) } : (cell.v as number);
    case 's': case 'str': return String(cell.v ?? '');
    case 'b': return cell.v ? 'TRUE' : 'FALSE';
    case 'e': return { error: errorText(cell) };
    case 'd': return { date: dateValue(cell.v) };
    default: return null;
  }
}

/** A sheet row as Cells by column (for the sample only). */
function toCells(row: Row, date1904: boolean): Cell[] {
  if (!row) return [];
  const out = new Array<Cell>(row.length);
  for (let c = 0; c < out.length; c++) out[c] = toCell(row[c], date1904);
  return out;
}

/** True when a number format shows a date or time (cached: a sheet has few distinct formats). */
export function isDateFormat(z: unknown): boolean {
  if (typeof z !== 'string' || z === 'General') return false;
  let d = dateFormats.get(z);
  if (d === undefined) {
    try {
      d = Boolean(XLSX.SSF.is_date(z));
    } catch {
      d = false;
    }
    dateFormats.set(z, d);
  }
  return d;
}

function errorText(cell: SheetCell): string {
  return cell.w ?? EXCEL_ERRORS[cell.v as number] ?? '#ERROR';
}

function dateValue(v: unknown): number {
  return v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : NaN;
}

function isBlankRow(row: NonNullable<Row>): boolean {
  for (const cell of row) if (cell && cell.t !== 'z' && !(cell.t === 's' && String(cell.v ?? '').trim() === '')) return false;
  return true;
}

const ODS_MIME = 'application/vnd.oasis.opendocument.spreadsheet';

/**
 * 'xls' for CFB containers; for zips SheetJS's `bookType` when known, else 'ods' when the ODS
 * mimetype is stored uncompressed near the start (first entry by the spec; SheetJS writes it
 * in the manifest), else 'xlsx'.
 */
export function containerFormat(bytes: Uint8Array, bookType?: string): SourceFormat {
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf) return 'xls';
  if (bookType === 'ods') return 'ods';
  if (bookType === 'xlsx' || bookType === 'xlsb' || bookType === 'xlsm') return 'xlsx';
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 65536));
  return head.includes(ODS_MIME) ? 'ods' : 'xlsx';
}

/** Maps a SheetJS failure to what the user can do about it. */
export function workbookError(e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  const msg = (e instanceof Error ? e.message : String(e)) || 'unknown error';
  if (/password|ECMA-376 Encrypted|Encryption scheme|ODS Encryption|EncryptionInfo/i.test(msg)) {
    return new ImportError('The workbook is password-protected', 'Open it in Excel, remove the password (File › Info › Protect Workbook), save, and try again.');
  }
  return new ImportError(`The workbook is damaged or incomplete (${msg}).`, 'Open it in Excel or LibreOffice and save it again, or download it again — the file may have been cut off during transfer.');
}
