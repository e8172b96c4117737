import { Rng } from '../scripts/rng';

/**
 * The engine benchmark's fixed workload: `targets` daily series of `length` values with trend,
 * weekly and yearly seasonality and AR(1) noise, seeded so every run trains the same problem.
 */
export function workloadCsv(targets = 32, length = 2000, seed = 2024): string {
  const rng = new Rng(seed);
  const start = Date.UTC(2019, 0, 1);
  const cols: Float64Array[] = [];
  for (let k = 0; k < targets; k++) {
    const level = rng.uniform(50, 500);
    const trend = rng.uniform(-0.05, 0.15) * level * 0.01;
    const weekly = rng.uniform(0.02, 0.1) * level;
    const yearly = rng.uniform(0.05, 0.2) * level;
    const phase = rng.uniform(0, 2 * Math.PI);
    const col = new Float64Array(length);
    let ar = 0;
    for (let i = 0; i < length; i++) {
      ar = 0.7 * ar + rng.normal(0, 0.02 * level);
      col[i] = level + trend * i + weekly * Math.sin((2 * Math.PI * i) / 7 + phase) + yearly * Math.sin((2 * Math.PI * i) / 365.25 + phase) + ar;
    }
    cols.push(col);
  }
  const lines = [['date', ...cols.map((_, k) => `series_${String(k + 1).padStart(2, '0')}`)].join(',')];
  for (let i = 0; i < length; i++) {
    const date = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
    lines.push([date, ...cols.map((c) => c[i].toFixed(4))].join(','));
  }
  return lines.join('\n') + '\n';
}
