/** What a run records about its data: a fingerprint, and the times of the forecast steps. */
import { gridAdvance, isRegular, type Frequency } from '../data/calendar';
import type { SeriesTable } from '../engine/types';

/**
 * A 64-bit FNV-1a hash (two 32-bit lanes) of the names, times and values, as hex: enough to
 * tell whether a saved run was made on the dataset now open. Not a security hash.
 */
export function fingerprint(table: Pick<SeriesTable, 'names' | 'time' | 'cols'>): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  const mix = (x: number) => {
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 15);
  };
  for (const name of table.names) for (let i = 0; i < name.length; i++) mix(name.charCodeAt(i));
  for (const col of [table.time, ...table.cols]) {
    // Hash the IEEE bits: 1.0 and 1.0000000001 differ, NaNs are equal.
    const words = new Uint32Array(col.buffer, col.byteOffset, col.length * 2);
    for (let i = 0; i < words.length; i++) mix(words[i]);
    mix(col.length);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The times of the `horizon` steps after the last row: on the calendar grid, or by the typical step. */
export function futureTimes(time: Float64Array, frequency: Frequency, horizon: number): Float64Array {
  const out = new Float64Array(horizon);
  const last = time.length ? time[time.length - 1] : 0;
  for (let k = 1; k <= horizon; k++) {
    out[k - 1] = frequency.kind === 'index' ? last + k : isRegular(frequency) ? gridAdvance(last, k, frequency) : last + k * frequency.stepMs;
  }
  return out;
}
