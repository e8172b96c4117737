import * as Comlink from 'comlink';
import type { FitProgress } from '../models/types';
import type { TrainWorkerApi } from '../workers/train.worker';
import type { BackendChoice } from './platform';
import type { SpawnWorker, WorkerPort } from './pool';
import { copyForTransfer, shareTable } from './transfer';
import type { SeriesTable } from './types';

/**
 * Spawns real module Web Workers for the pool. The table goes to each worker once: shared
 * memory when the page is cross-origin isolated, otherwise one transferred copy per worker.
 */
export function browserSpawner(table: SeriesTable, choice: BackendChoice): SpawnWorker {
  const shared = choice.shared ? shareTable(table) : null;
  return async (id: number): Promise<WorkerPort> => {
    const worker = new Worker(new URL('../workers/train.worker.ts', import.meta.url), { type: 'module', name: `train-${id}` });
    const api = Comlink.wrap<TrainWorkerApi>(worker);
    const deathListeners = new Set<(reason: string) => void>();
    const die = (reason: string) => deathListeners.forEach((cb) => cb(reason));
    worker.addEventListener('error', (e) => die(e.message || 'uncaught error'));
    worker.addEventListener('messageerror', () => die('a message could not be read'));
    const listeners = new Map<string, (p: FitProgress) => void>();
    const sink = Comlink.proxy((jobId: string, p: FitProgress) => listeners.get(jobId)?.(p));
    await api.setProgressSink(sink);
    await api.configure({ backend: choice.backend, threads: choice.threads });
    if (shared) await api.setTable(shared);
    else {
      const { table: copy, transfer } = copyForTransfer(table);
      await api.setTable(Comlink.transfer(copy, transfer));
    }
    return {
      id,
      async run(job, attempt, onProgress) {
        listeners.set(job.id, onProgress);
        try {
          return await api.run(job, attempt);
        } finally {
          listeners.delete(job.id);
        }
      },
      cancel: (jobId) => void api.cancel(jobId),
      ping: () => api.ping(),
      onDeath(cb) {
        deathListeners.add(cb);
        return () => deathListeners.delete(cb);
      },
      terminate() {
        api[Comlink.releaseProxy]();
        worker.terminate();
      },
    };
  };
}
