import { IDBDatabase, IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_NAME } from './db';
import { StorageError } from './errors';
import { makeDataset, makeRun } from './fixtures';
import { Store } from './store';
import type { CacheArea, KeyValueArea } from './wipe';

/** A Map-backed stand-in for localStorage. */
function memoryLocal(entries: Record<string, string>): KeyValueArea & { keys(): string[] } {
  const map = new Map(Object.entries(entries));
  return {
    get length() {
      return map.size;
    },
    key: (i: number) => [...map.keys()][i] ?? null,
    removeItem: (k: string) => void map.delete(k),
    keys: () => [...map.keys()],
  };
}

/** A stand-in for Cache Storage. */
function memoryCaches(names: string[]): CacheArea & { names: Set<string> } {
  const set = new Set(names);
  return {
    names: set,
    keys: async () => [...set],
    delete: async (n: string) => set.delete(n),
  };
}

let factory: IDBFactory;
let store: Store;

beforeEach(() => {
  factory = new IDBFactory();
  store = new Store({ factory, local: null, caches: null, quota: null });
});

describe('datasets', () => {
  it('round-trips a dataset: the source file, byte for byte, and the choices made on it', async () => {
    const data = makeDataset();
    await store.saveDataset('d1', data);
    const back = await new Store({ factory }).loadDataset('d1');
    expect(back?.file).toBeInstanceOf(Blob);
    expect(await back!.file.text()).toBe(await data.file.text());
    expect({ ...back, file: null }).toEqual({ ...data, file: null });
  });

  it('returns null for an unknown id and after deleting', async () => {
    expect(await store.loadDataset('nope')).toBeNull();
    await store.saveDataset('d1', makeDataset());
    await store.deleteDataset('d1');
    expect(await store.loadDataset('d1')).toBeNull();
  });

  it('replaces a dataset saved under the same id', async () => {
    await store.saveDataset('d1', makeDataset('a.csv'));
    await store.saveDataset('d1', makeDataset('b.csv'));
    expect((await store.loadDataset('d1'))?.fileName).toBe('b.csv');
  });
});

describe('runs', () => {
  it('round-trips a run: Float64Array and Int32Array fields, NaN, nulls and model states', async () => {
    const run = makeRun('r1', 1000);
    await store.saveRun(run);
    const back = await new Store({ factory }).loadRun('r1');
    expect(back).toEqual(run);
    const m = back!.targets[0].models[0];
    expect(m.forecast).toBeInstanceOf(Float64Array);
    expect(Number.isNaN(m.forecast![1])).toBe(true);
    expect(m.folds[0].actual).toBeInstanceOf(Float64Array);
    expect(m.state?.params.coef).toBeInstanceOf(Float64Array);
    expect(m.state?.params.lags).toBeInstanceOf(Int32Array);
    expect(back!.calibration[0].foldOf[0]).toBeInstanceOf(Int32Array);
    expect(back!.dataset.history[0]).toBeInstanceOf(Float64Array);
  });

  it('returns null for an unknown run', async () => {
    expect(await store.loadRun('nope')).toBeNull();
  });

  it('lists runs newest first with their summaries', async () => {
    await store.saveRun(makeRun('old', 1000, ['naive']));
    await store.saveRun(makeRun('new', 3000, ['linear', 'linear', 'naive']));
    await store.saveRun(makeRun('mid', 2000, [null]));
    const list = await store.listRuns();
    expect(list.map((r) => r.id)).toEqual(['new', 'mid', 'old']);
    expect(list[0]).toEqual({
      id: 'new',
      createdAt: 3000,
      fileName: 'sales.csv',
      fingerprint: 'abc123',
      targets: 3,
      models: ['naive', 'linear'],
      horizon: 2,
      best: { model: 'linear', wins: 2, mase: expect.closeTo(0.8, 12) },
    });
    expect(list[1].best).toBeUndefined();
    expect(list[2].best).toEqual({ model: 'naive', wins: 1, mase: 1 });
  });

  it('lists runs from the summary store alone, never touching the runs themselves', async () => {
    await store.saveRun(makeRun('r1', 1));
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await store.listRuns();
    expect(spy.mock.calls.map((c) => c[0])).toEqual([['runIndex']]);
    spy.mockRestore();
  });

  it('keeps one list entry when a run is saved again', async () => {
    await store.saveRun(makeRun('r1', 1000));
    await store.saveRun(makeRun('r1', 1000, ['linear']));
    const list = await store.listRuns();
    expect(list).toHaveLength(1);
    expect(list[0].best?.model).toBe('linear');
  });

  it('deletes a run from storage and from the list', async () => {
    await store.saveRun(makeRun('a', 1));
    await store.saveRun(makeRun('b', 2));
    await store.deleteRun('a');
    expect(await store.loadRun('a')).toBeNull();
    expect((await store.listRuns()).map((r) => r.id)).toEqual(['b']);
    expect(await store.loadRun('b')).not.toBeNull();
  });
});

describe('session', () => {
  it('is null until set, then returns what was set', async () => {
    expect(await store.getSession()).toBeNull();
    await store.setSession({ datasetId: 'd1', runId: 'r1', tab: 'results' });
    expect(await new Store({ factory }).getSession()).toEqual({ datasetId: 'd1', runId: 'r1', tab: 'results' });
    await store.setSession({ datasetId: 'd1', runId: null, tab: 'checkup' });
    expect(await store.getSession()).toEqual({ datasetId: 'd1', runId: null, tab: 'checkup' });
  });

  it('forgets a deleted run or dataset, and only that one', async () => {
    await store.setSession({ datasetId: 'd1', runId: 'r1', tab: 'results' });
    await store.deleteRun('other');
    expect((await store.getSession())?.runId).toBe('r1');
    await store.deleteRun('r1');
    expect(await store.getSession()).toEqual({ datasetId: 'd1', runId: null, tab: 'results' });
    await store.deleteDataset('d1');
    expect(await store.getSession()).toEqual({ datasetId: null, runId: null, tab: 'results' });
  });
});

describe('deleteAll', () => {
  it('deletes the database, the app’s localStorage keys and the caches, and says what it removed', async () => {
    const local = memoryLocal({ 'forecaster.settings.v1': '{}', 'forecaster.x': '1', 'other.app': 'keep' });
    const caches = memoryCaches(['forecaster-shell-v1', 'forecaster-wasm']);
    const s = new Store({ factory, local, caches });
    await s.saveRun(makeRun('r1', 1));
    await s.saveRun(makeRun('r2', 2));
    await s.saveDataset('d1', makeDataset());
    await s.setSession({ datasetId: 'd1', runId: 'r1', tab: 'results' });

    const removed = await s.deleteAll();
    expect(removed).toEqual({
      database: DB_NAME,
      runs: 2,
      datasets: 1,
      localStorageKeys: ['forecaster.settings.v1', 'forecaster.x'],
      caches: ['forecaster-shell-v1', 'forecaster-wasm'],
    });
    expect(local.keys()).toEqual(['other.app']);
    expect(caches.names.size).toBe(0);
    expect(await factory.databases()).toEqual([]);

    // A fresh open finds nothing, and the same store keeps working.
    const fresh = new Store({ factory });
    expect(await fresh.listRuns()).toEqual([]);
    expect(await fresh.loadRun('r1')).toBeNull();
    expect(await fresh.loadDataset('d1')).toBeNull();
    expect(await fresh.getSession()).toBeNull();
    await s.saveRun(makeRun('r3', 3));
    expect((await fresh.listRuns()).map((r) => r.id)).toEqual(['r3']);
  });

  it('is not blocked by another Store holding the database open (another tab of the app)', async () => {
    const other = new Store({ factory });
    await other.saveRun(makeRun('r1', 1));
    await store.deleteAll();
    expect(await other.listRuns()).toEqual([]);
  });

  it('rejects with a StorageError when a foreign connection keeps the database open', async () => {
    await store.saveRun(makeRun('r1', 1));
    const foreign = await new Promise<IDBDatabase>((resolve) => {
      const req = factory.open(DB_NAME);
      req.onsuccess = () => resolve(req.result);
    });
    const s = new Store({ factory, local: null, caches: null, blockedMs: 20 });
    const err = await s.deleteAll().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).message).toMatch(/another tab/i);
    expect((err as StorageError).quota).toBe(false);
    foreign.close();
  });
});

describe('usage', () => {
  it('reports the browser estimate, or null without one', async () => {
    const s = new Store({ factory, quota: { estimate: async () => ({ usage: 1234, quota: 10_000 }) } });
    expect(await s.usage()).toEqual({ usage: 1234, quota: 10_000 });
    expect(await new Store({ factory, quota: { estimate: async () => ({}) } }).usage()).toEqual({ usage: null, quota: null });
    expect(await store.usage()).toBeNull();
  });
});

describe('checkpoint of a run in progress', () => {
  it('saves, reloads and clears the finished jobs with their typed arrays', async () => {
    expect(await store.loadCheckpoint()).toBeNull();
    const job = { id: 'a|naive|-1', target: 'a', column: 0, driverColumns: [], model: { kind: 'naive' }, lookback: 3, horizon: 2, fold: -1, cutoff: 10, trainStart: 0, fitCutoff: 10, sharedFit: false, seed: 1, cost: 1 };
    const result = { jobId: job.id, forecast: Float64Array.of(1, NaN), actual: null, fitMs: 1, backend: 'js', progress: null, state: null, explanation: null };
    const spec = { targets: ['a'], drivers: [], models: [{ kind: 'naive' }], lookback: 3, horizon: 2, backtests: 0, seed: 1 };
    await store.saveCheckpoint({ spec, fingerprint: 'f', fileName: 'x.csv', startedAt: 5, total: 3, done: [{ job, result }] });
    const back = await new Store({ factory }).loadCheckpoint();
    expect(back?.done[0].result.forecast).toBeInstanceOf(Float64Array);
    expect(back).toEqual({ spec, fingerprint: 'f', fileName: 'x.csv', startedAt: 5, total: 3, done: [{ job, result }] });
    await store.clearCheckpoint();
    expect(await store.loadCheckpoint()).toBeNull();
  });
});
