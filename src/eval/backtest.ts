/** Rolling-origin backtest cutoffs: where each fold trains, forecasts and (re)fits. Pure arithmetic. */

/** How to lay out backtest folds over a series of `n` values. */
export interface CutoffOptions {
  /** Series length. */
  n: number;
  /** Steps forecast per fold. */
  horizon: number;
  /** Folds wanted (fewer come back when the oldest would train on under `minTrain` values). */
  windows: number;
  /** Steps between consecutive cutoffs (default: the horizon, so folds do not overlap). */
  step?: number;
  /** Fewest training values a fold may have (default 1). */
  minTrain?: number;
  /** 'expanding' trains from the start; 'sliding' on the last `trainWindow` values (default expanding). */
  mode?: 'expanding' | 'sliding';
  /** Training length in sliding mode (default: `minTrain`). */
  trainWindow?: number;
  /** Refit every k folds, oldest first; the folds between reuse the last fit (default 1: refit every fold). */
  refitEvery?: number;
}

/** One backtest fold. */
export interface FoldCut {
  /** 0 = latest; fold k ends k·step steps earlier. */
  fold: number;
  /** Train on [trainStart, cutoff); forecast [cutoff, cutoff + horizon). */
  cutoff: number;
  trainStart: number;
  /** Cutoff of the fit this fold uses (= cutoff when it refits); its context still runs to `cutoff`. */
  fitCutoff: number;
  /** Training start of that fit. */
  fitStart: number;
}

/** Backtest folds, latest first; cutoff_k = n − horizon − k·step (= n − (k+1)·horizon when step = horizon). */
export function cutoffs(opts: CutoffOptions): FoldCut[] {
  const { n, horizon, windows } = opts;
  const step = opts.step ?? horizon;
  const minTrain = Math.max(1, opts.minTrain ?? 1);
  const sliding = opts.mode === 'sliding';
  const trainWindow = Math.max(minTrain, opts.trainWindow ?? minTrain);
  const refitEvery = Math.max(1, Math.floor(opts.refitEvery ?? 1));
  if (!(horizon >= 1 && step >= 1)) throw new RangeError('horizon and step must be at least 1');

  const cuts: number[] = [];
  for (let k = 0; k < windows; k++) {
    const cutoff = n - horizon - k * step;
    // Older folds only get shorter: stop at the first one without enough history.
    if (cutoff < minTrain) break;
    cuts.push(cutoff);
  }
  const start = (c: number) => (sliding ? Math.max(0, c - trainWindow) : 0);
  const m = cuts.length;
  const out: FoldCut[] = new Array(m);
  for (let k = 0; k < m; k++) {
    // Refits are counted from the oldest fold, so the oldest always fits and later ones reuse it.
    const j = m - 1 - k;
    const fitFold = m - 1 - (j - (j % refitEvery));
    const fitCutoff = cuts[fitFold];
    out[k] = { fold: k, cutoff: cuts[k], trainStart: start(cuts[k]), fitCutoff, fitStart: start(fitCutoff) };
  }
  return out;
}
