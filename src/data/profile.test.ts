import { sharedDataset } from '../../test/datasets';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Frame } from './frame';
import { profileColumn, profileFrame, seasonality } from './profile';
import { mulberry32 } from '../models/common/rng';
import { checkTimeline, type Frequency, type FrequencyKind } from './timeline';

const freq = (kind: FrequencyKind, stepMs = 0): Frequency => ({ kind, stepMs, label: kind });
const series = (n: number, f: (i: number) => number) => Float64Array.from({ length: n }, (_, i) => f(i));

/** Deterministic standard-normal-ish noise (sum of 12 uniforms from a Park–Miller generator). */
function noise(seed: number) {
  let s = seed;
  return () => {
    let u = 0;
    for (let i = 0; i < 12; i++) u += (s = (s * 16807) % 2147483647) / 2147483647;
    return u - 6;
  };
}
const wave = (i: number, period: number) => Math.sin((2 * Math.PI * i) / period);

describe('profile statistics', () => {
  it('matches hand computation', () => {
    const p = profileColumn('x', Float64Array.from([1, 2, NaN, 4, 8]), freq('daily'));
    expect(p).toMatchObject({ name: 'x', count: 4, missing: 1, min: 1, max: 8, mean: 3.75, constant: false });
    expect(p.std).toBeCloseTo(Math.sqrt(28.75 / 3), 12);
  });

  it('constant and single-value columns', () => {
    expect(profileColumn('c', Float64Array.from([5, 5, NaN, 5]), freq('daily'))).toMatchObject({ constant: true, std: 0, seasonalPeriod: null, seasonalStrength: 0 });
    const one = profileColumn('o', Float64Array.from([NaN, 3]), freq('daily'));
    expect(one).toMatchObject({ count: 1, constant: true, mean: 3 });
    expect(one.std).toBeNaN();
  });

  it('all-NaN column', () => {
    const p = profileColumn('n', new Float64Array(10).fill(NaN), freq('daily'));
    expect(p).toMatchObject({ count: 0, missing: 10, constant: true, seasonalPeriod: null });
    for (const k of ['min', 'max', 'mean', 'std'] as const) expect(p[k]).toBeNaN();
  });
});

describe('seasonal period', () => {
  it('daily data with a weekly cycle → 7', () => {
    const r = noise(1);
    const p = profileColumn('w', series(730, (i) => 10 + 0.01 * i + wave(i, 7) + 0.5 * r()), freq('daily'));
    expect(p.seasonalPeriod).toBe(7);
    expect(p.seasonalStrength).toBeGreaterThan(0.5);
  });

  it('monthly data with a yearly cycle → 12', () => {
    const r = noise(2);
    expect(profileColumn('m', series(120, (i) => 0.05 * i + wave(i, 12) + 0.3 * r()), freq('monthly')).seasonalPeriod).toBe(12);
  });

  it('hourly data with a daily cycle → 24', () => {
    const r = noise(3);
    expect(profileColumn('h', series(24 * 60, (i) => wave(i, 24) + 0.5 * r()), freq('hourly')).seasonalPeriod).toBe(24);
  });

  it('daily data with only a yearly cycle → 365 (snapped from a nearby peak)', () => {
    const r = noise(4);
    expect(profileColumn('y', series(2000, (i) => wave(i, 365.25) + 0.5 * r()), freq('daily')).seasonalPeriod).toBe(365);
  });

  it('weekly + yearly over 2,000 days → 7: ACF(7) carries both cycles, so it beats ACF(365)', () => {
    const r = noise(5);
    const p = profileColumn('wy', series(2000, (i) => wave(i, 7) + 2 * wave(i, 365.25) + 0.5 * r()), freq('daily'));
    expect(p.seasonalPeriod).toBe(7);
  });

  it('quarterly → 4, business-daily → 5, 15-minute data with a daily cycle → 96', () => {
    const r = noise(6);
    expect(profileColumn('q', series(60, (i) => [1, -1, 2, -2][i % 4] + 0.5 * r()), freq('quarterly')).seasonalPeriod).toBe(4);
    expect(profileColumn('b', series(1300, (i) => [0, 1, 2, 1, -3][i % 5] + 0.8 * r()), freq('business-daily')).seasonalPeriod).toBe(5);
    expect(profileColumn('f', series(96 * 20, (i) => wave(i, 96) + 0.5 * r()), freq('fixed', 15 * 60_000)).seasonalPeriod).toBe(96);
  });

  it('noise, random walks and short series → null', () => {
    for (let seed = 10; seed < 15; seed++) {
      const r = noise(seed);
      expect(profileColumn('n', series(1000, () => r()), freq('daily')).seasonalPeriod).toBeNull();
      let v = 0;
      expect(profileColumn('rw', series(3000, () => (v += r())), freq('daily')).seasonalPeriod).toBeNull();
    }
    // 20 points cannot show two full yearly cycles of monthly data.
    expect(profileColumn('s', series(20, (i) => wave(i, 12)), freq('monthly')).seasonalPeriod).toBeNull();
  });

  it('interior gaps do not hide the cycle', () => {
    const r = noise(7);
    const x = series(730, (i) => wave(i, 7) + 0.3 * r());
    for (let i = 50; i < 730; i += 37) x[i] = NaN;
    x[0] = NaN;
    expect(profileColumn('g', x, freq('daily')).seasonalPeriod).toBe(7);
  });

  it('200 columns × 10,000 rows profile well under 2 s', () => {
    let s = 8;
    const uniform = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5; // cheap: generation is not what is timed
    const cols = Array.from({ length: 200 }, (_, c) => series(10_000, (i) => wave(i, 7) + (c % 2) * wave(i, 365) + 2 * uniform()));
    const frame: Frame = { names: cols.map((_, c) => `c${c}`), cols, time: series(10_000, (i) => i), timeName: null };
    const t0 = performance.now();
    const profiles = profileFrame(frame, freq('daily', 86_400_000));
    const ms = performance.now() - t0;
    expect(profiles.every((p) => p.seasonalPeriod === 7)).toBe(true);
    expect(ms).toBeLessThan(3000); // ~300–450 ms when idle; the bound only catches gross regressions on busy machines
  });
});

const ETT = sharedDataset('ETTh1.csv');

describe.skipIf(!existsSync(ETT))('ETTh1 (real data)', () => {
  it('is hourly without gaps or duplicates; load columns cycle daily', () => {
    const lines = readFileSync(ETT, 'utf8').trim().split('\n');
    const names = lines[0].split(',').slice(1);
    const n = lines.length - 1;
    const time = new Float64Array(n);
    const cols = names.map(() => new Float64Array(n));
    for (let i = 0; i < n; i++) {
      const parts = lines[i + 1].split(',');
      time[i] = Date.parse(`${parts[0].replace(' ', 'T')}Z`);
      for (let c = 0; c < names.length; c++) cols[c][i] = Number(parts[c + 1]);
    }
    const frame: Frame = { names, cols, time, timeName: 'date' };
    const check = checkTimeline(frame);
    expect(check.frequency.kind).toBe('hourly');
    expect(check).toMatchObject({ rows: 17_420, sorted: true, invalidTimes: 0, duplicateRows: 0, missingSteps: 0, expectedRows: 17_420 });
    const periods = Object.fromEntries(profileFrame(frame, check.frequency).map((p) => [p.name, p.seasonalPeriod]));
    // Measured: every load column cycles daily; the oil temperature's daily ripple is too weak
    // against its slow swings to show in its levels, and shows in its hourly changes (r₂₄ ≈ 0.15).
    expect(periods).toEqual({ HUFL: 24, HULL: 24, MUFL: 24, MULL: 24, LUFL: 24, LULL: 24, OT: 24 });
  });
});

describe('seasonality of a wandering series', () => {
  it('finds a weak daily cycle under a random walk in the hourly changes, and nothing in a plain random walk', () => {
    const rand = mulberry32(3);
    const n = 5000;
    const walk = new Float64Array(n);
    const cyc = new Float64Array(n);
    for (let i = 1; i < n; i++) {
      walk[i] = walk[i - 1] + (rand() - 0.5);
      cyc[i] = cyc[i - 1] + (rand() - 0.5) + (Math.sin((2 * Math.PI * i) / 24) - Math.sin((2 * Math.PI * (i - 1)) / 24));
    }
    const hourly = { kind: 'hourly' as const, stepMs: 3_600_000, label: 'hourly' };
    expect(seasonality(walk, hourly).period).toBeNull();
    expect(seasonality(cyc, hourly).period).toBe(24);
  });
});
