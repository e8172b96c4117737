/**
 * The run file: a finished run as versioned JSON, to save, share and reopen without retraining.
 * Typed arrays (and NaN, ±Infinity, −0) survive exactly through the codec; loading checks the
 * format, version and shape and says plainly what is wrong with a file it refuses.
 */
import type { RunResults } from '../results/types';
import { decode, encode } from './codec';
import { validateRun } from './validate';

export const RUN_FORMAT = 'forecaster-run';
export const RUN_VERSION = 1;

/** The run as run-file text. */
export function runToJson(run: RunResults): string {
  return JSON.stringify({ format: RUN_FORMAT, version: RUN_VERSION, run: encode(run) });
}

/** A run from run-file text; throws an Error with a message for the user on any other file. */
export function runFromJson(text: string): RunResults {
  if (typeof text !== 'string') throw new Error('This is not a Forecaster run file: no text was given.');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new Error('This is not a Forecaster run file: it is not valid JSON.', { cause: e });
  }
  if (typeof doc !== 'object' || doc === null || (doc as { format?: unknown }).format !== RUN_FORMAT) {
    throw new Error(`This is not a Forecaster run file (it has no "format": "${RUN_FORMAT}").`);
  }
  const { version, run } = doc as { version?: unknown; run?: unknown };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new Error('This run file is damaged: its version is missing or invalid.');
  }
  if (version > RUN_VERSION) {
    throw new Error(`This run file was saved by a newer version of Forecaster (file version ${version}; this app reads version ${RUN_VERSION}). Update the app to open it.`);
  }
  try {
    return validateRun(decode(run));
  } catch (e) {
    // Stack overflows and the like become the same plain message as a failed check.
    throw new Error(`This run file is damaged: ${e instanceof Error ? e.message : String(e)}.`, { cause: e });
  }
}
