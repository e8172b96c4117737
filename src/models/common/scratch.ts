/**
 * Reusable Float32Array buffers for per-fit work arrays. Every fresh large typed array is
 * zero-filled memory the OS must map in, and the workers of one tab are threads of one
 * process: their page faults queue on the same lock. Reusing buffers keeps a pool of workers
 * scaling with the cores. Borrowed buffers are not zeroed: the borrower writes every element.
 */
const free: Float32Array[] = [];

/** A buffer of exactly `length` elements (a view of a pooled one), until `release`. */
export function borrow(length: number): Float32Array {
  let best = -1;
  for (let i = 0; i < free.length; i++) {
    if (free[i].length >= length && (best < 0 || free[i].length < free[best].length)) best = i;
  }
  const buf = best >= 0 ? free.splice(best, 1)[0] : new Float32Array(Math.ceil(length * 1.25));
  return buf.subarray(0, length);
}

/** Returns borrowed buffers to the pool (at most a few are kept, so memory stays bounded). */
export function release(...views: Float32Array[]): void {
  for (const v of views) {
    free.push(new Float32Array(v.buffer));
    if (free.length > MAX_FREE) free.sort((a, b) => b.length - a.length).pop();
  }
}

const MAX_FREE = 12;
