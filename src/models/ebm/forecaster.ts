import { buildFeatures, type FeatureMatrix, type FeatureSpec } from '../../data/features';
import { throwIfAborted, type Explanation, type FitOptions, type Forecast, type Forecaster, type GlobalExplanation, type ModelState, type StepExplanation, type TrainingData } from '../types';
import { Ebm, type EbmOptions, type EbmState } from './ebm';

/** What the EBM forecaster learns from, and how. */
export interface EbmForecastOptions {
  /** Target lags (capped by the lookback). */
  lags: number;
  /** Lags of each driver. */
  driverLags: number;
  rolling: number[];
  calendar: boolean;
  /** 'level' predicts y[t+h] from levels; 'difference' predicts y[t+h] − y[t] from past changes (prices). */
  transform: 'level' | 'difference';
  /** EBM settings for each horizon's model. */
  ebm: Partial<EbmOptions>;
}

/** Defaults sized for a browser worker: 14 lags, 3 driver lags, a week and a month of rolling stats. */
export const EBM_FORECAST_DEFAULTS: EbmForecastOptions = { lags: 14, driverLags: 3, rolling: [7, 28], calendar: true, transform: 'difference', ebm: { maxRounds: 2000, outerBags: 2 } };

/**
 * Direct multi-horizon EBM: one additive model per step h = 1..H on features built at the
 * forecast origin (target and driver lags, rolling stats, the target date's calendar), so each
 * forecast splits exactly into per-feature contributions.
 */
export class EbmForecaster implements Forecaster {
  readonly kind = 'ebm';
  readonly options: EbmForecastOptions;
  #models: Ebm[] = [];
  #spec: FeatureSpec | null = null;
  #stepMs: number | null = null;

  constructor(options: Partial<EbmForecastOptions> = {}) {
    this.options = { ...EBM_FORECAST_DEFAULTS, ...options, ebm: { ...EBM_FORECAST_DEFAULTS.ebm, ...options.ebm } };
  }

  async fit(data: TrainingData, opts: FitOptions): Promise<void> {
    const o = this.options;
    this.#spec = { lags: Math.max(1, Math.min(o.lags, opts.lookback)), driverLags: o.driverLags, rolling: o.rolling, calendar: o.calendar, mode: o.transform === 'difference' ? 'change' : 'level' };
    this.#stepMs = stepOf(data.time);
    const n = data.y.length;
    const first = this.#spec.lags; // 'change' features reach one step further back
    this.#models = [];
    for (let h = 1; h <= opts.horizon; h++) {
      throwIfAborted(opts.signal);
      const m = this.#features(data, h, first, n - h);
      const keep = rowsWithTarget(data.y, m, h, o.transform);
      const y = Float64Array.from(keep, (t) => target(data.y, t, h, o.transform));
      const cols = m.cols.map((c) => Float64Array.from(keep, (t) => c[t - first]));
      const model = new Ebm();
      await model.fit(cols, y, { ...o.ebm, names: m.names, seed: opts.seed + h, signal: opts.signal });
      this.#models.push(model);
      opts.onProgress?.({ done: h, total: opts.horizon });
    }
  }

  predict(h: number, context: TrainingData): Forecast {
    const mean = new Float64Array(h).fill(NaN);
    for (let k = 1; k <= Math.min(h, this.#models.length); k++) {
      const e = this.explainStep(k, context);
      mean[k - 1] = e.output + e.base;
    }
    return { mean };
  }

  /** The contributions behind step h's forecast from the end of `context`. */
  explainStep(h: number, context: TrainingData): StepExplanation {
    const model = this.#models[h - 1];
    if (!model) throw new Error(`No model for step ${h}`);
    const t = context.y.length - 1;
    const m = this.#features(context, h, t, t + 1);
    const contributions = model.contributions(m.cols, 0);
    const output = model.intercept + contributions.reduce((a, b) => a + b, 0);
    return { h, intercept: model.intercept, terms: model.termNames(), contributions, output, base: this.options.transform === 'difference' ? context.y[t] : 0 };
  }

  /** Global importances and shapes of step h's model (1-based). */
  globalExplanation(h = 1): GlobalExplanation {
    const model = this.#models[h - 1];
    const { mains, pairs } = model.shapes();
    return { h, terms: model.termNames(), importances: model.importances(), mains, pairs };
  }

  /** Every step's contributions from the end of `context`, and the shapes of the first, middle and last step's models. */
  explain(h: number, context: TrainingData): Explanation {
    const H = Math.min(h, this.#models.length);
    const steps = Array.from({ length: H }, (_, k) => this.explainStep(k + 1, context));
    const shown = [...new Set([1, Math.ceil(H / 2), H])].filter((k) => k >= 1);
    return { transform: this.options.transform, steps, global: shown.map((k) => this.globalExplanation(k)) };
  }

  serialize(): ModelState {
    return { kind: this.kind, version: 1, params: { options: this.options, spec: this.#spec, stepMs: this.#stepMs, models: this.#models.map((m) => m.toState()) } };
  }

  /** Restores a fitted forecaster from `serialize()` output. */
  static fromState(state: ModelState): EbmForecaster {
    const p = state.params as { options: EbmForecastOptions; spec: FeatureSpec; stepMs: number | null; models: EbmState[] };
    const f = new EbmForecaster(p.options);
    f.#spec = p.spec;
    f.#stepMs = p.stepMs;
    f.#models = p.models.map((s) => Ebm.fromState(s));
    return f;
  }

  dispose(): void {}

  #features(data: TrainingData, h: number, first: number, end: number): FeatureMatrix {
    const drivers = data.driverNames.map((name, i) => ({ name, values: data.drivers[i] }));
    return buildFeatures(data.target, data.y, drivers, data.time, this.#stepMs, this.#spec!, h, first, end);
  }
}

/** Origins whose target (and, for differences, origin value) is known. */
function rowsWithTarget(y: Float64Array, m: FeatureMatrix, h: number, transform: EbmForecastOptions['transform']): Int32Array {
  return m.origin.filter((t) => Number.isFinite(target(y, t, h, transform)));
}

function target(y: Float64Array, t: number, h: number, transform: EbmForecastOptions['transform']): number {
  return transform === 'difference' ? y[t + h] - y[t] : y[t + h];
}

/** The typical step in ms of a timestamp axis, or null for a row index (no calendar then). */
function stepOf(time: Float64Array): number | null {
  if (time.length < 2 || time[time.length - 1] < 1e11) return null; // row numbers, not epoch ms
  const diffs = Float64Array.from({ length: Math.min(time.length - 1, 1000) }, (_, i) => time[time.length - 1 - i] - time[time.length - 2 - i]).sort();
  return diffs[diffs.length >> 1];
}
