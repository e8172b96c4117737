/**
 * The columnar shapes that travel from the parser to the worker pool and the charts.
 * A column is a Float64Array from start to end; nothing on the path ever becomes a row object.
 */

/** A table of numeric series aligned on one time axis. NaN marks a missing value. */
export interface Frame {
  /** Series column names, unique and non-empty, as the user sees them. */
  names: string[];
  /** One column per name, all of length `time.length`. */
  cols: Float64Array[];
  /** Epoch milliseconds (UTC) per row; the row index 0..n-1 when no time column was found. */
  time: Float64Array;
  /** Name of the time column, or null when `time` is the row index. */
  timeName: string | null;
}

/** What the importer decided a source column is. */
export type ColumnKind = 'time' | 'numeric' | 'text' | 'empty';

/** One source column as the importer saw it: every skipped or unreadable cell is counted. */
export interface ColumnReport {
  /** 0-based position in the source sheet or file. */
  index: number;
  /** Final unique name (what `Frame.names` holds for numeric columns). */
  name: string;
  /** The header text as found ('' when the header cell was empty). */
  header: string;
  kind: ColumnKind;
  /** Cells read as a value of the column's kind. */
  values: number;
  /** Empty cells. */
  missing: number;
  /** Spreadsheet error cells by code, e.g. { '#N/A': 3, '#DIV/0!': 1 }; counted as missing. */
  errors: Record<string, number>;
  /** Non-empty cells that could not be read as the column's kind; counted as missing. */
  invalid: number;
  /** Up to three of those cells' texts, shortened, so the user can see what went wrong. */
  invalidExamples: string[];
}

/** Decimal separator of numbers written as text. */
export type DecimalSeparator = '.' | ',';
/** Thousands separator of numbers written as text ('' = none). */
export type ThousandsSeparator = '' | ',' | '.' | ' ' | "'";
/** Source formats the importer understands. */
export type SourceFormat = 'csv' | 'xlsx' | 'xls' | 'ods';

/** Everything the importer did, in order, so nothing is changed silently. */
export interface ImportReport {
  fileName: string;
  format: SourceFormat;
  /** Sheet names in workbook order ([] for text files). */
  sheets: string[];
  /** The sheet that was read (null for text files). */
  sheet: string | null;
  /** 0-based source row of the header (-1 when the file has no header row). */
  headerRow: number;
  /** Field delimiter of text files ('' for workbooks). */
  delimiter: string;
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
  /** Excel date system of workbooks (null for text files). */
  dateSystem: '1900' | '1904' | null;
  /** Data rows read (below the header). */
  rows: number;
  columns: ColumnReport[];
  /** Plain-language decisions, e.g. "Skipped 2 title rows above the header". */
  notes: string[];
}

/** User overrides for the importer; anything left undefined is detected. */
export interface ParseOptions {
  sheet?: string;
  /** 0-based source row of the header; -1 means "no header row". */
  headerRow?: number;
  delimiter?: string;
  decimal?: DecimalSeparator;
  thousands?: ThousandsSeparator;
  /** Day/month order of dates like 01/07/2016 when the file does not make it clear. */
  dateOrder?: 'dmy' | 'mdy';
}

/** The importer's output: the frame plus the account of how it was read. */
export interface Imported {
  frame: Frame;
  report: ImportReport;
}

/** A user-facing import failure: `message` says what is wrong, `hint` what to do about it. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** Number of rows of a frame. */
export function frameRows(frame: Frame): number {
  return frame.time.length;
}

/** The ArrayBuffers of a frame, for `postMessage` transfer lists. */
export function frameBuffers(frame: Frame): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const a of [frame.time, ...frame.cols]) {
    if (a.buffer instanceof ArrayBuffer) out.add(a.buffer);
  }
  return [...out];
}
