/**
 * EBM fit throughput on a fixed generated problem (20,000 rows × 40 features, seeded):
 *   npx tsx bench/ebm.ts [--bags 1,2,4] [--rounds 5000] [--rows 20000] [--json out.json]
 * Throughput is "row-steps/s": training rows × term steps (one histogram + one update per term
 * per round) summed over mains and pairs, per second of fit time. Test R² is on 5,000 fresh rows.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/models/common/rng';
import { Ebm } from '../src/models/ebm/ebm';

const { values: args } = parseArgs({
  options: {
    json: { type: 'string' },
    bags: { type: 'string', default: '1,2,4' },
    rounds: { type: 'string', default: '5000' },
    rows: { type: 'string', default: '20000' },
  },
});

const F = 40;
/** 10 informative features (mixed shapes), 2 interactions, 30 noise features, Gaussian-ish noise. */
function problem(n: number, seed: number) {
  const rand = mulberry32(seed);
  const cols = Array.from({ length: F }, () => new Float64Array(n));
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (const c of cols) c[i] = -3 + 6 * rand();
    const x = (j: number) => cols[j][i];
    const noise = (rand() + rand() + rand() + rand() - 2) * 0.7;
    y[i] = 3 * Math.sin(x(0)) + x(1) ** 2 / 2 + 0.5 * x(2) + Math.abs(x(3)) + (x(4) > 0 ? 1 : -1) + Math.exp(x(5) / 3) +
      Math.tanh(2 * x(6)) + 0.3 * x(7) ** 3 / 9 + Math.cos(2 * x(8)) + 0.2 * x(9) + x(10) * x(11) / 2 + (x(12) > 1 && x(13) > 1 ? 2 : 0) + noise;
  }
  return { cols, y };
}

const n = Number(args.rows);
const train = problem(n, 1);
const test = problem(5000, 2);
const rows: Record<string, number | string>[] = [];
for (const bags of args.bags!.split(',').map(Number)) {
  const ebm = new Ebm();
  const t0 = performance.now();
  await ebm.fit(train.cols, train.y, { seed: 42, outerBags: bags, maxRounds: Number(args.rounds) });
  const fitS = (performance.now() - t0) / 1000;
  const s = ebm.stats!;
  const p = ebm.predict(test.cols);
  const m = test.y.reduce((a, b) => a + b, 0) / test.y.length;
  let se = 0;
  let sv = 0;
  for (let i = 0; i < p.length; i++) {
    se += (p[i] - test.y[i]) ** 2;
    sv += (test.y[i] - m) ** 2;
  }
  rows.push({
    rows: n,
    features: F,
    bags,
    fitS: +fitS.toFixed(2),
    mainRounds: s.mainRounds.join('/'),
    pairRounds: s.pairRounds.join('/'),
    rowStepsPerS: Math.round(s.rowSteps / fitS),
    testRmse: +Math.sqrt(se / p.length).toFixed(4),
    testR2: +(1 - se / sv).toFixed(4),
    topPair: ebm.termNames()[F] ?? '-',
  });
}
console.table(rows);
if (args.json) writeFileSync(args.json, JSON.stringify(rows, null, 2));
