import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { planJobs } from '../../src/engine/plan';
import { createTrainer, type TrainerApi } from '../../src/engine/trainer';
import { shareTable } from '../../src/engine/transfer';
import type { FitProgress } from '../../src/models/types';
import type { SeriesTable } from '../../src/engine/types';

const n = 300;
const cols = [0, 1].map((k) => Float64Array.from({ length: n }, (_, i) => 10 + k + Math.sin((2 * Math.PI * i) / 7) + 0.2 * Math.sin(i * 1.3)));
const table: SeriesTable = { names: ['a', 'b'], time: Float64Array.from({ length: n }, (_, i) => i), cols, periods: [7, 7] };

describe('trainer across a real thread boundary (worker_threads + comlink)', () => {
  const worker = new Worker(new URL('./helpers/trainer-thread.mjs', import.meta.url));
  const remote = Comlink.wrap<TrainerApi>(nodeEndpoint(worker));
  afterAll(async () => {
    remote[Comlink.releaseProxy]();
    await worker.terminate();
  });

  it('shares the table, streams progress and returns the same forecast as in-process', async () => {
    await remote.configure({ backend: 'cpu', threads: 1, progressEveryMs: 0 });
    await remote.setTable(shareTable(table)); // SharedArrayBuffer: no copy per worker
    const [job] = planJobs({ targets: ['b'], drivers: ['a'], models: [{ kind: 'dlinear', options: { epochs: 3 } }], lookback: 14, horizon: 7, backtests: 0, seed: 5 }, table);
    const progress: FitProgress[] = [];
    const remoteResult = await remote.run(job, 0, Comlink.proxy((p: FitProgress) => void progress.push(p)));
    const local = createTrainer({ crash: () => {} });
    local.configure({ backend: 'cpu', threads: 1 });
    local.setTable(table);
    const localResult = await local.run(job, 0);
    expect(remoteResult.forecast).toBeInstanceOf(Float64Array);
    expect([...remoteResult.forecast]).toEqual([...localResult.forecast]);
    expect(remoteResult.state?.kind).toBe('dlinear');
    expect(progress.at(-1)?.done).toBeGreaterThan(0);
  });

  it('carries errors across with their name and message', async () => {
    const [job] = planJobs({ targets: ['a'], drivers: [], models: [{ kind: 'naive' }], lookback: 14, horizon: 7, backtests: 0, seed: 5, faults: [{ target: 'a', throws: 1 }] }, table);
    await expect(remote.run(job, 0)).rejects.toThrow(/Injected failure/);
    await expect(remote.run(job, 1)).resolves.toMatchObject({ jobId: job.id });
  });

  it('runs a batch in one message and stops at its first failure, leaving the rest not run', async () => {
    const jobs = planJobs({ targets: ['a', 'b'], drivers: [], models: [{ kind: 'naive' }, { kind: 'drift' }], lookback: 14, horizon: 7, backtests: 0, seed: 5, faults: [{ target: 'b', throws: 1 }] }, table);
    const order = [...jobs.filter((j) => j.target === 'a'), ...jobs.filter((j) => j.target === 'b')];
    const first = await remote.runBatch(order, [0, 0, 0, 0]);
    expect(first.map((o) => [o.jobId, !!o.result, o.error?.message ?? null])).toEqual([
      [order[0].id, true, null],
      [order[1].id, true, null],
      [order[2].id, false, expect.stringMatching(/Injected failure/)],
      [order[3].id, false, null],
    ]);
    expect(first[0].result!.forecast).toBeInstanceOf(Float64Array);
    expect(first[0].ms).toBeGreaterThan(0);
    const again = await remote.runBatch(order.slice(2), [1, 1]); // the fault is per target: attempt 0 of b throws
    expect(again.every((o) => o.result && !o.error)).toBe(true);
  });
});
