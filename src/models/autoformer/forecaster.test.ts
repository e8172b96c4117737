import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelEntry } from '../registry';
import { CancelledError, type FitProgress, type TrainingData } from '../types';
import { AutoformerForecaster } from './forecaster';
import type { AutoformerOptions } from './config';

const HOUR = 3600_000;

function sine(n: number): TrainingData {
  const y = Float64Array.from({ length: n }, (_, i) => 20 + 3 * Math.sin((2 * Math.PI * i) / 12));
  const time = Float64Array.from({ length: n }, (_, i) => Date.UTC(2021, 0, 1) + i * HOUR);
  return { target: 'y', y, time, drivers: [], driverNames: [], period: 12 };
}

const N = 160;
const data = sine(N);
const H = 12;
const train = { ...data, y: data.y.subarray(0, N - H), time: data.time.subarray(0, N - H) };
const fitOpts = { seed: 11, lookback: 24, horizon: H };
const tiny: Partial<AutoformerOptions> = { dModel: 16, heads: 2, dFF: 32, eLayers: 1, dLayers: 1, epochs: 4, learningRate: 3e-3, batchSize: 32, patience: 2 };

describe('AutoformerForecaster', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('made through the registry, learns a clean sine better than the mean forecast, holds no tensors after fit or dispose, and restores to identical forecasts', async () => {
    const entry = modelEntry('autoformer');
    expect(entry.usesTf()).toBe(true);
    expect(entry.cost(5000, 96, 24)).toBeGreaterThan(modelEntry('dlinear').cost(5000, 96, 24));
    const before = tf.memory().numTensors;
    const m = await entry.create(tiny);
    expect(m).toBeInstanceOf(AutoformerForecaster);
    const progress: FitProgress[] = [];
    await m.fit(train, { ...fitOpts, onProgress: (p) => progress.push(p) });
    expect(tf.memory().numTensors).toBe(before);
    expect(progress.length).toBeGreaterThan(4);
    expect(progress.at(-1)!.loss).toBeGreaterThan(0);
    expect((m as AutoformerForecaster).report!.bestEpoch).toBeGreaterThan(0);

    const f = (await m.predict(H + 2, train)).mean;
    expect(tf.memory().numTensors).toBe(before);
    expect(f.length).toBe(H + 2);
    expect(Number.isNaN(f[H])).toBe(true); // beyond the fitted horizon
    const actual = data.y.subarray(N - H);
    const mean = train.y.reduce((a, v) => a + v, 0) / train.y.length;
    const mse = actual.reduce((a, v, i) => a + (f[i] - v) ** 2, 0) / H;
    const mseMean = actual.reduce((a, v) => a + (mean - v) ** 2, 0) / H;
    expect(mse).toBeLessThan(mseMean * 0.5);

    const state = structuredClone(m.serialize());
    expect(state.kind).toBe('autoformer');
    const restored = await entry.restore(state);
    expect([...(await restored.predict(H, train)).mean]).toEqual([...f.subarray(0, H)]);
    m.dispose();
    restored.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('is deterministic for a seed, stops with CancelledError when aborted (freeing its tensors), and refuses too little data', async () => {
    const short = { ...tiny, epochs: 1 };
    const a = new AutoformerForecaster(short);
    const b = new AutoformerForecaster(short);
    await a.fit(train, fitOpts);
    await b.fit(train, fitOpts);
    expect(b.serialize().params.weights).toEqual(a.serialize().params.weights);

    const before = tf.memory().numTensors;
    const signal = { aborted: false };
    const c = new AutoformerForecaster(tiny);
    await expect(c.fit(train, { ...fitOpts, signal, onProgress: () => (signal.aborted = true) })).rejects.toBeInstanceOf(CancelledError);
    expect(tf.memory().numTensors).toBe(before);

    await expect(new AutoformerForecaster(tiny).fit(sine(40), fitOpts)).rejects.toThrow(/Too little data/);
  });
});
