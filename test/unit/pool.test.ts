import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { planJobs } from '../../src/engine/plan';
import { Pool } from '../../src/engine/pool';
import type { RunSpec, SeriesTable } from '../../src/engine/types';
import { localSpawner } from './helpers/local-port';

function table(targets: number, n: number): SeriesTable {
  const cols = Array.from({ length: targets }, (_, k) => Float64Array.from({ length: n }, (_, i) => 50 + k + 0.02 * i + 3 * Math.sin((2 * Math.PI * i) / 7 + k) + Math.sin(i * 1.7 + k)));
  return { names: cols.map((_, k) => `s${k}`), time: Float64Array.from({ length: n }, (_, i) => i * 86_400_000), cols, periods: cols.map(() => 7) };
}

const spec = (t: SeriesTable, over: Partial<RunSpec> = {}): RunSpec => ({
  targets: t.names,
  drivers: [],
  models: [{ kind: 'naive' }, { kind: 'seasonal-naive' }, { kind: 'dlinear', options: { epochs: 2 } }],
  lookback: 14,
  horizon: 7,
  backtests: 1,
  seed: 1,
  ...over,
});

describe('planJobs', () => {
  it('makes one job per target × model × fold, longest expected first', () => {
    const t = table(3, 200);
    const jobs = planJobs(spec(t), t);
    expect(jobs).toHaveLength(3 * 3 * 2);
    expect(new Set(jobs.map((j) => j.id)).size).toBe(jobs.length);
    for (let i = 1; i < jobs.length; i++) expect(jobs[i - 1].cost).toBeGreaterThanOrEqual(jobs[i].cost);
    expect(jobs[0].model.kind).toBe('dlinear');
    const fold0 = jobs.find((j) => j.fold === 0)!;
    expect(fold0.cutoff).toBe(200 - 7);
    expect(jobs.find((j) => j.fold === -1)!.cutoff).toBe(200);
  });
  it('refuses runs that cannot work, saying why', () => {
    const t = table(1, 30);
    expect(() => planJobs(spec(t, { targets: [] }), t)).toThrow(/at least one series/);
    expect(() => planJobs(spec(t, { lookback: 28 }), t)).toThrow(/need at least/);
    expect(() => planJobs(spec(t, { targets: ['nope'] }), t)).toThrow(/not a series/);
  });
});

describe('Pool', () => {
  it('gives identical results with 1 and 3 workers', async () => {
    const t = table(4, 160);
    const jobs = planJobs(spec(t), t);
    const one = await new Pool(localSpawner(), { size: 1 }).run(jobs, t);
    const three = await new Pool(localSpawner(), { size: 3 }).run(jobs, t);
    expect(one.every((r) => r.status === 'done')).toBe(true);
    const byId = new Map(three.map((r) => [r.job.id, r]));
    for (const r of one) expect([...byId.get(r.job.id)!.result!.forecast]).toEqual([...r.result!.forecast]);
  });

  it('retries a job that throws twice, then records its result once', async () => {
    const t = table(2, 120);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's1', throws: 2 }] }), t);
    const updates: string[] = [];
    const records = await new Pool(localSpawner(), { size: 2, onUpdate: (r) => updates.push(`${r.job.id}:${r.status}`) }).run(jobs, t);
    const r = records.find((x) => x.job.target === 's1')!;
    expect(r.status).toBe('done');
    expect(r.attempts).toBe(3);
    expect(updates.filter((u) => u === 's1|naive|-1:retrying')).toHaveLength(2);
    expect(updates.filter((u) => u === 's1|naive|-1:done')).toHaveLength(1);
    expect(r.result!.forecast[0]).toBe(t.cols[1][119]);
  });

  it('marks a job failed after the last retry and finishes every other job', async () => {
    const t = table(3, 120);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's0', throws: 99 }] }), t);
    const records = await new Pool(localSpawner(), { size: 2, retries: 2 }).run(jobs, t);
    const failed = records.find((x) => x.job.target === 's0')!;
    expect(failed.status).toBe('failed');
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/Injected failure/);
    expect(records.filter((x) => x.status === 'done')).toHaveLength(2);
  });

  it('replaces a worker that dies mid-job and re-runs the job, without duplicates', async () => {
    const t = table(3, 160);
    const log: string[] = [];
    const jobs = planJobs(spec(t, { models: [{ kind: 'dlinear', options: { epochs: 3 } }], backtests: 0, faults: [{ target: 's2', crashes: 1 }] }), t);
    const done: string[] = [];
    const respawns: string[] = [];
    const records = await new Pool(localSpawner(log), {
      size: 2,
      heartbeatMs: 20,
      heartbeatTimeoutMs: 300,
      onUpdate: (r) => r.status === 'done' && done.push(r.job.id),
      onRespawn: (w, why) => respawns.push(`${w}: ${why}`),
    }).run(jobs, t);
    expect(records.every((r) => r.status === 'done')).toBe(true);
    expect(done.sort()).toEqual(jobs.map((j) => j.id).sort());
    expect(respawns).toHaveLength(1);
    expect(respawns[0]).toMatch(/stopped answering/);
    expect(log.filter((l) => l.startsWith('spawn'))).toHaveLength(3);
    const ref = await new Pool(localSpawner(), { size: 1 }).run(planJobs(spec(t, { models: [{ kind: 'dlinear', options: { epochs: 3 } }], backtests: 0 }), t), t);
    const s2 = ref.find((r) => r.job.target === 's2')!;
    expect([...records.find((r) => r.job.target === 's2')!.result!.forecast]).toEqual([...s2.result!.forecast]);
  });

  it('replaces a worker whose job ran out of memory, and retries the job on the new one', async () => {
    const t = table(1, 160);
    const log: string[] = [];
    const respawned: string[] = [];
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's0', oom: 1 }] }), t);
    const records = await new Pool(localSpawner(log), { size: 1, onRespawn: (_w, reason) => respawned.push(reason) }).run(jobs, t);
    expect(records[0].status).toBe('done');
    expect(records[0].attempts).toBe(2);
    expect(respawned[0]).toMatch(/allocation failed/);
    expect(log.filter((l) => l.startsWith('spawn'))).toHaveLength(2);
  });

  it('a batch killed while waiting in a worker replaced for running out of memory uses no attempt', async () => {
    const t = table(4, 160);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's0', oom: 1 }] }), t);
    const log: string[] = [];
    const records = await new Pool(localSpawner(log), { size: 1 }).run(jobs, t);
    // s0 ran out of memory on worker 0 while s1 waited there (sent ahead): s1 ran on worker 1, first try.
    expect(log).toContain(`run ${jobs[1].id} on 0 attempt 0`);
    expect(log).toContain(`run ${jobs[1].id} on 1 attempt 0`);
    expect(records.map((r) => [r.job.target, r.status, r.attempts])).toEqual([
      ['s0', 'done', 2],
      ['s1', 'done', 1],
      ['s2', 'done', 1],
      ['s3', 'done', 1],
    ]);
  });

  it('times out a job, replaces its worker and retries', async () => {
    const t = table(1, 160);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's0', crashes: 1 }] }), t);
    const records = await new Pool(localSpawner(), { size: 1, timeoutMs: 200, heartbeatMs: 1_000, heartbeatTimeoutMs: 60_000 }).run(jobs, t);
    expect(records[0].status).toBe('done');
    expect(records[0].attempts).toBe(2);
  });

  it('cancels: running jobs stop at the next epoch, queued ones never start', async () => {
    const t = table(6, 400);
    const jobs = planJobs(spec(t, { models: [{ kind: 'dlinear', options: { epochs: 50, patience: 50 } }], backtests: 0 }), t);
    const pool = new Pool(localSpawner(), { size: 2, onUpdate: (r) => r.status === 'running' && r.progress && pool.cancel() });
    const records = await pool.run(jobs, t);
    expect(records.filter((r) => r.status === 'cancelled').length).toBeGreaterThanOrEqual(5);
    expect(records.every((r) => r.status === 'cancelled' || r.status === 'done')).toBe(true);
  });

  it('sends short jobs in batches (few messages), with the same results as one job per message', async () => {
    const t = table(30, 200);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }, { kind: 'drift' }, { kind: 'dlinear', options: { epochs: 2 } }] }), t);
    const log: string[] = [];
    const batched = await new Pool(localSpawner(log), { size: 2, batchMs: 1_000 }).run(jobs, t);
    const sizes = log.filter((l) => l.startsWith('batch')).map((l) => Number(l.split(' ')[2]));
    expect(sizes.reduce((a, b) => a + b)).toBe(jobs.length);
    expect(sizes.length).toBeLessThan(jobs.length / 4);
    // Until a first job has finished there is no time per cost unit: the first batches are single jobs.
    expect(sizes.slice(0, 2)).toEqual([1, 1]);
    // Never more than a share of what is left: the last batches are small, so the workers end together.
    expect(sizes.at(-1)).toBe(1);
    const single = await new Pool(localSpawner(), { size: 2, batchMs: 0 }).run(jobs, t);
    const byId = new Map(single.map((r) => [r.job.id, r]));
    for (const r of batched) {
      expect(r.status).toBe('done');
      expect(r.attempts).toBe(1);
      expect([...r.result!.forecast]).toEqual([...byId.get(r.job.id)!.result!.forecast]);
    }
  });

  it('a failure inside a batch costs only that job an attempt: the jobs after it are sent again', async () => {
    const t = table(12, 120);
    const jobs = planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0, faults: [{ target: 's3', throws: 1 }] }), t);
    const log: string[] = [];
    const records = await new Pool(localSpawner(log), { size: 1, batchMs: 1_000 }).run(jobs, t);
    const sent = (id: string) => log.filter((l) => l.startsWith(`run ${id} `)).length;
    // s3 failed inside a batch: the job after it was not run then, and was sent again.
    expect(jobs.filter((j) => j.target !== 's3' && sent(j.id) === 2)).toHaveLength(1);
    for (const r of records) {
      expect(r.status).toBe('done');
      expect(r.attempts).toBe(r.job.target === 's3' ? 2 : 1);
      expect(r.result!.forecast[0]).toBe(t.cols[Number(r.job.target.slice(1))][119]);
    }
  });

  it('keeps its workers warm between runs and loads each new table once', async () => {
    const log: string[] = [];
    const pool = new Pool(localSpawner(log), { size: 2 });
    const a = table(2, 120);
    const b = table(3, 130);
    const only = (t: SeriesTable) => planJobs(spec(t, { models: [{ kind: 'naive' }], backtests: 0 }), t);
    await pool.run(only(a), a);
    const second = await pool.run(only(b), b);
    expect(second.map((r) => r.result!.forecast[0])).toEqual(b.cols.map((c) => c[129]));
    expect(log.filter((l) => l.startsWith('spawn'))).toHaveLength(2);
    pool.resize(1);
    await pool.run(only(a), a);
    pool.resize(2);
    await pool.run(only(a), a);
    expect(log.filter((l) => l.startsWith('spawn'))).toHaveLength(2);
    pool.close();
    expect(log.filter((l) => l.startsWith('terminate'))).toHaveLength(2);
  });
});
