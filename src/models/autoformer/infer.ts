/** Forecasts for many windows in batches (validation and benchmarks), read back asynchronously. */
import * as tf from '@tensorflow/tfjs-core';
import { batchTensors, fillBatch, hostBatch, type SeriesSet, type WindowShape } from './batches';
import type { AutoformerNet, ParamTensors } from './model';
import type { Weights } from './params';
import { paramSpecs } from './params';

/** Plain weights as tensors (the caller disposes them, or creates them inside a tidy). */
export function weightTensors(net: AutoformerNet, w: Weights): ParamTensors {
  const out: ParamTensors = {};
  for (const { name, shape } of paramSpecs(net.arch)) out[name] = tf.tensor(w[name], shape);
  return out;
}

/**
 * Runs the network in inference mode over the windows at `origins` and hands each batch's
 * forecast to `onBatch` as a host array [horizon, B, C] (time-major) with the batch's first index.
 */
export async function forecastWindows(
  net: AutoformerNet,
  params: ParamTensors,
  set: SeriesSet,
  origins: Int32Array,
  batchSize: number,
  onBatch: (first: number, size: number, forecast: Float32Array, y: Float32Array) => void,
): Promise<void> {
  const a = net.arch;
  const shape: WindowShape = { lookback: a.lookback, labelLen: a.labelLen, horizon: a.horizon };
  const order = Int32Array.from(origins, (_, i) => i);
  let full = hostBatch(batchSize, shape, a.channels);
  for (let s = 0; s < origins.length; s += batchSize) {
    const size = Math.min(batchSize, origins.length - s);
    const host = size === full.size ? full : (full = hostBatch(size, shape, a.channels));
    fillBatch(set, shape, origins, order, s, host);
    const out = tf.tidy(() => net.forward(params, batchTensors(host, shape, a.channels).inputs, { training: false }));
    const values = (await out.data()) as Float32Array;
    out.dispose();
    onBatch(s, size, values, host.y);
  }
}

/** Mean squared error (z-scored) of the forecasts over the windows at `origins`. */
export async function windowsMse(net: AutoformerNet, params: ParamTensors, set: SeriesSet, origins: Int32Array, batchSize: number): Promise<number> {
  let se = 0;
  let count = 0;
  await forecastWindows(net, params, set, origins, batchSize, (_first, _size, f, y) => {
    for (let i = 0; i < f.length; i++) se += (f[i] - y[i]) ** 2;
    count += f.length;
  });
  return count ? se / count : NaN;
}
