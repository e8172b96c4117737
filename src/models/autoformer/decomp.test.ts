import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { movingAverage } from '../common/decompose';
import { decompMatrix, decompose } from './decomp';

describe('Autoformer series_decomp', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('matches a direct edge-replicated moving average on every column of [L, B, d], and leaves nothing behind', async () => {
    for (const [L, k] of [[96, 25], [10, 25], [7, 3]] as const) {
      const B = 2;
      const d = 3;
      const values = Float32Array.from({ length: L * B * d }, (_, i) => Math.sin(i * 0.37) * 2 + (i % 11) * 0.1);
      const before = tf.memory().numTensors;
      const avg = decompMatrix(L, k);
      const parts = tf.tidy(() => {
        const { seasonal, trend } = decompose(tf.tensor3d(values, [L, B, d]), avg);
        return [seasonal, trend];
      });
      const [seasonal, trend] = await Promise.all(parts.map((t) => t.data()));
      tf.dispose(parts);
      avg.dispose();
      expect(tf.memory().numTensors).toBe(before);
      const col = new Float64Array(L);
      const direct = new Float64Array(L);
      for (let b = 0; b < B; b++) {
        for (let c = 0; c < d; c++) {
          for (let t = 0; t < L; t++) col[t] = values[(t * B + b) * d + c];
          movingAverage(col, 0, L, k, direct);
          for (let t = 0; t < L; t++) {
            const i = (t * B + b) * d + c;
            expect(trend[i]).toBeCloseTo(direct[t], 5);
            expect(seasonal[i] + trend[i]).toBeCloseTo(values[i], 5);
          }
        }
      }
    }
  });
});
