/**
 * FAST interaction detection (Lou et al., KDD 2013): every feature pair, re-binned at the
 * interaction resolution, gets the gain of the best 4-cell cut model fitted to the residuals of
 * the main effects; the strongest pairs become 2-D terms boosted from the mains' predictions.
 */
import type { Binned } from './bins';
import { bestCut2d, maybeYield, type BoostControl, type Prefix2d, type Term } from './boost';

/** One ranked pair: feature indices a < b and its FAST strength (gain of the best 2-D cut). */
export interface PairRank {
  a: number;
  b: number;
  strength: number;
}

/** Ranks every pair of features by FAST strength on the residuals `res` (y − prediction), strongest first. */
export async function rankPairs(feats: Binned[], res: Float64Array, minLeaf: number, ctl: BoostControl): Promise<PairRank[]> {
  const F = feats.length;
  const n = res.length;
  const maxNb = Math.max(1, ...feats.map((f) => f.nBins));
  const sums = new Float64Array(maxNb * maxNb);
  const counts = new Float64Array(maxNb * maxNb);
  const pre: Prefix2d = { ps: new Float64Array((maxNb + 1) * (maxNb + 1)), pc: new Float64Array((maxNb + 1) * (maxNb + 1)) };
  const out: PairRank[] = [];
  for (let a = 0; a < F; a++) {
    for (let b = a + 1; b < F; b++) {
      const nA = feats[a].nBins;
      const nB = feats[b].nBins;
      const ba = feats[a].bins;
      const bb = feats[b].bins;
      sums.fill(0, 0, nA * nB);
      counts.fill(0, 0, nA * nB);
      for (let i = 0; i < n; i++) {
        const k = ba[i] * nB + bb[i];
        sums[k] += res[i];
        counts[k]++;
      }
      out.push({ a, b, strength: bestCut2d(sums, counts, nA, nB, minLeaf, pre, null).gain });
      await maybeYield(ctl);
    }
  }
  // Stable order on ties (by pair index) keeps the ranking deterministic.
  return out.sort((p, q) => q.strength - p.strength || p.a - q.a || p.b - q.b);
}

/** The 2-D term of a pair: flattened bins a·nB + b (at most 64 × 64 bins by default, so 16-bit). */
export function pairTerm(A: Binned, B: Binned): Term {
  const n = A.bins.length;
  const bins = new Uint16Array(n);
  for (let i = 0; i < n; i++) bins[i] = A.bins[i] * B.nBins + B.bins[i];
  return { bins, nBins: A.nBins * B.nBins, dims: [A.nBins, B.nBins] };
}
