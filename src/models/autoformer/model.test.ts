import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradients } from '../tfjs/runtime';
import { architecture, BROWSER_SIZE, PAPER_SIZE, resolveOptions, topK } from './config';
import { weightTensors } from './infer';
import { AutoformerNet } from './model';
import { countParams, initWeights, paramSpecs } from './params';
import { MARKS } from './time-features';

const size = { ...BROWSER_SIZE, dModel: 8, heads: 2, dFF: 16 };

describe('Autoformer network', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await registerGradients();
  });

  // Decoder longer than the encoder (keys padded), shorter (keys cut), and an odd length (DFT path).
  for (const [C, L, H, B] of [[1, 24, 12, 3], [3, 48, 4, 2], [2, 15, 6, 1]] as const) {
    it(`maps [${L}, ${B}, ${C}] inputs to a [${H}, ${B}, ${C}] forecast, in training and inference, gradients for every weight`, async () => {
      const arch = architecture(size, C, L, H);
      const net = new AutoformerNet(arch);
      const Ld = arch.labelLen + H;
      const before = tf.memory().numTensors;
      const out = tf.tidy(() => {
        const p = weightTensors(net, initWeights(arch, 1));
        const inputs = { xEnc: tf.randomNormal([L, B, C], 0, 1, 'float32', 1), marksEnc: tf.zeros([L, B, MARKS]), marksDec: tf.zeros([Ld, B, MARKS]) };
        const names = Object.keys(p);
        const f = (...ts: tf.Tensor[]) => tf.sum(net.forward(Object.fromEntries(names.map((n, i) => [n, ts[i]])), inputs, { training: true }));
        const grads = tf.grads(f)(names.map((n) => p[n]));
        grads.forEach((g, i) => expect(g.shape).toEqual(p[names[i]].shape));
        return [net.forward(p, inputs, { training: false }), net.forward(p, inputs, { training: true })];
      });
      for (const o of out) expect(o.shape).toEqual([H, B, C]);
      expect((await Promise.all(out.map((o) => o.data()))).every((v) => v.every(Number.isFinite))).toBe(true);
      tf.dispose(out);
      net.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('sizes: the paper preset has the reference shape, labelLen defaults to half the lookback, top-k = floor(factor·ln L)', () => {
    const paper = resolveOptions({ preset: 'paper' });
    expect([paper.dModel, paper.heads, paper.eLayers, paper.dLayers, paper.dFF]).toEqual([512, 8, 2, 1, 2048]);
    expect(resolveOptions({ preset: 'paper', dModel: 64 }).dModel).toBe(64);
    expect(architecture(PAPER_SIZE, 7, 96, 96).labelLen).toBe(48);
    expect(topK(3, 96)).toBe(13);
    expect(topK(3, 144)).toBe(14);
    expect(() => resolveOptions({ dModel: 30, heads: 8 })).toThrow(/multiple/);
    // Same seed, same weights; every spec gets its values.
    const arch = architecture(size, 1, 24, 12);
    expect(initWeights(arch, 5)).toEqual(initWeights(arch, 5));
    expect(Object.keys(initWeights(arch, 5))).toEqual(paramSpecs(arch).map((s) => s.name));
    expect(countParams(architecture(PAPER_SIZE, 7, 96, 96))).toBeGreaterThan(10_000_000);
  });
});
