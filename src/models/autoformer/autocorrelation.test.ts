import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../tfjs/runtime';
import { aggregate, autoCorrelation, delayWeights, meanCorrelation } from './autocorrelation';
import { DftSpectrum, FftSpectrum, type Spectrum } from './spectrum';

const noise = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898 + seed * 78.233) * 0.5 + Math.cos(i * 0.31 + seed));

/** (1/d)·Σ_c Σ_t q[(t+τ) mod L, b, c]·k[t, b, c], the O(L²) way: [B][L]. */
function directCorrelation(q: Float32Array, k: Float32Array, L: number, B: number, d: number): number[][] {
  return Array.from({ length: B }, (_, b) =>
    Array.from({ length: L }, (_, tau) => {
      let s = 0;
      for (let c = 0; c < d; c++) for (let t = 0; t < L; t++) s += q[(((t + tau) % L) * B + b) * d + c] * k[(t * B + b) * d + c];
      return s / d;
    }),
  );
}

/** The reference's aggregation: Σ_i w_i·roll(V, −τ_i), lag by lag. */
function directAggregate(v: Float32Array, w: number[][], L: number, B: number, d: number): Float64Array {
  const out = new Float64Array(L * B * d);
  for (let b = 0; b < B; b++) for (let tau = 0; tau < L; tau++) {
    if (w[b][tau] === 0) continue;
    for (let t = 0; t < L; t++) for (let c = 0; c < d; c++) out[(t * B + b) * d + c] += w[b][tau] * v[(((t + tau) % L) * B + b) * d + c];
  }
  return out;
}

/** Softmax over each row's top-k of `scores` (rows of `pick` choose the lags), 0 elsewhere. */
function directWeights(scores: number[][], pick: number[][], k: number): number[][] {
  return scores.map((row, b) => {
    const lags = pick[b].map((v, i) => [v, i]).sort((x, y) => y[0] - x[0]).slice(0, k).map(([, i]) => i);
    const m = Math.max(...lags.map((i) => row[i]));
    const e = lags.map((i) => Math.exp(row[i] - m));
    const z = e.reduce((a, x) => a + x, 0);
    const out = new Array<number>(row.length).fill(0);
    lags.forEach((i, j) => (out[i] = e[j] / z));
    return out;
  });
}

async function read(t: tf.Tensor): Promise<Float32Array> {
  const v = (await t.data()) as Float32Array;
  t.dispose();
  return v;
}

function paths(L: number): Spectrum[] {
  return L % 2 === 0 ? [new DftSpectrum(L), new FftSpectrum(L)] : [new DftSpectrum(L)];
}

describe('AutoCorrelation', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await registerGradients();
  });

  it('the FFT and DFT spectra agree with a direct DFT, invert each other, and have the same gradients', async () => {
    const L = 24;
    const N = 3;
    const F = L / 2 + 1;
    const x = noise(L * N, 1);
    const z = noise(2 * F * N, 2);
    const r1 = noise(2 * F * N, 3);
    const r2 = noise(L * N, 4);
    const results: Float32Array[][] = [];
    for (const spec of paths(L)) {
      const outs = tf.tidy(() => {
        const xt = tf.tensor2d(x, [L, N]);
        const zt = tf.tensor2d(z, [2 * F, N]);
        const fwd = spec.forward(xt);
        const roundTrip = spec.inverse(fwd);
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.add(tf.sum(tf.mul(spec.forward(a as tf.Tensor2D), tf.tensor2d(r1, [2 * F, N]))), tf.sum(tf.mul(spec.inverse(b as tf.Tensor2D), tf.tensor2d(r2, [L, N]))));
        const [gx, gz] = tf.grads(loss)([xt, zt]);
        return [fwd, roundTrip, spec.inverse(zt), gx, gz];
      });
      results.push(await Promise.all(outs.map(read)));
      spec.dispose();
    }
    const [dft, fft] = results;
    // Direct DFT of column n: Re = Σ x cos, Im = −Σ x sin.
    for (let f = 0; f < F; f++) for (let n = 0; n < N; n++) {
      let re = 0;
      let im = 0;
      for (let t = 0; t < L; t++) {
        re += x[t * N + n] * Math.cos((2 * Math.PI * f * t) / L);
        im -= x[t * N + n] * Math.sin((2 * Math.PI * f * t) / L);
      }
      expect(dft[0][f * N + n]).toBeCloseTo(re, 3);
      expect(dft[0][(F + f) * N + n]).toBeCloseTo(im, 3);
    }
    dft[1].forEach((v, i) => expect(v).toBeCloseTo(x[i], 4));
    for (let j = 0; j < dft.length; j++) dft[j].forEach((v, i) => expect(fft[j][i]).toBeCloseTo(v, 3));
  });

  for (const L of [24, 15]) {
    it(`the channel-mean correlation matches the direct O(L²) sum (L=${L}, ${L % 2 ? 'DFT' : 'FFT and DFT'})`, async () => {
      const B = 2;
      const d = 4;
      const q = noise(L * B * d, 5);
      const k = noise(L * B * d, 6);
      const direct = directCorrelation(q, k, L, B, d);
      for (const spec of paths(L)) {
        const corr = await read(tf.tidy(() => meanCorrelation(tf.tensor3d(q, [L, B, d]), tf.tensor3d(k, [L, B, d]), spec)));
        for (let b = 0; b < B; b++) for (let tau = 0; tau < L; tau++) expect(corr[b * L + tau]).toBeCloseTo(direct[b][tau], 3);
        spec.dispose();
      }
    });
  }

  it('weights the top-k lags by a softmax: per sample in inference, shared by the batch in training', async () => {
    const B = 3;
    const L = 12;
    const scores = Array.from({ length: B }, (_, b) => Array.from(noise(L, 10 + b)));
    const t = tf.tensor2d(scores.flat(), [B, L]);
    const inf = await read(delayWeights(t, 3, false));
    const train = await read(delayWeights(t, 3, true));
    t.dispose();
    const mean = scores[0].map((_, i) => scores.reduce((a, r) => a + r[i], 0) / B);
    const wantInf = directWeights(scores, scores, 3).flat();
    const wantTrain = directWeights(scores, scores.map(() => mean), 3).flat();
    wantInf.forEach((v, i) => expect(inf[i]).toBeCloseTo(v, 5));
    wantTrain.forEach((v, i) => expect(train[i]).toBeCloseTo(v, 5));
  });

  for (const L of [24, 15]) {
    it(`aggregation equals the sum of rolled V, and the whole layer the reference algorithm, keys padded (L=${L})`, async () => {
      const B = 2;
      const d = 3;
      const S = L - 5;
      const q = noise(L * B * d, 7);
      const k = noise(S * B * d, 8);
      const v = noise(S * B * d, 9);
      const w = Array.from({ length: B }, (_, b) => Array.from(noise(L, 20 + b), (x, i) => (i % 4 === b ? Math.abs(x) : 0)));
      const pad = (a: Float32Array) => Float32Array.from({ length: L * B * d }, (_, i) => (i < a.length ? a[i] : 0));
      const corr = directCorrelation(q, pad(k), L, B, d);
      const mean = corr[0].map((_, i) => corr.reduce((a, r) => a + r[i], 0) / B);
      const topK = 4;
      for (const spec of paths(L)) {
        const agg = await read(tf.tidy(() => aggregate(tf.tensor3d(pad(v), [L, B, d]), tf.tensor2d(w.flat(), [B, L]), spec)));
        directAggregate(pad(v), w, L, B, d).forEach((x, i) => expect(agg[i]).toBeCloseTo(x, 3));
        for (const training of [false, true]) {
          const out = await read(tf.tidy(() => autoCorrelation(tf.tensor3d(q, [L, B, d]), tf.tensor3d(k, [S, B, d]), tf.tensor3d(v, [S, B, d]), spec, topK, training)));
          const weights = directWeights(corr, training ? corr.map(() => mean) : corr, topK);
          directAggregate(pad(v), weights, L, B, d).forEach((x, i) => expect(out[i]).toBeCloseTo(x, 3));
        }
        spec.dispose();
      }
    });
  }
});
