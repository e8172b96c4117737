/** The rows of a forecast's contribution waterfall: start, the biggest parts, the rest, the forecast. Pure. */
import type { StepExplanation } from '../models/types';

/** One bar: it moves the running total from `from` to `to`. */
export interface WaterfallRow {
  label: string;
  value: number;
  from: number;
  to: number;
  kind: 'start' | 'term' | 'rest' | 'total';
}

/**
 * Bars that sum exactly to the forecast: the origin value (for a model of changes), the
 * intercept, the `top` largest contributions by size, the remaining ones summed, then the total.
 */
export function waterfall(step: StepExplanation, top = 10): WaterfallRow[] {
  const rows: WaterfallRow[] = [];
  let run = 0;
  const push = (label: string, value: number, kind: WaterfallRow['kind']) => {
    rows.push({ label, value, from: run, to: run + value, kind });
    run += value;
  };
  if (step.base !== 0) push('last value', step.base, 'start');
  push('intercept', step.intercept, 'start');
  const order = Array.from(step.contributions.keys()).sort((a, b) => Math.abs(step.contributions[b]) - Math.abs(step.contributions[a]));
  for (const i of order.slice(0, top)) push(step.terms[i], step.contributions[i], 'term');
  const rest = order.slice(top);
  if (rest.length) push(`${rest.length} other terms`, rest.reduce((a, i) => a + step.contributions[i], 0), 'rest');
  rows.push({ label: 'forecast', value: run, from: 0, to: run, kind: 'total' });
  return rows;
}
