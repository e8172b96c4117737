/**
 * Real DFT along time (axis 0) in a stacked real layout: a length-L signal [L, N] maps to
 * [2F, N], F = floor(L/2)+1 — the real parts over the imaginary parts of numpy's rfft — and
 * back (irfft). Two interchangeable paths, both differentiable, tested to agree:
 *  - 'fft': tf.spectral.rfft/irfft (cpu, webgpu; even L only: tfjs' irfft has no length
 *    argument). tfjs has no FFT gradient, so the adjoints are written out with FFTs too.
 *  - 'dft': matMul by cos/sin bases, O(L²) per column; runs and trains everywhere (WASM has no
 *    FFT kernels) and is the faster one on every backend (see makeSpectrum). L ≤ 720 here, so
 *    the bases stay under 4 MB.
 */
import * as tf from '@tensorflow/tfjs-core';
import { customOp, TimeMatrix } from './ops';
import type { SpectralPath } from './config';

export interface Spectrum {
  readonly length: number;
  readonly bins: number;
  readonly path: 'fft' | 'dft';
  /** x [L, N] → [2F, N] (Re; Im). */
  forward(x: tf.Tensor2D): tf.Tensor2D;
  /** z [2F, N] (Re; Im) → [L, N]; the imaginary parts of bin 0 (and L/2) are ignored, as numpy does. */
  inverse(z: tf.Tensor2D): tf.Tensor2D;
  dispose(): void;
}

/** Bins of a length-L real DFT. */
export function binsOf(L: number): number {
  return Math.floor(L / 2) + 1;
}

/** How many times bin f counts in the inverse: once for 0 and L/2, twice otherwise (its conjugate). */
function multiplicity(f: number, L: number): number {
  return f === 0 || 2 * f === L ? 1 : 2;
}

/** cos and sin of 2π·f·t/L, with f·t reduced mod L first so large products keep their precision. */
function angle(f: number, t: number, L: number): [number, number] {
  const a = (2 * Math.PI * ((f * t) % L)) / L;
  return [Math.cos(a), Math.sin(a)];
}

/** The DFT as two constant matrices: forward D [2F, L] and inverse G [L, 2F]. */
export class DftSpectrum implements Spectrum {
  readonly path = 'dft' as const;
  readonly bins: number;
  readonly #fwd: TimeMatrix;
  readonly #inv: TimeMatrix;

  constructor(readonly length: number) {
    const L = length;
    const F = binsOf(L);
    this.bins = F;
    const d = new Float32Array(2 * F * L);
    const g = new Float32Array(L * 2 * F);
    for (let f = 0; f < F; f++) {
      const w = multiplicity(f, L) / L;
      for (let t = 0; t < L; t++) {
        const [c, s] = angle(f, t, L);
        d[f * L + t] = c;
        d[(F + f) * L + t] = -s;
        g[t * 2 * F + f] = w * c;
        g[t * 2 * F + F + f] = -w * s;
      }
    }
    this.#fwd = new TimeMatrix(d, 2 * F, L);
    this.#inv = new TimeMatrix(g, L, 2 * F);
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return this.#fwd.apply(x) as tf.Tensor2D;
  }

  inverse(z: tf.Tensor2D): tf.Tensor2D {
    return this.#inv.apply(z) as tf.Tensor2D;
  }

  dispose(): void {
    this.#fwd.dispose();
    this.#inv.dispose();
  }
}

/** tf.spectral over the last axis of [N, L], wrapped to the time-major stacked layout. */
export class FftSpectrum implements Spectrum {
  readonly path = 'fft' as const;
  readonly bins: number;
  /** 1/multiplicity and multiplicity/L per bin, for the adjoints. */
  readonly #invMult: tf.Tensor1D;
  readonly #multOverL: tf.Tensor1D;
  readonly #fwd: (x: tf.Tensor) => tf.Tensor;
  readonly #inv: (z: tf.Tensor) => tf.Tensor;

  constructor(readonly length: number) {
    const L = length;
    if (L % 2 !== 0 || L < 4) throw new Error(`The FFT path needs an even length ≥ 4 (got ${L}).`);
    const F = binsOf(L);
    this.bins = F;
    const mult = Float32Array.from({ length: F }, (_, f) => multiplicity(f, L));
    this.#invMult = tf.keep(tf.tensor1d(mult.map((m) => 1 / m)));
    this.#multOverL = tf.keep(tf.tensor1d(mult.map((m) => m / L)));
    const invMult = this.#invMult;
    const multOverL = this.#multOverL;
    // [L, N] → rfft of each column → [2F, N].
    const rfft = (x: tf.Tensor): tf.Tensor2D => {
      const c = tf.spectral.rfft(tf.transpose(x));
      return tf.transpose(tf.concat([tf.real(c), tf.imag(c)], 1)) as tf.Tensor2D;
    };
    // [2F, N] → irfft of each column → [L, N], each half first scaled by `scale` [F].
    const irfft = (z: tf.Tensor, scale: tf.Tensor1D | null): tf.Tensor2D => {
      const zt = tf.transpose(z);
      const n = zt.shape[0];
      let re: tf.Tensor = tf.slice(zt, [0, 0], [n, F]);
      let im: tf.Tensor = tf.slice(zt, [0, F], [n, F]);
      if (scale) {
        re = tf.mul(re, scale);
        im = tf.mul(im, scale);
      }
      return tf.transpose(tf.spectral.irfft(tf.complex(re, im))) as tf.Tensor2D;
    };
    // The adjoint of rfft is L·irfft of the spectrum divided by the bin multiplicities; the
    // adjoint of irfft is rfft scaled by multiplicity/L.
    this.#fwd = customOp(([x]) => ({ value: rfft(x), gradFunc: (dy) => [tf.mul(irfft(dy, invMult), L)] }));
    this.#inv = customOp(([z]) => ({
      value: irfft(z, null),
      gradFunc: (dy) => {
        const s = rfft(dy);
        const n = s.shape[1];
        const m = tf.reshape(multOverL, [F, 1]);
        return [tf.concat([tf.mul(tf.slice(s, [0, 0], [F, n]), m), tf.mul(tf.slice(s, [F, 0], [F, n]), m)], 0)];
      },
    }));
  }

  forward(x: tf.Tensor2D): tf.Tensor2D {
    return this.#fwd(x) as tf.Tensor2D;
  }

  inverse(z: tf.Tensor2D): tf.Tensor2D {
    return this.#inv(z) as tf.Tensor2D;
  }

  dispose(): void {
    tf.dispose([this.#invMult, this.#multOverL]);
  }
}

/** True when the active backend has every kernel tf.spectral.rfft/irfft need. */
export function backendHasFft(): boolean {
  const backend = tf.getBackend();
  return ['FFT', 'IFFT', 'Complex', 'Real', 'Imag'].every((k) => tf.getKernel(k, backend) !== undefined);
}

/**
 * The spectrum of a length-L signal on the path asked for. 'auto' takes the DFT matMul: in
 * tfjs 4.22 no backend has a fast FFT — cpu's kernel loops per row in JS (measured 8× slower
 * than the matMul for an AutoCorrelation at L=48..144) and webgpu's is itself an O(L²) DFT
 * shader over complex input — so 'fft' is an explicit choice, where the kernels exist.
 */
export function makeSpectrum(L: number, path: SpectralPath): Spectrum {
  if (path !== 'fft') return new DftSpectrum(L);
  if (L % 2 !== 0 || L < 4 || !backendHasFft()) throw new Error(`tf.spectral is not usable here (backend ${tf.getBackend()}, length ${L}).`);
  return new FftSpectrum(L);
}
