/** Seeded randomness: the same seed gives the same model in any worker, in any order. */

/**
 * mulberry32: a fast 32-bit PRNG; `next()` returns floats in [0, 1). A class, so that V8
 * inlines `next()` into hot loops such as `shuffle`: a closure's float result was boxed as a
 * new heap number on every call (30 MB of garbage per benchmark run of the linear models).
 */
export class Mulberry32 {
  // A uint32 in a plain field would be boxed too: most values exceed the small-integer range.
  readonly #state: Uint32Array;

  constructor(seed: number) {
    this.#state = Uint32Array.of(seed);
  }

  next(): number {
    const a = this.#state;
    a[0] += 0x6d2b79f5;
    let t = a[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** The same generator as a function, for code that draws a few numbers. */
export function mulberry32(seed: number): () => number {
  const g = new Mulberry32(seed);
  return () => g.next();
}

/** A 32-bit seed from any strings and numbers (FNV-1a), e.g. run seed + target + model + fold. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = `${part}\u0000`;
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** Fisher–Yates shuffle of an index array in place. */
export function shuffle(idx: Int32Array, rand: Mulberry32): Int32Array {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand.next() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}
