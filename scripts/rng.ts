/**
 * A small seeded pseudo-random generator shared by the sample and fixture scripts, so every
 * generated file is the same on every run and every machine.
 *
 * mulberry32 (32-bit state, period 2^32) for uniforms; Box–Muller for normals.
 * Only integer 32-bit operations and Math.log/sqrt/cos/sin are used.
 */

import { mulberry32 } from '../src/models/common/rng';

export { mulberry32 };

/** Seeded generator with the few distributions the scripts need. */
export class Rng {
  private readonly u: () => number;
  private spare: number | null = null;

  constructor(readonly seed: number) {
    this.u = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u();
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.u();
  }

  /** Integer uniform in [lo, hi] (inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.u() * (hi - lo + 1));
  }

  /** Normal(mean, sd) by Box–Muller; the second value of each pair is kept for the next call. */
  normal(mean = 0, sd = 1): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u1 = this.u();
    while (u1 <= Number.MIN_VALUE) u1 = this.u();
    const u2 = this.u();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return mean + sd * r * Math.cos(2 * Math.PI * u2);
  }

  /** `n` uniformly random bytes (0..255, NUL included). */
  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = Math.floor(this.u() * 256);
    return out;
  }
}

/** A stable 32-bit seed derived from a base seed and a label (FNV-1a), one stream per file. */
export function seedFor(base: number, label: string): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
