import { ImportError, type Frame, type ImportReport, type ParseOptions } from './frame';
import { importFile } from './import';
import { checkTimeline, cleanFrame, DEFAULT_CLEAN, type Change, type CleanOptions, type TimelineCheck } from './timeline';
import { profileFrame, seasonality, type SeriesProfile } from './profile';

/** A dataset ready for the check-up screen: the cleaned frame plus the account of every change. */
export interface LoadedDataset {
  fileName: string;
  parse: ParseOptions;
  report: ImportReport;
  check: TimelineCheck;
  /** Per-series statistics of the data as read; seasonal periods are found on the cleaned frame. */
  profiles: SeriesProfile[];
  clean: CleanOptions;
  changes: Change[];
  /** The cleaned frame: what training will see. */
  frame: Frame;
}

/** A failure the user can act on; crosses the worker boundary as plain data. */
export interface UserError {
  message: string;
  hint: string;
}

/** Either a dataset or a user-facing error: errors are values here, so hints survive postMessage. */
export type ParseResult = { ok: true; data: LoadedDataset } | { ok: false; error: UserError };

/** Turns any thrown value into a message a user can read. */
export function toUserError(err: unknown): UserError {
  if (err instanceof ImportError) return { message: err.message, hint: err.hint };
  const message = err instanceof Error ? err.message : String(err);
  if (/allocation|out of memory|array buffer/i.test(message)) {
    return { message: 'The file is too large for the memory this tab can use.', hint: 'Close other tabs, or split the file and load part of it.' };
  }
  return { message: `The file could not be read: ${message.slice(0, 200)}`, hint: 'Check that it is a CSV, TSV, XLSX, XLS or ODS file and try again.' };
}

/**
 * The parse worker's state: it keeps the raw import of the current dataset, so cleaning
 * choices can be re-applied without re-reading the file. A failed load keeps the previous one.
 */
export class ParseSession {
  #raw: { fileName: string; parse: ParseOptions; report: ImportReport; frame: Frame; check: TimelineCheck; profiles: SeriesProfile[] } | null = null;

  /** Reads a file, checks its timeline and profiles it; the previous dataset survives a failure. */
  async load(file: Blob & { name: string }, parse: ParseOptions, clean: CleanOptions = DEFAULT_CLEAN, onProgress?: (fraction: number) => void): Promise<ParseResult> {
    try {
      const { frame, report } = await importFile(file, parse, onProgress);
      const check = checkTimeline(frame);
      const profiles = profileFrame(frame, check.frequency);
      this.#raw = { fileName: file.name, parse, report, frame, check, profiles };
      return this.clean(clean);
    } catch (err) {
      return { ok: false, error: toUserError(err) };
    }
  }

  /** Re-applies cleaning choices (aggregation, gap insertion, fill) to the current dataset. */
  clean(clean: CleanOptions): ParseResult {
    const raw = this.#raw;
    if (!raw) return { ok: false, error: { message: 'No dataset is loaded.', hint: 'Drop a file or load the sample first.' } };
    try {
      const { frame: cleaned, changes } = cleanFrame(raw.frame, raw.check, clean);
      const frame = unshared(cleaned, raw.frame);
      const { fileName, parse, report, check } = raw;
      // Counts and means describe the data as read; the seasonal search needs evenly spaced rows.
      const profiles = raw.profiles.map((p, i) => {
        const s = seasonality(frame.cols[i], check.frequency);
        return { ...p, seasonalPeriod: s.period, seasonalStrength: s.strength };
      });
      return { ok: true, data: { fileName, parse, report, check, profiles, clean, changes, frame } };
    } catch (err) {
      return { ok: false, error: toUserError(err) };
    }
  }
}

/** Copies any column the cleaned frame shares with the raw one, so transferring it cannot detach the raw. */
function unshared(frame: Frame, raw: Frame): Frame {
  const rawBuffers = new Set([raw.time.buffer, ...raw.cols.map((c) => c.buffer)]);
  const own = (a: Float64Array) => (rawBuffers.has(a.buffer) ? a.slice() : a);
  return { ...frame, time: own(frame.time), cols: frame.cols.map(own) };
}
