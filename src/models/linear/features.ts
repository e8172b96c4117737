/** Input features of the LTSF linear models, shared by the per-series and channel-shared fits. */
import { movingAverage } from '../common/decompose';

/** DLinear (trend + seasonal maps) or NLinear (last-value normalised map), after Zeng et al. 2023. */
export type LinearVariant = 'dlinear' | 'nlinear';

/** Features per window, bias included: 2L + 1 for DLinear, L + 1 for NLinear. */
export function featureWidth(variant: LinearVariant, L: number): number {
  return variant === 'dlinear' ? 2 * L + 1 : L + 1;
}

/**
 * Writes one window's features at `out[at..]`: [seasonal | trend | 1] for DLinear,
 * [x − last | 1] for NLinear. No allocation: called once per window of a series.
 */
export function writeFeatures(variant: LinearVariant, kernel: number, x: ArrayLike<number>, offset: number, L: number, out: Float32Array | Float64Array, at: number): void {
  if (variant === 'dlinear') {
    movingAverage(x, offset, L, kernel, out, at + L);
    for (let j = 0; j < L; j++) out[at + j] = x[offset + j] - out[at + L + j];
    out[at + 2 * L] = 1;
    return;
  }
  const last = x[offset + L - 1];
  for (let j = 0; j < L; j++) out[at + j] = x[offset + j] - last;
  out[at + L] = 1;
}

/** What the map predicts: y for DLinear, y − last input for NLinear (the level is added back). */
export function targetOffset(variant: LinearVariant, x: ArrayLike<number>, offset: number, L: number): number {
  return variant === 'nlinear' ? x[offset + L - 1] : 0;
}
