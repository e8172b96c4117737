/**
 * The importer's front door: tells workbooks from text by their first bytes (never by the file
 * name), routes to the right parser, and turns every failure into an ImportError with a hint.
 */
import { parseDelimited } from './csv';
import { encodingOf } from './decode';
import { ImportError, type Imported, type ParseOptions } from './frame';
import { readWorkbook, workbookError } from './xlsx';
import { isOoxmlWorkbook, readWorkbookStream } from './xlsx-stream';
import { ZipArchive } from './zip';

/**
 * Largest workbook read through SheetJS (.xls, .xlsb, .ods), which needs the whole file and its
 * cells in memory. .xlsx and .xlsm are streamed and have no limit but memory.
 */
export const MAX_WORKBOOK_BYTES = 150 * 1024 * 1024;

/** What a file's first bytes say it is. */
export type ContentKind = 'zip' | 'cfb' | 'text' | 'binary';

/**
 * Sniffs content from the first bytes: zip (xlsx, ods, …), CFB (xls, or an encrypted OOXML
 * workbook), text (UTF-16 by BOM or NUL pattern, or no NUL bytes and at most 1% control
 * characters), else binary.
 */
export function sniffContent(head: Uint8Array): ContentKind {
  const b = head;
  if (b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 3 || b[2] === 5 || b[2] === 7) && b[3] === b[2] + 1) return 'zip';
  if (b.length >= 8 && b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0 && b[4] === 0xa1 && b[5] === 0xb1 && b[6] === 0x1a && b[7] === 0xe1) return 'cfb';
  if (encodingOf(b).encoding !== 'utf-8') return 'text'; // UTF-16, with or without a BOM
  let control = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0) return 'binary';
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || c === 0x7f) control++;
  }
  return control <= b.length / 100 ? 'text' : 'binary';
}

/**
 * Reads a user's file into a frame and a report of every decision. Text and .xlsx/.xlsm
 * workbooks are streamed; other workbooks are read whole (up to 150 MB). Everything thrown is
 * an ImportError with a message and a hint the user can act on.
 */
export async function importFile(file: Blob & { name: string }, opts: ParseOptions = {}, onProgress?: (fraction: number) => void): Promise<Imported> {
  try {
    if (file.size === 0) throw new ImportError('The file is empty.', 'Choose a file that holds a table: a header row and at least two rows of numbers.');
    const head = new Uint8Array(await file.slice(0, 65536).arrayBuffer());
    const kind = sniffContent(head);
    if (kind === 'zip') {
      const zip = await ZipArchive.open(file);
      if (isOoxmlWorkbook(zip)) {
        onProgress?.(0);
        const result = await readWorkbookStream(zip, opts, file.name, onProgress);
        onProgress?.(1);
        return result;
      }
    }
    if (kind === 'zip' || kind === 'cfb') {
      if (file.size > MAX_WORKBOOK_BYTES) {
        throw new ImportError(
          `The workbook is too large to open in the browser (${Math.round(file.size / 2 ** 20)} MB; the limit for .xls, .xlsb and .ods workbooks is ${MAX_WORKBOOK_BYTES / 2 ** 20} MB).`,
          'Save it as an Excel Workbook (.xlsx) or as CSV (File › Save As) and import that instead: both are read as a stream, with no size limit other than memory.',
        );
      }
      onProgress?.(0);
      const bytes = new Uint8Array(await file.arrayBuffer());
      onProgress?.(0.5);
      const result = readWorkbook(bytes, opts, file.name);
      onProgress?.(1);
      return result;
    }
    if (kind === 'binary') {
      throw new ImportError(
        'This file is neither a spreadsheet nor text (it looks like binary data).',
        'Choose a CSV or other delimited text file, or an Excel (.xlsx, .xls) or OpenDocument (.ods) workbook. A file renamed to .csv or .xlsx keeps its real format.',
      );
    }
    return await parseDelimited(file, opts, onProgress, file.name);
  } catch (e) {
    throw asImportError(e);
  }
}

/** Any failure as an ImportError: ours pass through, memory exhaustion and the rest get a hint. */
function asImportError(e: unknown): ImportError {
  if (e instanceof ImportError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof RangeError || /allocation failed|out of memory|invalid (array|string|typed array) length/i.test(msg)) {
    return new ImportError('The file is too large to read in this browser (it ran out of memory).', 'Close other tabs and try again, or import a smaller file — for example fewer columns or a shorter period.');
  }
  if (/zip|cfb|workbook|sheet/i.test(msg)) return workbookError(e);
  return new ImportError(`The file could not be read (${msg}).`, 'Check that it is a CSV or spreadsheet file and that it opens in the program that made it; saving it again often helps.');
}
