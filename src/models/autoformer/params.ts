/**
 * The network's parameters as named plain arrays, initialised from a seed the way PyTorch
 * initialises the reference's layers (Linear/Conv1d: U(±1/√fan_in); TokenEmbedding: Kaiming
 * normal for leaky_relu; LayerNorm: γ = 1, β = 0).
 */
import { mulberry32 } from '../common/rng';
import type { Architecture } from './config';
import { MARKS } from './time-features';

/** Parameter name → values (row-major). */
export type Weights = Record<string, Float32Array>;

type Init = { kind: 'uniform'; bound: number } | { kind: 'normal'; std: number } | { kind: 'const'; value: number };

interface ParamSpec {
  name: string;
  shape: number[];
  init: Init;
}

const uniform = (fanIn: number): Init => ({ kind: 'uniform', bound: 1 / Math.sqrt(fanIn) });

/** Every parameter of the architecture, in a fixed order (the order the seed is consumed in). */
export function paramSpecs(a: Architecture): ParamSpec[] {
  const { dModel: d, dFF: f, channels: c } = a;
  const specs: ParamSpec[] = [];
  const add = (name: string, shape: number[], init: Init) => specs.push({ name, shape, init });
  // Token conv (k=3, rows tap-major: tap j, channel i at j·c + i) stacked over the timeF linear.
  const embedding = (name: string) => {
    add(`${name}.token`, [3 * c, d], { kind: 'normal', std: Math.sqrt(2 / (1 + 0.01 ** 2)) / Math.sqrt(3 * c) });
    add(`${name}.time`, [MARKS, d], uniform(MARKS));
  };
  const attention = (name: string) => {
    for (const p of ['q', 'k', 'v', 'o']) {
      add(`${name}.${p}.w`, [d, d], uniform(d));
      add(`${name}.${p}.b`, [d], uniform(d));
    }
  };
  const ffn = (name: string) => {
    add(`${name}.ff1`, [d, f], uniform(d));
    add(`${name}.ff2`, [f, d], uniform(f));
  };
  const norm = (name: string) => {
    add(`${name}.g`, [d], { kind: 'const', value: 1 });
    add(`${name}.b`, [d], { kind: 'const', value: 0 });
  };
  embedding('encEmb');
  embedding('decEmb');
  for (let i = 0; i < a.eLayers; i++) {
    attention(`enc${i}.attn`);
    ffn(`enc${i}`);
  }
  norm('encNorm');
  for (let i = 0; i < a.dLayers; i++) {
    attention(`dec${i}.self`);
    attention(`dec${i}.cross`);
    ffn(`dec${i}`);
    // Trend projection conv d → c, k=3, no bias; columns tap-major (tap j, channel i at j·c + i).
    add(`dec${i}.trend`, [d, 3 * c], uniform(3 * d));
  }
  norm('decNorm');
  add('proj.w', [d, c], uniform(d));
  add('proj.b', [c], uniform(d));
  return specs;
}

/** Fresh weights for the architecture; the same seed gives the same weights. */
export function initWeights(a: Architecture, seed: number): Weights {
  const rand = mulberry32(seed);
  const gauss = () => {
    // Box–Muller; 1 − u keeps the log finite.
    const u = 1 - rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  };
  const out: Weights = {};
  for (const { name, shape, init } of paramSpecs(a)) {
    const v = new Float32Array(shape.reduce((p, s) => p * s, 1));
    for (let i = 0; i < v.length; i++) {
      v[i] = init.kind === 'uniform' ? (rand() * 2 - 1) * init.bound : init.kind === 'normal' ? gauss() * init.std : init.value;
    }
    out[name] = v;
  }
  return out;
}

/** Total number of values (for size reports). */
export function countParams(a: Architecture): number {
  return paramSpecs(a).reduce((s, p) => s + p.shape.reduce((x, y) => x * y, 1), 0);
}
