/**
 * Explainable Boosting Machine regressor (interpretml's EBM, RMSE objective): an additive model
 * ŷ = intercept + Σ main shape functions f_j(x_j) + Σ pair functions f_ab(x_a, x_b), each a lookup
 * table over bins, learnt by cyclic boosting of shallow trees with early stopping, bagged.
 * Columns are Float64Array (NaN = missing), so a forecaster can pass lag/driver features directly.
 */
import { Mulberry32, seedOf, shuffle } from '../common/rng';
import type { FitProgress } from '../types';
import { binColumn, binCounts, binFeature, binValue, type Binned, type BinIndex } from './bins';
import { boost, type BoostConfig, type BoostControl, type Term } from './boost';
import { pairTerm, rankPairs } from './interactions';

/** Settings of one EBM fit. */
export interface EbmOptions extends BoostConfig {
  maxBins: number;
  interactionSmoothingRounds: number;
  /** Number of pair terms kept after FAST ranking (0 = mains only). */
  interactions: number;
  maxInteractionBins: number;
  outerBags: number;
  validationSize: number;
  /**
   * 'random' (interpretml): each bag validates on its own random rows. 'tail': every bag
   * validates on the last rows, after a purge gap, and trains on its own random 85 % of the
   * rows before: for time series, where neighbouring rows share most of their information and
   * a random split would stop the boosting too late.
   */
  validationOrder: 'random' | 'tail';
  /** Rows dropped between training and a 'tail' validation (the forecast horizon: targets overlap). */
  gap: number;
  seed: number;
  /** Feature names (default x0, x1, …). */
  names?: string[];
  signal?: { readonly aborted: boolean };
  onProgress?: (p: FitProgress) => void;
}

/**
 * interpretml 0.7.8 regressor defaults, except: smoothingRounds 200 (v0.6 value; 500 costs 2.5×
 * the smoothing work, and with maxRounds 5000 the brief asked for 200), interactions 10 (fixed
 * count as in v0.4, not "5x"), maxRounds 5000, outerBags 2 (not 14: time is linear in bags;
 * bench/ebm.ts, 20k × 40, test RMSE 1 bag 0.5432, 2 bags 0.5288, 4 bags 0.5276).
 * earlyStoppingRounds counts full cycles over the terms, as interpretml's buffer of 100 × terms steps.
 */
export const EBM_DEFAULTS: Omit<EbmOptions, 'seed' | 'names' | 'signal' | 'onProgress'> = {
  maxBins: 1024,
  learningRate: 0.04,
  maxLeaves: 2,
  minSamplesLeaf: 4,
  smoothingRounds: 200,
  interactionSmoothingRounds: 100,
  interactions: 10,
  maxInteractionBins: 64,
  outerBags: 2,
  validationSize: 0.15,
  validationOrder: 'random',
  gap: 0,
  earlyStoppingRounds: 100,
  earlyStoppingTolerance: 1e-5,
  maxRounds: 5000,
};

/** A fitted EBM as plain data (typed arrays allowed): cuts per feature, centred score tables, intercept. */
export interface EbmState {
  names: string[];
  cuts: Float64Array[];
  /** Cuts at interaction resolution, per feature (empty when the feature is in no pair). */
  interCuts: Float64Array[];
  mains: { scores: Float64Array; counts: Float64Array }[];
  pairs: { a: number; b: number; scores: Float64Array; counts: Float64Array }[];
  intercept: number;
}

/** The shape function of one main term: score per bin (bin 0 = missing) and training counts. */
export interface MainShape {
  name: string;
  cuts: Float64Array;
  scores: Float64Array;
  counts: Float64Array;
}

/** The shape function of one pair: scores row-major over (bins of A) × (bins of B). */
export interface PairShape {
  names: [string, string];
  cutsA: Float64Array;
  cutsB: Float64Array;
  scores: Float64Array;
  counts: Float64Array;
}

/** Run statistics of the last fit (for benches and diagnostics). */
export interface EbmFitStats {
  mainRounds: number[];
  pairRounds: number[];
  rowSteps: number;
  /** FAST ranking of the pairs kept. */
  pairStrengths: number[];
}

/** interpretml's split: nVal random rows validate, the rest train. */
function randomSplit(n: number, nVal: number, rand: Mulberry32): { train: Int32Array; val: Int32Array } {
  const idx = shuffle(Int32Array.from({ length: n }, (_, i) => i), rand);
  return { val: idx.slice(0, nVal).sort(), train: idx.slice(nVal).sort() };
}

/** The last nVal rows validate; a random 85 % of the rows before the gap train (bags differ there). */
function tailSplit(n: number, nVal: number, gap: number, rand: Mulberry32): { train: Int32Array; val: Int32Array } {
  const end = Math.max(1, n - nVal - gap);
  const before = shuffle(Int32Array.from({ length: end }, (_, i) => i), rand);
  const keep = Math.max(1, Math.round(end * 0.85));
  return { val: Int32Array.from({ length: nVal }, (_, i) => n - nVal + i), train: before.slice(0, keep).sort() };
}

/** Centres a table to bin-count-weighted mean 0 and returns the mean removed. */
function centre(scores: Float64Array, counts: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let b = 0; b < scores.length; b++) {
    s += counts[b] * scores[b];
    n += counts[b];
  }
  const m = n > 0 ? s / n : 0;
  for (let b = 0; b < scores.length; b++) scores[b] -= m;
  return m;
}

/** Adds every term's score at each row to `out`. */
function addTerms(out: Float64Array, terms: { bins: BinIndex }[], tables: Float64Array[]): void {
  for (let t = 0; t < terms.length; t++) {
    const bins = terms[t].bins;
    const sc = tables[t];
    for (let i = 0; i < out.length; i++) out[i] += sc[bins[i]];
  }
}

/** An EBM regressor on feature columns: fit, predict, explain, serialize. */
export class Ebm {
  #s: EbmState | null = null;
  /** Statistics of the last fit. */
  stats: EbmFitStats | null = null;

  /** Learns from the columns `cols` (each of length n, NaN = missing) and finite targets `y`. */
  async fit(cols: Float64Array[], y: Float64Array, options: Partial<EbmOptions> = {}): Promise<void> {
    const o: EbmOptions = { ...EBM_DEFAULTS, seed: 42, ...options };
    const n = y.length;
    const F = cols.length;
    const names = o.names ?? cols.map((_, j) => `x${j}`);
    const feats = cols.map((c) => binFeature(c, o.maxBins));
    const mainTerms: Term[] = feats.map((f) => ({ bins: f.bins, nBins: f.nBins }));
    const mainCounts = feats.map((f) => binCounts(f.bins, f.nBins));
    const stages = o.interactions > 0 && F > 1 ? 2 : 1;
    const ctl: BoostControl = { signal: o.signal, onProgress: o.onProgress, progressOffset: 0, progressTotal: o.outerBags * o.maxRounds * stages, lastYield: performance.now() };
    const stats: EbmFitStats = { mainRounds: [], pairRounds: [], rowSteps: 0, pairStrengths: [] };
    const nVal = Math.min(n - 1, Math.round(n * o.validationSize));

    // Stage 0: each bag draws its own split and boosts the mains from mean(y) over its rows.
    const bags = [];
    for (let g = 0; g < o.outerBags; g++) {
      const rng = new Mulberry32(seedOf(o.seed, 'ebm-bag', g));
      const rand = () => rng.next();
      const { train, val } = o.validationOrder === 'tail' ? tailSplit(n, nVal, o.gap, rng) : randomSplit(n, nVal, rng);
      let m = 0;
      for (let k = 0; k < train.length; k++) m += y[train[k]];
      m /= Math.max(1, train.length);
      ctl.progressOffset = g * o.maxRounds;
      const res = await boost(mainTerms, y, new Float64Array(n).fill(m), train, val, o, rand, ctl);
      stats.mainRounds.push(res.rounds);
      stats.rowSteps += res.rowSteps;
      bags.push({ rand, train, val, intercept: m, mains: res.scores });
    }
    const avg = (tables: Float64Array[][], counts: Float64Array[], intercepts: number[]) =>
      counts.map((c, t) => {
        const out = new Float64Array(c.length);
        tables.forEach((bt, g) => {
          const sc = Float64Array.from(bt[t]);
          intercepts[g] += centre(sc, c);
          for (let b = 0; b < sc.length; b++) out[b] += sc[b] / tables.length;
        });
        return out;
      });
    const intercepts = bags.map((b) => b.intercept);
    const mains = avg(bags.map((b) => b.mains), mainCounts, intercepts);

    // Stage 1: FAST on the residuals of the bagged mains, then boost the top pairs per bag.
    const interCuts: Float64Array[] = cols.map(() => new Float64Array(0));
    const pairs: EbmState['pairs'] = [];
    if (stages === 2) {
      const pred = new Float64Array(n).fill(intercepts.reduce((a, b) => a + b, 0) / intercepts.length);
      addTerms(pred, mainTerms, mains);
      const res = new Float64Array(n);
      for (let i = 0; i < n; i++) res[i] = y[i] - pred[i];
      const iFeats: Binned[] = cols.map((c) => binFeature(c, Math.min(256, o.maxInteractionBins)));
      const ranked = (await rankPairs(iFeats, res, o.minSamplesLeaf, ctl)).filter((p) => p.strength > 0).slice(0, o.interactions);
      stats.pairStrengths = ranked.map((p) => p.strength);
      const pTerms = ranked.map((p) => pairTerm(iFeats[p.a], iFeats[p.b]));
      const pCounts = pTerms.map((t) => binCounts(t.bins, t.nBins));
      const cfg = { ...o, smoothingRounds: o.interactionSmoothingRounds };
      const pairTables: Float64Array[][] = [];
      for (let g = 0; g < bags.length; g++) {
        const bag = bags[g];
        const init = new Float64Array(n).fill(bag.intercept);
        addTerms(init, mainTerms, bag.mains);
        ctl.progressOffset = (o.outerBags + g) * o.maxRounds;
        const r = await boost(pTerms, y, init, bag.train, bag.val, cfg, bag.rand, ctl);
        stats.pairRounds.push(r.rounds);
        stats.rowSteps += r.rowSteps;
        pairTables.push(r.scores);
      }
      avg(pairTables, pCounts, intercepts).forEach((scores, t) => pairs.push({ a: ranked[t].a, b: ranked[t].b, scores, counts: pCounts[t] }));
      for (const p of ranked) {
        interCuts[p.a] = iFeats[p.a].cuts;
        interCuts[p.b] = iFeats[p.b].cuts;
      }
    }
    const state: EbmState = { names, cuts: feats.map((f) => f.cuts), interCuts, mains: mains.map((scores, t) => ({ scores, counts: mainCounts[t] })), pairs, intercept: intercepts.reduce((a, b) => a + b, 0) / intercepts.length };
    // RMSE correction: the training residuals average to zero.
    this.#s = state;
    const pred = this.predict(cols);
    let d = 0;
    for (let i = 0; i < n; i++) d += y[i] - pred[i];
    state.intercept += n > 0 ? d / n : 0;
    this.stats = stats;
  }

  #state(): EbmState {
    if (!this.#s) throw new Error('Ebm: not fitted');
    return this.#s;
  }

  /** Intercept of the additive model. */
  get intercept(): number {
    return this.#state().intercept;
  }

  /** Term names: mains in feature order, then pairs as "a × b". */
  termNames(): string[] {
    const s = this.#state();
    return [...s.names, ...s.pairs.map((p) => `${s.names[p.a]} × ${s.names[p.b]}`)];
  }

  /** Predictions for columns laid out as in fit. */
  predict(cols: Float64Array[]): Float64Array {
    const s = this.#state();
    const n = cols.length ? cols[0].length : 0;
    const out = new Float64Array(n).fill(s.intercept);
    addTerms(out, s.cuts.map((c, j) => ({ bins: binColumn(cols[j], c) })), s.mains.map((m) => m.scores));
    for (const p of s.pairs) {
      const ba = binColumn(cols[p.a], s.interCuts[p.a]);
      const bb = binColumn(cols[p.b], s.interCuts[p.b]);
      const nB = s.interCuts[p.b].length + 2;
      for (let i = 0; i < n; i++) out[i] += p.scores[ba[i] * nB + bb[i]];
    }
    return out;
  }

  /** Per-term contributions of row i (order of termNames): intercept + Σ contributions = prediction. */
  contributions(cols: Float64Array[], i: number): Float64Array {
    const s = this.#state();
    const out = new Float64Array(s.mains.length + s.pairs.length);
    s.mains.forEach((m, j) => (out[j] = m.scores[binValue(s.cuts[j], cols[j][i])]));
    s.pairs.forEach((p, k) => {
      const nB = s.interCuts[p.b].length + 2;
      out[s.mains.length + k] = p.scores[binValue(s.interCuts[p.a], cols[p.a][i]) * nB + binValue(s.interCuts[p.b], cols[p.b][i])];
    });
    return out;
  }

  /** Mean |contribution| per term over the training data (interpretml's "avg_weight"). */
  importances(): Float64Array {
    const s = this.#state();
    return Float64Array.from([...s.mains, ...s.pairs], ({ scores, counts }) => {
      let a = 0;
      let w = 0;
      for (let b = 0; b < scores.length; b++) {
        a += counts[b] * Math.abs(scores[b]);
        w += counts[b];
      }
      return w > 0 ? a / w : 0;
    });
  }

  /** Shape functions of every term, for plots and explanations. */
  shapes(): { mains: MainShape[]; pairs: PairShape[] } {
    const s = this.#state();
    return {
      mains: s.mains.map((m, j) => ({ name: s.names[j], cuts: s.cuts[j], scores: m.scores, counts: m.counts })),
      pairs: s.pairs.map((p) => ({ names: [s.names[p.a], s.names[p.b]], cutsA: s.interCuts[p.a], cutsB: s.interCuts[p.b], scores: p.scores, counts: p.counts })),
    };
  }

  /** The fitted model as plain data (copies). */
  toState(): EbmState {
    return structuredClone(this.#state());
  }

  /** Rebuilds a fitted model from toState's output. */
  static fromState(state: EbmState): Ebm {
    const m = new Ebm();
    m.#s = structuredClone(state);
    return m;
  }
}
