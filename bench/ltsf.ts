/**
 * The standard long-term forecasting benchmark (ETT / custom CSVs) for the linear models and
 * Autoformer: reads the CSV with our importer, splits and z-scores as Autoformer/DLinear do,
 * trains one channel-shared map per linear model (Adam or ridge) and scores every stride-1
 * test window, over the full test set and as published (batches of 32, last partial batch dropped).
 *
 *   npm run bench:ltsf -- --data PATH [--split ett|ratio] [--features M|S] [--target OT]
 *     [--models repeat,dlinear,nlinear,autoformer,ebm (ebm: --features S)] [--seq-len 336] [--pred-len 96] [--fit adam|ridge]
 *     [--lr 0.005 (linear) / 1e-4 (autoformer)] [--epochs 10] [--batch 32] [--patience 3] [--seed 2021] [--json PATH]
 *
 * Autoformer (tfjs, `--backend wasm|cpu`, default wasm, single-threaded) trains the reference's
 * multivariate setting under `--features M`: one network over all channels (enc_in = c_out = 7
 * on ETT), not channel-independent copies. Its size: `--af-preset browser|paper` and any of
 * `--d-model --heads --e-layers --d-layers --d-ff --factor --dropout --label-len`.
 *
 * The data file is read in place and never modified (the ETT files are CC BY-ND).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { importFile } from '../src/data/import';
import { ettBorders, ratioBorders, scoreWindows, targetRange, zScoreChannels, type ProtocolScore } from '../src/eval/protocol';
import { fitSharedAdam, fitSharedRidge, predictWindow, type SharedSpec } from '../src/models/linear/shared';

const { values: a } = parseArgs({
  options: {
    data: { type: 'string' },
    split: { type: 'string', default: 'ett' },
    features: { type: 'string', default: 'M' },
    target: { type: 'string', default: 'OT' },
    models: { type: 'string', default: 'repeat,dlinear,nlinear' },
    'seq-len': { type: 'string', default: '336' },
    'pred-len': { type: 'string', default: '96' },
    fit: { type: 'string', default: 'ridge' },
    lr: { type: 'string' },
    epochs: { type: 'string', default: '10' },
    batch: { type: 'string', default: '32' },
    patience: { type: 'string', default: '3' },
    kernel: { type: 'string', default: '25' },
    seed: { type: 'string', default: '2021' },
    json: { type: 'string' },
    backend: { type: 'string', default: 'wasm' },
    'af-preset': { type: 'string', default: 'browser' },
    'd-model': { type: 'string' },
    heads: { type: 'string' },
    'e-layers': { type: 'string' },
    'd-layers': { type: 'string' },
    'd-ff': { type: 'string' },
    factor: { type: 'string' },
    dropout: { type: 'string' },
    'label-len': { type: 'string' },
    /** EBM forecaster options as JSON, e.g. '{"horizonMode":"direct","calendar":false}'. */
    'ebm-options': { type: 'string' },
  },
});
if (!a.data) throw new Error('--data PATH is required');
const L = Number(a['seq-len']);
const H = Number(a['pred-len']);
const fitKind = a.fit === 'adam' ? 'adam' : 'ridge';

const { frame } = await importFile(new File([readFileSync(a.data)], basename(a.data)), {});
const rows = frame.time.length;
let cols = frame.cols;
if (a.features === 'S') {
  const i = frame.names.indexOf(a.target!);
  if (i < 0) throw new Error(`No column ${a.target} in ${frame.names.join(', ')}`);
  cols = [cols[i]];
}
// 15-minute ETT files use borders ×4; tell them apart by the time step.
const minute = rows > 1 && frame.time[1] - frame.time[0] < 3600_000;
const borders = a.split === 'ratio' ? ratioBorders(rows, L) : ettBorders(rows, L, minute);
const { z } = zScoreChannels(cols, borders.train[1]);
const trainR = targetRange(borders.train, L, H);
const valR = targetRange(borders.val, L, H);
const testR = targetRange(borders.test, L, H);

interface Row {
  model: string;
  fit: string;
  trainSeconds: number;
  score: ProtocolScore;
  lambda?: number;
  valMse?: number;
  /** Autoformer: size, backend and the epoch log. */
  autoformer?: { backend: string; params: number; arch: unknown; bestEpoch: number; epochs: unknown[] };
}

/** Autoformer's options from the flags (unset flags keep the preset's values). */
function autoformerOptions() {
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  return {
    preset: a['af-preset'] === 'paper' ? ('paper' as const) : ('browser' as const),
    dModel: num(a['d-model']),
    heads: num(a.heads),
    eLayers: num(a['e-layers']),
    dLayers: num(a['d-layers']),
    dFF: num(a['d-ff']),
    factor: num(a.factor),
    dropout: num(a.dropout),
    labelLen: num(a['label-len']),
    epochs: Number(a.epochs),
    batchSize: Number(a.batch),
    learningRate: Number(a.lr ?? '1e-4'),
    patience: Number(a.patience),
  };
}

/** Trains and scores Autoformer on all channels at once (the reference's multivariate setting). */
async function autoformerRow(): Promise<Row> {
  const { initBackend } = await import('../src/models/tfjs/runtime');
  const backend = await initBackend({ backend: a.backend === 'cpu' ? 'cpu' : 'wasm', threads: 1 });
  const { runLtsf } = await import('../src/models/autoformer/ltsf');
  const t0 = performance.now();
  const r = await runLtsf(z, frame.time, { train: trainR, val: valR, test: testR }, { lookback: L, horizon: H }, autoformerOptions(), {
    seed: Number(a.seed),
    onEpoch: (e) => console.error(`  autoformer epoch ${e.epoch} train mse ${e.trainLoss.toFixed(4)} val mse ${e.valLoss.toFixed(4)} (${e.seconds.toFixed(0)} s, ${((performance.now() - t0) / 1000).toFixed(0)} s total)`),
  });
  const { arch, params, report } = r;
  console.error(`  autoformer ${backend}: ${params} weights, d_model ${arch.dModel}, d_ff ${arch.dFF}, best epoch ${report.bestEpoch}`);
  return {
    model: 'autoformer',
    fit: 'adam',
    trainSeconds: r.trainSeconds,
    score: scoreWindows(r.se, r.ae, z.length * H),
    valMse: report.bestLoss,
    autoformer: { backend, params, arch, bestEpoch: report.bestEpoch, epochs: report.epochs },
  };
}

/** Scores a predictor over the test windows in loader order: window k's errors summed over channels × H. */
function evaluate(predict: (z: Float64Array, t: number, out: Float64Array) => void): ProtocolScore {
  const n = testR[1] - testR[0];
  const se = new Float64Array(n);
  const ae = new Float64Array(n);
  const out = new Float64Array(H);
  for (let k = 0; k < n; k++) {
    const t = testR[0] + k;
    for (const c of z) {
      predict(c, t, out);
      for (let h = 0; h < H; h++) {
        const e = out[h] - c[t + h];
        se[k] += e * e;
        ae[k] += Math.abs(e);
      }
    }
  }
  return scoreWindows(se, ae, z.length * H);
}

/**
 * The EBM forecaster (app defaults: target, calendar terms and horizon mode chosen on held-out
 * folds of the training data) on one channel (`--features S`): fitted on the train split, with the seasonal period the
 * app's check-up would find on the training rows, then each test window is forecast from the
 * history before it, as the other models are.
 */
async function ebmRow(): Promise<Row> {
  if (z.length !== 1) throw new Error('The EBM runs on one channel: use --features S (--target OT).');
  const { EbmForecaster } = await import('../src/models/ebm/forecaster');
  const { inferFrequency } = await import('../src/data/frequency');
  const { seasonality } = await import('../src/data/profile');
  const y = z[0];
  // The seasonal period as the app's check-up finds it, from the training rows only.
  const { period } = seasonality(y.subarray(0, borders.train[1]), inferFrequency(frame.time.subarray(0, borders.train[1])).frequency);
  const upTo = (end: number) => ({ target: a.target!, y: y.subarray(0, end), time: frame.time.subarray(0, end), drivers: [], driverNames: [], period });
  const model = new EbmForecaster(JSON.parse(a['ebm-options'] ?? '{}'));
  const t0 = performance.now();
  await model.fit(upTo(borders.train[1]), { seed: Number(a.seed), lookback: L, horizon: H });
  const trainSeconds = (performance.now() - t0) / 1000;
  console.error(`  ebm fitted in ${trainSeconds.toFixed(0)} s (seasonal period ${period}; ${JSON.stringify(model.setup)})`);
  return { model: 'ebm', fit: 'boost', trainSeconds, score: evaluate((_c, t, out) => out.set(model.predict(H, upTo(t)).mean)) };
}

const results: Row[] = [];
for (const model of a.models!.split(',')) {
  if (model === 'repeat') {
    results.push({ model, fit: '-', trainSeconds: 0, score: evaluate((c, t, out) => out.fill(c[t - 1])) });
    continue;
  }
  if (model === 'autoformer') {
    results.push(await autoformerRow());
    continue;
  }
  if (model === 'ebm') {
    results.push(await ebmRow());
    continue;
  }
  if (model !== 'dlinear' && model !== 'nlinear') throw new Error(`Unknown model ${model}`);
  const spec: SharedSpec = { variant: model, kernel: Number(a.kernel), lookback: L, horizon: H };
  const t0 = performance.now();
  let weights: ArrayLike<number>;
  let extra: Partial<Row> = {};
  if (fitKind === 'ridge') {
    const r = fitSharedRidge(spec, z, trainR, valR);
    weights = r.weights;
    extra = { lambda: r.lambda, valMse: r.loss };
  } else {
    const sched = { epochs: Number(a.epochs), learningRate: Number(a.lr ?? '0.005'), batchSize: Number(a.batch), patience: Number(a.patience) };
    weights = await fitSharedAdam(spec, z, trainR, valR, sched, {
      seed: Number(a.seed),
      lookback: L,
      horizon: H,
      onProgress: (p) => console.error(`  ${model} epoch ${p.done}/${p.total} val mse ${p.loss?.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`),
    });
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  const feat = new Float64Array(spec.variant === 'dlinear' ? 2 * L + 1 : L + 1);
  results.push({ model, fit: fitKind, trainSeconds, score: evaluate((c, t, out) => predictWindow(spec, weights, c, t, out, feat)), ...extra });
}

const f = (v: number) => v.toFixed(3);
console.log(`${basename(a.data)} ${a.features} split=${a.split}${minute ? ' (minute)' : ''} L=${L} H=${H} channels=${z.length} test windows=${testR[1] - testR[0]}`);
console.log('model    fit    full MSE/MAE   published MSE/MAE   train s   λ / val MSE');
for (const r of results) {
  const s = r.score;
  const lam = r.lambda !== undefined ? `${r.lambda.toExponential(2)} / ${r.valMse!.toFixed(4)}` : r.valMse !== undefined ? `- / ${r.valMse.toFixed(4)}` : '';
  console.log(`${r.model.padEnd(8)} ${r.fit.padEnd(6)} ${f(s.full.mse)} / ${f(s.full.mae)}   ${f(s.published.mse)} / ${f(s.published.mae)}       ${r.trainSeconds.toFixed(1).padStart(7)}   ${lam}`);
}
if (a.json) writeFileSync(a.json, JSON.stringify({ data: basename(a.data), features: a.features, split: a.split, seqLen: L, predLen: H, minute, borders, results }, null, 2));
