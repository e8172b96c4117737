import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinearForecaster } from './linear';
import type { TrainingData } from '../types';

function series(n: number, seed = 1): TrainingData {
  const y = new Float64Array(n);
  let s = seed;
  const noise = () => ((s = (s * 16807) % 2147483647) / 2147483647 - 0.5) * 0.2;
  for (let i = 0; i < n; i++) y[i] = 10 + 0.01 * i + Math.sin((2 * Math.PI * i) / 7) + noise();
  return { target: 'y', y, time: Float64Array.from(y, (_, i) => i), drivers: [], driverNames: [], period: 7 };
}

const data = series(600);
const train = { ...data, y: data.y.subarray(0, 586) };
const fitOpts = { seed: 7, lookback: 28, horizon: 14 };

async function fitted(variant: 'dlinear' | 'nlinear', engine: 'js' | 'tfjs') {
  const m = new LinearForecaster({ variant, epochs: 6, engine });
  await m.fit(train, fitOpts);
  return m;
}

describe('LinearForecaster', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const variant of ['dlinear', 'nlinear'] as const) {
    it(`${variant} learns a seasonal series, deterministically, and round-trips`, async () => {
      const m1 = await fitted(variant, 'js');
      const f1 = m1.predict(14, train).mean;
      expect([...(await fitted(variant, 'js')).predict(14, train).mean]).toEqual([...f1]);
      const actual = data.y.subarray(586);
      const mae = f1.reduce((a, v, i) => a + Math.abs(v - actual[i]), 0) / 14;
      const naive = actual.reduce((a, v) => a + Math.abs(v - train.y[585]), 0) / 14;
      expect(mae).toBeLessThan(naive * 0.6);
      const restored = LinearForecaster.fromState(structuredClone(m1.serialize()));
      expect([...restored.predict(14, train).mean]).toEqual([...f1]);
    });

    it(`${variant} trains the same model in tfjs (float32) as in plain TypeScript, without leaking tensors`, async () => {
      const before = tf.memory().numTensors;
      const viaTf = (await fitted(variant, 'tfjs')).predict(14, train).mean;
      expect(tf.memory().numTensors).toBe(before);
      const viaJs = (await fitted(variant, 'js')).predict(14, train).mean;
      for (let k = 0; k < 14; k++) expect(Math.abs(viaTf[k] - viaJs[k])).toBeLessThan(0.02);
    });
  }
});
