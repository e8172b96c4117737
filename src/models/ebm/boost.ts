/**
 * The cyclic booster of EBM on typed arrays, for the RMSE objective (gradient = prediction − y,
 * hessian = 1). Each step fits one shallow tree on one term's histogram of gradient sums and adds
 * −learningRate · mean gradient per leaf to that term's score table. A term is 1-D (a main
 * effect) or 2-D (a pair, bins flattened row-major as a·nB + b, fitted with a 4-cell cut model).
 */
import { CancelledError, type FitProgress } from '../types';
import type { BinIndex } from './bins';

/** One term: its bin column over all rows, its bin count and, for a pair, its two axis sizes. */
export interface Term {
  bins: BinIndex;
  nBins: number;
  dims?: [number, number];
}

/** Booster settings (see EBM_DEFAULTS in ebm.ts). */
export interface BoostConfig {
  learningRate: number;
  maxLeaves: number;
  minSamplesLeaf: number;
  smoothingRounds: number;
  earlyStoppingRounds: number;
  earlyStoppingTolerance: number;
  maxRounds: number;
}

/** Cancellation, progress and cooperative yielding shared by every boosting call of one fit. */
export interface BoostControl {
  signal?: { readonly aborted: boolean };
  onProgress?: (p: FitProgress) => void;
  /** Offset and total reported to onProgress, so that several bags/stages read as one bar. */
  progressOffset: number;
  progressTotal: number;
  /** Time of the last yield (performance.now()); updated in place. */
  lastYield: number;
}

/** What one boosting run returns: the best score tables, rounds run and work done. */
export interface BoostResult {
  scores: Float64Array[];
  rounds: number;
  bestLoss: number;
  /** Training rows × term steps processed (the hot loop's work). */
  rowSteps: number;
}

const YIELD_MS = 50;

/** Yields to the event loop when ~50 ms of work have passed, then checks the abort signal. */
export async function maybeYield(ctl: BoostControl): Promise<void> {
  const now = performance.now();
  if (now - ctl.lastYield >= YIELD_MS) {
    await new Promise((r) => setTimeout(r, 0));
    ctl.lastYield = performance.now();
  }
  if (ctl.signal?.aborted) throw new CancelledError();
}

/** Best single cut of bins [lo, hi): position c (left = [lo, c)) and its gain; c = −1 when none is valid. */
export function bestCut1d(sums: Float64Array, counts: Float64Array, lo: number, hi: number, minLeaf: number, rand: (() => number) | null): { c: number; gain: number } {
  let S = 0;
  let N = 0;
  for (let b = lo; b < hi; b++) {
    S += sums[b];
    N += counts[b];
  }
  const base = N > 0 ? (S * S) / N : 0;
  // Valid cuts form one contiguous range because counts only grow from the left.
  let sl = 0;
  let nl = 0;
  let first = -1;
  let last = -1;
  let best = -1;
  let bestGain = 0;
  for (let c = lo + 1; c < hi; c++) {
    sl += sums[c - 1];
    nl += counts[c - 1];
    const nr = N - nl;
    if (nl < minLeaf || nr < minLeaf) continue;
    if (first < 0) first = c;
    last = c;
    if (rand) continue;
    const sr = S - sl;
    const gain = (sl * sl) / nl + (sr * sr) / nr - base;
    if (gain > bestGain) {
      bestGain = gain;
      best = c;
    }
  }
  if (rand && first >= 0) {
    best = first + Math.floor(rand() * (last - first + 1));
    let s2 = 0;
    let n2 = 0;
    for (let b = lo; b < best; b++) {
      s2 += sums[b];
      n2 += counts[b];
    }
    bestGain = (s2 * s2) / n2 + ((S - s2) * (S - s2)) / (N - n2) - base;
  }
  return { c: best, gain: bestGain };
}

/** Fills delta[lo, hi) with −lr · mean gradient of that range. */
function fillLeaf(delta: Float64Array, sums: Float64Array, counts: Float64Array, lo: number, hi: number, lr: number): void {
  let s = 0;
  let n = 0;
  for (let b = lo; b < hi; b++) {
    s += sums[b];
    n += counts[b];
  }
  const v = n > 0 ? (-lr * s) / n : 0;
  for (let b = lo; b < hi; b++) delta[b] = v;
}

/** A 1-D tree with up to 3 leaves (second cut greedily on the better side); writes per-bin updates into delta. */
function fitTree1d(sums: Float64Array, counts: Float64Array, nBins: number, cfg: BoostConfig, rand: (() => number) | null, delta: Float64Array): void {
  const lr = cfg.learningRate;
  const { c } = bestCut1d(sums, counts, 0, nBins, cfg.minSamplesLeaf, rand);
  if (c < 0) return fillLeaf(delta, sums, counts, 0, nBins, lr);
  if (cfg.maxLeaves >= 3) {
    const L = bestCut1d(sums, counts, 0, c, cfg.minSamplesLeaf, rand);
    const R = bestCut1d(sums, counts, c, nBins, cfg.minSamplesLeaf, rand);
    const useL = L.c >= 0 && (R.c < 0 || L.gain >= R.gain);
    const c2 = useL ? L.c : R.c;
    if (c2 >= 0) {
      const [a, b] = useL ? [c2, c] : [c, c2];
      fillLeaf(delta, sums, counts, 0, a, lr);
      fillLeaf(delta, sums, counts, a, b, lr);
      return fillLeaf(delta, sums, counts, b, nBins, lr);
    }
  }
  fillLeaf(delta, sums, counts, 0, c, lr);
  fillLeaf(delta, sums, counts, c, nBins, lr);
}

/** Scratch of the 2-D cut search: prefix sums/counts of size (nA+1)·(nB+1). */
export interface Prefix2d {
  ps: Float64Array;
  pc: Float64Array;
}

/**
 * Best 4-cell model of a 2-D histogram (one cut i on axis A, one cut j on axis B), every cell
 * holding ≥ minLeaf samples: gain = Σ cell sum²/count − total²/n. With rand, a random valid cut.
 */
export function bestCut2d(sums: Float64Array, counts: Float64Array, nA: number, nB: number, minLeaf: number, pre: Prefix2d, rand: (() => number) | null): { i: number; j: number; gain: number } {
  const W = nB + 1;
  const { ps, pc } = pre;
  for (let a = 0; a <= nA; a++) {
    ps[a * W] = 0;
    pc[a * W] = 0;
  }
  for (let b = 0; b <= nB; b++) {
    ps[b] = 0;
    pc[b] = 0;
  }
  for (let a = 1; a <= nA; a++) {
    let rs = 0;
    let rc = 0;
    for (let b = 1; b <= nB; b++) {
      rs += sums[(a - 1) * nB + b - 1];
      rc += counts[(a - 1) * nB + b - 1];
      ps[a * W + b] = ps[(a - 1) * W + b] + rs;
      pc[a * W + b] = pc[(a - 1) * W + b] + rc;
    }
  }
  const S = ps[nA * W + nB];
  const N = pc[nA * W + nB];
  const base = N > 0 ? (S * S) / N : 0;
  let best = { i: -1, j: -1, gain: 0 };
  let valid = 0;
  let pick = -1;
  // Two passes when random: count valid cuts, then stop at a uniformly drawn one.
  for (let pass = rand ? 0 : 1; pass < 2; pass++) {
    if (pass === 1 && rand) {
      if (valid === 0) break;
      pick = Math.floor(rand() * valid);
      valid = 0;
    }
    for (let i = 1; i < nA; i++) {
      const sA = ps[i * W + nB];
      const cA = pc[i * W + nB];
      for (let j = 1; j < nB; j++) {
        const c00 = pc[i * W + j];
        const c01 = cA - c00;
        const c10 = pc[nA * W + j] - c00;
        const c11 = N - c00 - c01 - c10;
        if (c00 < minLeaf || c01 < minLeaf || c10 < minLeaf || c11 < minLeaf) continue;
        if (pass === 0 || (rand && valid !== pick)) {
          valid++;
          continue;
        }
        const s00 = ps[i * W + j];
        const s01 = sA - s00;
        const s10 = ps[nA * W + j] - s00;
        const s11 = S - s00 - s01 - s10;
        const gain = (s00 * s00) / c00 + (s01 * s01) / c01 + (s10 * s10) / c10 + (s11 * s11) / c11 - base;
        if (rand) return { i, j, gain };
        if (gain > best.gain) best = { i, j, gain };
      }
    }
  }
  return best;
}

/** A 2-D 4-cell update: fills delta (nA·nB) with −lr · mean gradient of each cell. */
function fitTree2d(sums: Float64Array, counts: Float64Array, nA: number, nB: number, cfg: BoostConfig, pre: Prefix2d, rand: (() => number) | null, delta: Float64Array): void {
  const { i, j } = bestCut2d(sums, counts, nA, nB, cfg.minSamplesLeaf, pre, rand);
  const ci = i < 0 ? nA : i;
  const cj = j < 0 ? nB : j;
  const cs = [0, 0, 0, 0];
  const cc = [0, 0, 0, 0];
  for (let a = 0; a < nA; a++)
    for (let b = 0; b < nB; b++) {
      const k = (a < ci ? 0 : 2) + (b < cj ? 0 : 1);
      cs[k] += sums[a * nB + b];
      cc[k] += counts[a * nB + b];
    }
  const v = cs.map((s, k) => (cc[k] > 0 ? (-cfg.learningRate * s) / cc[k] : 0));
  for (let a = 0; a < nA; a++) for (let b = 0; b < nB; b++) delta[a * nB + b] = v[(a < ci ? 0 : 2) + (b < cj ? 0 : 1)];
}

/** Copies a bin column at the given rows (bag-local, so the hot loop reads sequentially). */
function gather(bins: BinIndex, rows: Int32Array): BinIndex {
  const out = bins instanceof Uint8Array ? new Uint8Array(rows.length) : new Uint16Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = bins[rows[k]];
  return out;
}

/**
 * Boosts `terms` round-robin from the predictions `init` on the rows `train`, early-stopping on
 * the mean squared error over `val`, and returns the score tables of the best round.
 */
export async function boost(terms: Term[], y: Float64Array, init: Float64Array, train: Int32Array, val: Int32Array, cfg: BoostConfig, rand: () => number, ctl: BoostControl): Promise<BoostResult> {
  const T = terms.length;
  const nTr = train.length;
  const nVa = val.length;
  const trBins = terms.map((t) => gather(t.bins, train));
  const vaBins = terms.map((t) => gather(t.bins, val));
  // Residuals r = prediction − y = the gradient; kept up to date after every step.
  const r = new Float64Array(nTr);
  for (let k = 0; k < nTr; k++) r[k] = init[train[k]] - y[train[k]];
  const rv = new Float64Array(nVa);
  for (let k = 0; k < nVa; k++) rv[k] = init[val[k]] - y[val[k]];
  const counts = terms.map((t, ti) => {
    const c = new Float64Array(t.nBins);
    const bt = trBins[ti];
    for (let k = 0; k < nTr; k++) c[bt[k]]++;
    return c;
  });
  const scores = terms.map((t) => new Float64Array(t.nBins));
  const best = terms.map((t) => new Float64Array(t.nBins));
  const maxBins = Math.max(1, ...terms.map((t) => t.nBins));
  const sums = new Float64Array(maxBins);
  const delta = new Float64Array(maxBins);
  const maxA = Math.max(1, ...terms.map((t) => (t.dims ? t.dims[0] : 1)));
  const maxB = Math.max(1, ...terms.map((t) => (t.dims ? t.dims[1] : 1)));
  const pre: Prefix2d = { ps: new Float64Array((maxA + 1) * (maxB + 1)), pc: new Float64Array((maxA + 1) * (maxB + 1)) };
  const lossOf = () => {
    let s = 0;
    for (let k = 0; k < nVa; k++) s += rv[k] * rv[k];
    return nVa > 0 ? s / nVa : 0;
  };
  let bestLoss = lossOf();
  let refLoss = bestLoss;
  let sinceImprove = 0;
  let round = 0;
  while (round < cfg.maxRounds && T > 0) {
    const smooth = round < cfg.smoothingRounds ? rand : null;
    for (let t = 0; t < T; t++) {
      const term = terms[t];
      const nb = term.nBins;
      const bt = trBins[t];
      sums.fill(0, 0, nb);
      // Hot loop: no allocation, no closure.
      for (let k = 0; k < nTr; k++) sums[bt[k]] += r[k];
      if (term.dims) fitTree2d(sums, counts[t], term.dims[0], term.dims[1], cfg, pre, smooth, delta);
      else fitTree1d(sums, counts[t], nb, cfg, smooth, delta);
      const sc = scores[t];
      for (let b = 0; b < nb; b++) sc[b] += delta[b];
      for (let k = 0; k < nTr; k++) r[k] += delta[bt[k]];
      const bv = vaBins[t];
      for (let k = 0; k < nVa; k++) rv[k] += delta[bv[k]];
      await maybeYield(ctl);
    }
    round++;
    const loss = lossOf();
    if (loss < bestLoss) {
      bestLoss = loss;
      for (let t = 0; t < T; t++) best[t].set(scores[t]);
    }
    // Patience counts only after smoothing and only relative improvements beyond tolerance.
    if (loss < refLoss * (1 - cfg.earlyStoppingTolerance)) {
      refLoss = loss;
      sinceImprove = 0;
    } else if (round > cfg.smoothingRounds && ++sinceImprove >= cfg.earlyStoppingRounds) break;
    ctl.onProgress?.({ done: ctl.progressOffset + round, total: ctl.progressTotal, loss });
  }
  // No validation rows: keep the last tables.
  if (nVa === 0) for (let t = 0; t < T; t++) best[t].set(scores[t]);
  return { scores: best, rounds: round, bestLoss, rowSteps: nTr * T * round };
}
