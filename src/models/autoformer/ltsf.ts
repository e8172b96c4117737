/**
 * Autoformer on the LTSF protocol (bench/ltsf.ts): one network over all the z-scored channels
 * at once (the reference's `--features M` setting: enc_in = c_out = channels; `S` is the
 * one-channel case), trained on the train split's windows, early-stopped on the validation
 * split's, scored on every test window in loader order.
 *
 * RESULTS — ETTh1, M, seq_len 96, label_len 48, pred_len 96; batch 32, Adam lr 1e-4 (type1),
 * patience 3, up to 10 epochs; tfjs WASM, one thread, Node 20 on 2 shared cores. MSE / MAE over
 * all 2785 test windows (the published drop-last convention gives the same to 3 decimals):
 *   d_model 64, d_ff 128 (default) seed 2021: 0.459 / 0.456, best epoch 2 of 5, 818 s training
 *                                  seed 7:    0.413 / 0.435, best epoch 7 of 10, 1553 s (loaded machine)
 *   d_model 32, d_ff 64            seed 2021: 0.446 / 0.452, best epoch 6 of 9, 613 s
 *                                  seed 7:    0.472 / 0.466, best epoch 10 of 10, 612 s
 *   published (512/2048, FEDformer's re-run): 0.449 / 0.459
 */
import type { FitOptions } from '../types';
import { windowOrigins, type SeriesSet } from './batches';
import { architecture, resolveOptions, type Architecture, type AutoformerOptions } from './config';
import { forecastWindows, weightTensors } from './infer';
import { AutoformerNet } from './model';
import { countParams, initWeights } from './params';
import { timeFeatures } from './time-features';
import { trainAutoformer, type EpochLog, type TrainReport } from './train';
import * as tf from '@tensorflow/tfjs-core';

/** Windows by their first target row t: [from, to), as `targetRange` gives them. */
export type TargetRange = [number, number];

export interface LtsfResult {
  arch: Architecture;
  params: number;
  report: TrainReport;
  trainSeconds: number;
  /** Per test window: squared and absolute errors summed over channels × horizon. */
  se: Float64Array;
  ae: Float64Array;
}

/** Trains and scores one Autoformer on z-scored channels with their time stamps (epoch ms). */
export async function runLtsf(
  z: Float64Array[],
  time: Float64Array,
  ranges: { train: TargetRange; val: TargetRange; test: TargetRange },
  window: { lookback: number; horizon: number },
  options: Partial<AutoformerOptions>,
  fit: Pick<FitOptions, 'seed' | 'onProgress'> & { onEpoch?: (e: EpochLog) => void },
): Promise<LtsfResult> {
  const o = resolveOptions(options);
  const arch = architecture(o, z.length, window.lookback, window.horizon);
  const set: SeriesSet = { channels: z, marks: timeFeatures(time) };
  const shape = { lookback: arch.lookback, labelLen: arch.labelLen, horizon: arch.horizon };
  const origins = (r: TargetRange) => windowOrigins(set, shape, r[0], r[1]);
  const test = origins(ranges.test);
  const net = new AutoformerNet(arch, o.spectral);
  try {
    const t0 = performance.now();
    const { weights, report } = await trainAutoformer(net, initWeights(arch, fit.seed), { set, train: origins(ranges.train), val: origins(ranges.val) }, o, fit);
    const trainSeconds = (performance.now() - t0) / 1000;
    const se = new Float64Array(test.length);
    const ae = new Float64Array(test.length);
    const params = weightTensors(net, weights);
    try {
      // Forecasts come back [H, B, C] (time-major): window `first + b` owns every (h, b, c).
      await forecastWindows(net, params, set, test, o.batchSize, (first, size, f, y) => {
        for (let i = 0; i < f.length; i++) {
          const k = first + (Math.floor(i / arch.channels) % size);
          const e = f[i] - y[i];
          se[k] += e * e;
          ae[k] += Math.abs(e);
        }
      });
    } finally {
      tf.dispose(Object.values(params));
    }
    return { arch, params: countParams(arch), report, trainSeconds, se, ae };
  } finally {
    net.dispose();
  }
}
