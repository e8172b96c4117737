import type { SeriesTable } from './types';

/**
 * Copies every column into one SharedArrayBuffer: each worker then reads the same memory,
 * so N workers cost no more dataset memory than one. Needs cross-origin isolation.
 */
export function shareTable(t: SeriesTable): SeriesTable {
  const n = t.time.length;
  const sab = new SharedArrayBuffer(8 * n * (t.cols.length + 1));
  const view = (k: number, src: Float64Array) => {
    const a = new Float64Array(sab, 8 * n * k, n);
    a.set(src);
    return a;
  };
  return { names: t.names, periods: t.periods, time: view(0, t.time), cols: t.cols.map((c, k) => view(k + 1, c)) };
}

/** A private copy of the table in tight buffers, and the buffers to transfer with it. */
export function copyForTransfer(t: SeriesTable): { table: SeriesTable; transfer: ArrayBuffer[] } {
  const table = { names: t.names, periods: t.periods, time: t.time.slice(), cols: t.cols.map((c) => c.slice()) };
  return { table, transfer: [table.time, ...table.cols].map((a) => a.buffer as ArrayBuffer) };
}

/** Bytes the table's columns take. */
export function tableBytes(t: SeriesTable): number {
  return 8 * t.time.length * (t.cols.length + 1);
}
