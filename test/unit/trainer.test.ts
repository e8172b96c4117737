import { describe, expect, it } from 'vitest';
import { planJobs } from '../../src/engine/plan';
import { createTrainer } from '../../src/engine/trainer';
import type { SeriesTable } from '../../src/engine/types';

function table(targets: number, n: number): SeriesTable {
  const cols = Array.from({ length: targets }, (_, k) => Float64Array.from({ length: n }, (_, i) => 20 + k + 0.01 * i + Math.sin((2 * Math.PI * i) / 7) + 0.3 * Math.sin(i * 3.1 + k)));
  return { names: cols.map((_, k) => `s${k}`), time: Float64Array.from({ length: n }, (_, i) => i), cols, periods: cols.map(() => 7) };
}

describe('trainer (one worker)', () => {
  it('returns tfjs to its tensor baseline after each of 20 tfjs-trained jobs', async () => {
    const t = table(5, 150);
    const trainer = createTrainer({ crash: () => {} });
    trainer.configure({ backend: 'cpu', threads: 1 });
    trainer.setTable(t);
    const jobs = planJobs({ targets: t.names, drivers: [], models: [{ kind: 'dlinear', options: { epochs: 2, engine: 'tfjs' } }, { kind: 'nlinear', options: { epochs: 2, engine: 'tfjs' } }], lookback: 14, horizon: 7, backtests: 1, seed: 3 }, t);
    expect(jobs).toHaveLength(20);
    const counts: number[] = [];
    for (const job of jobs) {
      const result = await trainer.run(job, 0);
      expect(result.forecast).toHaveLength(7);
      counts.push((await trainer.stats()).numTensors);
    }
    expect((await trainer.stats()).backend).toBe('cpu');
    expect(counts).toEqual(new Array(20).fill(0));
  });

  it('refuses to run before it has a table, and stops a cancelled job', async () => {
    const trainer = createTrainer({ crash: () => {} });
    const t = table(1, 400);
    const [job] = planJobs({ targets: ['s0'], drivers: [], models: [{ kind: 'dlinear', options: { epochs: 40, patience: 40 } }], lookback: 14, horizon: 7, backtests: 0, seed: 3 }, t);
    await expect(trainer.run(job, 0)).rejects.toThrow(/setTable/);
    trainer.setTable(t);
    trainer.configure({ backend: 'cpu', threads: 1, progressEveryMs: 0 });
    const running = trainer.run(job, 0, () => trainer.cancel(job.id));
    await expect(running).rejects.toMatchObject({ name: 'CancelledError' });
  });

  it('runs a job sent ahead only after the one before it, and can cancel it while it waits', async () => {
    const trainer = createTrainer({ crash: () => {} });
    trainer.configure({ backend: 'cpu', threads: 1, progressEveryMs: 0 });
    const t = table(3, 300);
    trainer.setTable(t);
    const jobs = planJobs({ targets: t.names, drivers: [], models: [{ kind: 'dlinear', options: { epochs: 3, patience: 3 } }], lookback: 14, horizon: 7, backtests: 0, seed: 3 }, t);
    const events: string[] = [];
    const [a, b, c] = jobs.map((job) => trainer.run(job, 0, () => events.push(job.id)));
    trainer.cancel(jobs[2].id);
    await Promise.all([a, b]);
    await expect(c).rejects.toMatchObject({ name: 'CancelledError' });
    // Progress of the first job all comes before any of the second's: never two at once.
    const firstOfB = events.indexOf(jobs[1].id);
    expect(firstOfB).toBeGreaterThan(0);
    expect(events.slice(firstOfB).includes(jobs[0].id)).toBe(false);
  });

  it('says "out of memory" when the WASM backend cannot allocate, so the pool replaces the worker', async () => {
    const trainer = createTrainer({ crash: () => {} });
    trainer.configure({ backend: 'wasm', threads: 1 });
    const t = table(1, 200);
    trainer.setTable(t);
    const [job] = planJobs({ targets: ['s0'], drivers: [], models: [{ kind: 'naive' }], lookback: 14, horizon: 7, backtests: 0, seed: 3, faults: [{ target: 's0', wasmOom: 1 }] }, t);
    await expect(trainer.run(job, 0)).rejects.toThrow(/^Out of memory in the worker \(/);
    // The fault is spent on the first attempt: the retry runs.
    expect((await trainer.run(job, 1)).forecast).toHaveLength(7);
    expect((await trainer.stats()).backend).toBe('wasm');
  });
});

