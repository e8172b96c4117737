/** Seeded randomness: the same seed gives the same model in any worker, in any order. */

/** mulberry32: a fast 32-bit PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  // The state lives in a typed array: a uint32 kept in a closure variable is boxed as a new
  // heap number on every call (most values exceed the small-integer range).
  const a = Uint32Array.of(seed);
  return () => {
    a[0] += 0x6d2b79f5;
    let t = a[0];
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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
export function shuffle(idx: Int32Array, rand: () => number): Int32Array {
  for (let i = idx.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
  }
  return idx;
}
