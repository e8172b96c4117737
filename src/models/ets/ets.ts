/**
 * Additive Holt–Winters as a state-space ETS model: ETS(A,N,N), (A,A,N), (A,Ad,N) and their
 * additive-season versions, smoothing parameters fitted by in-sample one-step MSE (Nelder–Mead),
 * the variant chosen by AICc.
 */
import { mulberry32 } from '../common/rng';
import { throwIfAborted, type FitOptions, type Forecast, type Forecaster, type ModelState, type TrainingData } from '../types';
import { nelderMead } from './nelder-mead';
import { filter, initialStates, project, type EtsInit, type EtsParams, type EtsShape } from './state';

/** Trend component of a variant. */
export type EtsTrend = 'none' | 'additive' | 'damped';

/** Which variants `fit` may choose from ('auto' = compare all by AICc). */
export interface EtsOptions {
  trend?: EtsTrend | 'auto';
  season?: 'none' | 'additive' | 'auto';
}

/** A fitted variant: its shape, parameters, initial states and score. */
export interface EtsFit {
  trend: EtsTrend;
  season: boolean;
  params: EtsParams;
  init: EtsInit;
  aicc: number;
  mse: number;
}

const sigmoid = (u: number) => 1 / (1 + Math.exp(-u));
const logit = (p: number) => Math.log(p / (1 - p));

/** Maps unbounded coordinates to admissible parameters: 0 < β ≤ α < 1, 0 ≤ γ ≤ 1 − α, 0.8 ≤ φ ≤ 0.98. */
function toParams(u: Float64Array, trend: EtsTrend, season: boolean): EtsParams {
  let i = 0;
  const alpha = 1e-4 + (1 - 2e-4) * sigmoid(u[i++]);
  const beta = trend !== 'none' ? alpha * sigmoid(u[i++]) : 0;
  const gamma = season ? (1 - alpha) * sigmoid(u[i++]) : 0;
  const phi = trend === 'damped' ? 0.8 + 0.18 * sigmoid(u[i]) : 1;
  return { alpha, beta, gamma, phi };
}

/** Fits one variant; the start is fixed plus a small seeded jitter, so the same seed gives the same model. */
export function fitVariant(y: Float64Array, m: number, trend: EtsTrend, season: boolean, seed: number): EtsFit {
  const shape: EtsShape = { trend: trend !== 'none', season };
  const init = initialStates(y, m, shape);
  const start = [logit(0.3)];
  if (trend !== 'none') start.push(logit(0.1));
  if (season) start.push(logit(0.1));
  if (trend === 'damped') start.push(logit(0.15 / 0.18));
  const rand = mulberry32(seed);
  const x0 = Float64Array.from(start, (v) => v + (rand() - 0.5) * 0.1);
  const objective = (u: Float64Array) => {
    const r = filter(y, toParams(u, trend, season), init, shape);
    return r.count ? r.sse / r.count : Infinity;
  };
  const { x, fx } = nelderMead(objective, x0, { step: 1, maxEvals: 400 * x0.length });
  const params = toParams(x, trend, season);
  const count = filter(y, params, init, shape).count;
  // Parameters: smoothing ones, the initial states and the noise variance.
  const k = x0.length + 1 + (shape.trend ? 1 : 0) + (season ? m - 1 : 0) + 1;
  const aicc = fx > 0 && count - k - 1 > 0 ? count * Math.log(fx) + 2 * k + (2 * k * (k + 1)) / (count - k - 1) : fx === 0 ? -Infinity : Infinity;
  return { trend, season, params, init, aicc, mse: fx };
}

/** Additive ETS / Holt–Winters forecaster. */
export class Ets implements Forecaster {
  readonly kind = 'ets';
  #options: Required<EtsOptions>;
  #fit: EtsFit | null = null;
  #period = 1;

  constructor(options: EtsOptions = {}) {
    this.#options = { trend: options.trend ?? 'auto', season: options.season ?? 'auto' };
  }

  /** The chosen variant after `fit` (null before). */
  get fitted(): EtsFit | null {
    return this.#fit;
  }

  async fit(data: TrainingData, opts: FitOptions): Promise<void> {
    const y = data.y;
    let finite = 0;
    for (let i = 0; i < y.length; i++) if (Number.isFinite(y[i])) finite++;
    const p = data.period ?? 0;
    // A season needs two whole cycles to estimate its initial indices.
    const seasonOk = p >= 2 && finite >= 2 * p && y.length >= 2 * p;
    const seasons = this.#options.season === 'auto' ? (seasonOk ? [false, true] : [false]) : [this.#options.season === 'additive' && seasonOk];
    const trends: EtsTrend[] = this.#options.trend === 'auto' ? (finite >= 4 ? ['none', 'additive', 'damped'] : ['none']) : [this.#options.trend];
    this.#period = seasons.includes(true) ? p : 1;
    const total = seasons.length * trends.length;
    let best: EtsFit | null = null;
    let done = 0;
    for (const season of seasons) {
      for (const trend of trends) {
        throwIfAborted(opts.signal);
        const f = fitVariant(y, this.#period, trend, season, opts.seed + done);
        if (!best || f.aicc < best.aicc || (!Number.isFinite(best.aicc) && f.mse < best.mse)) best = f;
        opts.onProgress?.({ done: ++done, total, loss: f.mse });
      }
    }
    this.#fit = best;
  }

  predict(h: number, context: TrainingData): Forecast {
    const f = this.#fit;
    if (!f) throw new Error('ETS: predict before fit');
    const shape: EtsShape = { trend: f.trend !== 'none', season: f.season };
    // Re-running the filter from the stored initial states lets a longer context update the states.
    const run = filter(context.y, f.params, f.init, shape);
    return { mean: project(run, context.y.length, h, f.params.phi, shape) };
  }

  serialize(): ModelState {
    const f = this.#fit;
    return {
      kind: this.kind,
      version: 1,
      params: f
        ? { period: this.#period, trend: f.trend, season: f.season, ...f.params, level: f.init.level, slope: f.init.trend, seasonInit: f.init.season.slice(), aicc: f.aicc, mse: f.mse }
        : { period: this.#period },
    };
  }

  /** Restores a fitted ETS model from `serialize()`. */
  static fromState(state: ModelState): Ets {
    const s = state.params;
    const m = new Ets();
    m.#period = Number(s.period ?? 1);
    if (s.trend !== undefined) {
      m.#fit = {
        trend: s.trend as EtsTrend,
        season: Boolean(s.season),
        params: { alpha: Number(s.alpha), beta: Number(s.beta), gamma: Number(s.gamma), phi: Number(s.phi) },
        init: { level: Number(s.level), trend: Number(s.slope), season: Float64Array.from(s.seasonInit as ArrayLike<number>) },
        aicc: Number(s.aicc),
        mse: Number(s.mse),
      };
    }
    return m;
  }

  dispose(): void {}
}
