/**
 * Autoformer settings: the network's size, the training schedule, and two presets (the
 * browser default and the paper's ETTh1 setting, see shared/MODELS.md §1).
 */

/** Network size. */
export interface AutoformerSize {
  dModel: number;
  /**
   * Heads of each AutoCorrelation. Kept for fidelity only: the reference picks delays from the
   * correlation averaged over heads and channels and weights every head alike, so the split
   * does not change the result (dModel must still divide by it).
   */
  heads: number;
  eLayers: number;
  dLayers: number;
  dFF: number;
  /** Moving-average kernel of every series decomposition (odd). */
  movingAvg: number;
  /** top-k = floor(factor · ln L) delays per AutoCorrelation. */
  factor: number;
  /** Decoder warm-up steps taken from the end of the input; 0 means half the lookback (48 of 96 in the reference). */
  labelLen: number;
  dropout: number;
  activation: 'gelu' | 'relu';
}

/** Training schedule (the reference's: Adam, lr halved each epoch, MSE, early stopping). */
export interface AutoformerSchedule {
  epochs: number;
  batchSize: number;
  learningRate: number;
  patience: number;
  /** Share of the series (the latest part) whose windows are held out for early stopping. */
  validation: number;
}

/** How the lag correlation is computed: 'fft' = tf.spectral (cpu/webgpu kernels), 'dft' = matMul by cos/sin bases; 'auto' = 'dft' (faster everywhere, see spectrum.ts). */
export type SpectralPath = 'auto' | 'fft' | 'dft';

export interface AutoformerOptions extends AutoformerSize, AutoformerSchedule {
  preset: 'browser' | 'paper';
  spectral: SpectralPath;
}

/**
 * The browser default, chosen by measurement on ETTh1 (M, seq_len 96, pred_len 96, bench:ltsf,
 * single-threaded WASM in Node, 2 cores; RESULTS in ltsf.ts): dModel 64 / dFF 128 scored test
 * MSE 0.459 and 0.413 on seeds 2021 and 7 (published 0.449 for 512/2048) with a training step
 * of 32 windows at ~0.39 s. 32/64 steps twice as fast (~0.20 s) but scored 0.446 and 0.472;
 * 128/256 takes ~1.0 s a step and the paper's 512/2048 ~14 s (and exhausts WASM memory at
 * batch 32). Dropout is off here (not measured; the paper preset keeps the reference's 0.05).
 */
export const BROWSER_SIZE: AutoformerSize = { dModel: 64, heads: 8, eLayers: 2, dLayers: 1, dFF: 128, movingAvg: 25, factor: 3, labelLen: 0, dropout: 0, activation: 'gelu' };

/** The paper's setting (run.py defaults + scripts/ETT_script/Autoformer_ETTh1.sh). */
export const PAPER_SIZE: AutoformerSize = { dModel: 512, heads: 8, eLayers: 2, dLayers: 1, dFF: 2048, movingAvg: 25, factor: 3, labelLen: 0, dropout: 0.05, activation: 'gelu' };

export const DEFAULT_SCHEDULE: AutoformerSchedule = { epochs: 10, batchSize: 32, learningRate: 1e-4, patience: 3, validation: 0.15 };

/** Options from a partial set: the preset's size first, then any explicit field. */
export function resolveOptions(o: Partial<AutoformerOptions> = {}): AutoformerOptions {
  const preset = o.preset === 'paper' ? 'paper' : 'browser';
  const size = preset === 'paper' ? PAPER_SIZE : BROWSER_SIZE;
  const out: AutoformerOptions = { ...size, ...DEFAULT_SCHEDULE, preset, spectral: 'auto' };
  for (const key of Object.keys(out) as (keyof AutoformerOptions)[]) {
    const v = o[key];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  }
  if (out.dModel % out.heads !== 0) throw new Error(`dModel ${out.dModel} must be a multiple of heads ${out.heads}.`);
  if (out.movingAvg % 2 !== 1) throw new Error(`movingAvg must be odd (got ${out.movingAvg}).`);
  return out;
}

/** The shape of one network: its size plus the window it was built for. */
export interface Architecture extends AutoformerSize {
  channels: number;
  lookback: number;
  horizon: number;
  /** Resolved label length (≥ 1). */
  labelLen: number;
}

/** Fixes the window of a size: labelLen 0 becomes half the lookback, and never exceeds it. */
export function architecture(size: AutoformerSize, channels: number, lookback: number, horizon: number): Architecture {
  const labelLen = Math.max(1, Math.min(lookback, size.labelLen > 0 ? size.labelLen : Math.floor(lookback / 2)));
  const { dModel, heads, eLayers, dLayers, dFF, movingAvg, factor, dropout, activation } = size;
  return { dModel, heads, eLayers, dLayers, dFF, movingAvg, factor, dropout, activation, labelLen, channels, lookback, horizon };
}

/** Number of delays aggregated over a length-L correlation: floor(factor · ln L), at least 1, at most L. */
export function topK(factor: number, length: number): number {
  return Math.min(length, Math.max(1, Math.floor(factor * Math.log(length))));
}
