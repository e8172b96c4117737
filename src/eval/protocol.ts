/**
 * The standard long-term forecasting (LTSF) protocol of Autoformer / Informer / DLinear /
 * PatchTST: fixed borders, train-only z-scoring, stride-1 windows and MSE/MAE on the z-scored
 * test windows, over the full test set and as published (batches of 32, last partial dropped).
 */
import { fitScaler, scale, type Scaler } from '../models/common/windows';

/** Half-open row ranges [border1, border2) of each split's rows (inputs included). */
export interface Borders {
  train: [number, number];
  val: [number, number];
  test: [number, number];
}

/** `Dataset_ETT_hour` / `Dataset_ETT_minute` borders (12/4/4 months of 30 days; ×4 for 15-min data). */
export function ettBorders(rows: number, seqLen: number, minute: boolean): Borders {
  const u = 30 * 24 * (minute ? 4 : 1);
  const b1 = [0, 12 * u - seqLen, 16 * u - seqLen];
  const b2 = [12 * u, 16 * u, 20 * u];
  if (rows < b2[2]) throw new Error(`ETT split needs ${b2[2]} rows, got ${rows}.`);
  return { train: [b1[0], b2[0]], val: [b1[1], b2[1]], test: [b1[2], b2[2]] };
}

/** `Dataset_Custom` borders: 70% train, 20% test (both truncated), the rest validation. */
export function ratioBorders(rows: number, seqLen: number): Borders {
  const numTrain = Math.trunc(rows * 0.7);
  const numTest = Math.trunc(rows * 0.2);
  const numVal = rows - numTrain - numTest;
  return { train: [0, numTrain], val: [numTrain - seqLen, numTrain + numVal], test: [rows - numTest - seqLen, rows] };
}

/** Per-channel StandardScaler fitted on the training rows only, applied to the whole series. */
export function zScoreChannels(cols: Float64Array[], trainEnd: number): { z: Float64Array[]; scalers: Scaler[] } {
  const scalers = cols.map((c) => fitScaler(c, trainEnd));
  return { z: cols.map((c, i) => scale(c, scalers[i])), scalers };
}

/** `__len__` of a split: len − seq_len − pred_len + 1 windows (0 when too short). */
export function windowCount(range: [number, number], seqLen: number, predLen: number): number {
  return Math.max(0, range[1] - range[0] - seqLen - predLen + 1);
}

/** Window k of a split starts at row range[0] + k: x = [s, s+seqLen), y = [s+seqLen, s+seqLen+predLen). */
export function windowStart(range: [number, number], k: number): number {
  return range[0] + k;
}

/**
 * The split's windows as a range [from, to) of first-target rows (t = s + seqLen), the form
 * `slidingWindows` takes.
 */
export function targetRange(range: [number, number], seqLen: number, predLen: number): [number, number] {
  return [range[0] + seqLen, range[0] + seqLen + windowCount(range, seqLen, predLen)];
}

/** Windows kept by a test loader with drop_last=True: whole batches only. */
export function publishedCount(windows: number, batchSize = 32): number {
  return Math.floor(windows / batchSize) * batchSize;
}

/** MSE and MAE over some windows. */
export interface Score {
  mse: number;
  mae: number;
}

/** Scores in both conventions. */
export interface ProtocolScore {
  /** Every test window. */
  full: Score;
  /** The first publishedCount(n) windows, as the 2021–2023 papers scored them. */
  published: Score;
  windows: number;
  publishedWindows: number;
}

/**
 * Scores from per-window sums of squared and absolute errors (`se[k]`, `ae[k]` summed over
 * the window's `perWindow` values: channels × horizon), windows in loader order.
 */
export function scoreWindows(se: Float64Array, ae: Float64Array, perWindow: number, batchSize = 32): ProtocolScore {
  const n = se.length;
  const kept = publishedCount(n, batchSize);
  const over = (count: number): Score => {
    let s = 0;
    let a = 0;
    for (let k = 0; k < count; k++) {
      s += se[k];
      a += ae[k];
    }
    const d = count * perWindow;
    return { mse: d ? s / d : NaN, mae: d ? a / d : NaN };
  };
  return { full: over(n), published: over(kept), windows: n, publishedWindows: kept };
}
