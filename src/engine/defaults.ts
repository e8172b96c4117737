import type { FrequencyKind } from '../data/timeline';

/** A forecast horizon that suits the data's frequency (a fortnight of days, a year of months…). */
export function defaultHorizon(kind: FrequencyKind): number {
  const h: Partial<Record<FrequencyKind, number>> = { hourly: 24, daily: 14, 'business-daily': 10, weekly: 13, monthly: 12, quarterly: 4, yearly: 3 };
  return h[kind] ?? 12;
}

/** A lookback that sees at least two seasons and four horizons, within a third of the data. */
export function defaultLookback(horizon: number, period: number | null, rows: number): number {
  const want = Math.max(4 * horizon, 2 * (period ?? 0), 8);
  return Math.max(2, Math.min(want, Math.floor(rows / 3)));
}
