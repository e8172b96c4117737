import { Drift, Naive, SeasonalNaive } from './baselines/baselines';
import type { Forecaster, ModelState } from './types';

/** How a model kind is made, restored and priced; neural kinds load their code (and tfjs) lazily. */
export interface ModelEntry {
  label: string;
  /** True when the model, with these options, trains with tfjs (the worker must start a backend first). */
  usesTf(options?: Record<string, unknown>): boolean;
  /** Relative training cost for `n` values, to order the queue longest-first. */
  cost(n: number, lookback: number, horizon: number): number;
  create(options?: Record<string, unknown>): Promise<Forecaster>;
  restore(state: ModelState): Promise<Forecaster>;
}

const linear = () => import('./linear/linear');
const ets = () => import('./ets/ets');
const ebm = () => import('./ebm/forecaster');
const autoformer = () => import('./autoformer/forecaster');

/** Every model the app offers, by kind. */
export const MODELS: Record<string, ModelEntry> = {
  naive: {
    label: 'Naive (last value)',
    usesTf: () => false,
    cost: () => 1,
    create: async () => new Naive(),
    restore: async () => new Naive(),
  },
  'seasonal-naive': {
    label: 'Seasonal naive',
    usesTf: () => false,
    cost: () => 1,
    create: async () => new SeasonalNaive(),
    restore: async (s) => new SeasonalNaive(Number(s.params.period)),
  },
  drift: {
    label: 'Drift',
    usesTf: () => false,
    cost: () => 1,
    create: async () => new Drift(),
    restore: async (s) => Drift.fromState(s),
  },
  ets: {
    label: 'ETS (Holt-Winters, as in Excel)',
    usesTf: () => false,
    cost: (n) => 5 + n / 200,
    create: async (o) => new (await ets()).Ets(o),
    restore: async (s) => (await ets()).Ets.fromState(s),
  },
  ebm: {
    label: 'EBM (explainable boosting)',
    usesTf: () => false,
    cost: (n, L, H) => 200 + (n * H * Math.min(L, 14)) / 50,
    create: async (o) => new (await ebm()).EbmForecaster(o),
    restore: async (s) => (await ebm()).EbmForecaster.fromState(s),
  },
  dlinear: {
    label: 'DLinear',
    usesTf: (o) => o?.engine === 'tfjs',
    cost: (n, L, H) => 50 + (n * L * H) / 1000,
    create: async (o) => new (await linear()).LinearForecaster({ ...o, variant: 'dlinear' }),
    restore: async (s) => (await linear()).LinearForecaster.fromState(s),
  },
  nlinear: {
    label: 'NLinear',
    usesTf: (o) => o?.engine === 'tfjs',
    cost: (n, L, H) => 40 + (n * L * H) / 1500,
    create: async (o) => new (await linear()).LinearForecaster({ ...o, variant: 'nlinear' }),
    restore: async (s) => (await linear()).LinearForecaster.fromState(s),
  },
  autoformer: {
    label: 'Autoformer (transformer)',
    usesTf: () => true,
    // Per window: encoder L + decoder L/2 + H steps through d_model-wide layers; far above the linear maps.
    cost: (n, L, H) => 2000 + (n * (1.5 * L + H)) / 4,
    create: async (o) => new (await autoformer()).AutoformerForecaster(o),
    restore: async (s) => (await autoformer()).AutoformerForecaster.fromState(s),
  },
};

/** The registry entry of a kind, or a clear error naming the kinds that exist. */
export function modelEntry(kind: string): ModelEntry {
  const entry = MODELS[kind];
  if (!entry) throw new Error(`Unknown model "${kind}" (known: ${Object.keys(MODELS).join(', ')})`);
  return entry;
}
