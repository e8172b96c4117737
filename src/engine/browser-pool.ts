import * as Comlink from 'comlink';
import type { FitProgress } from '../models/types';
import type { TrainWorkerApi } from '../workers/train.worker';
import type { BackendChoice } from './platform';
import type { SpawnWorker, WorkerPort } from './pool';
import { copyForTransfer } from './transfer';

/**
 * Spawns real module Web Workers for the pool. A table reaches each worker once per run:
 * as shared memory when its columns live in a SharedArrayBuffer, else as a transferred copy.
 */
export function browserSpawner(choice: BackendChoice): SpawnWorker {
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
    return {
      id,
      async setTable(table) {
        if (table.time.buffer instanceof SharedArrayBuffer) return api.setTable(table);
        const { table: copy, transfer } = copyForTransfer(table);
        return api.setTable(Comlink.transfer(copy, transfer));
      },
      async run(jobs, attempts, onProgress) {
        for (const job of jobs) listeners.set(job.id, (p) => onProgress(job.id, p));
        try {
          return await api.runBatch(jobs, attempts);
        } finally {
          for (const job of jobs) listeners.delete(job.id);
        }
      },
      cancel: (jobId) => void api.cancel(jobId),
      ping: () => api.ping(),
      stats: () => api.stats(),
      onDeath(cb) {
        deathListeners.add(cb);
        return () => deathListeners.delete(cb);
      },
      terminate() {
        api[Comlink.releaseProxy]();
        worker.terminate();
        // A job sent ahead to this worker will never be answered: fail it now, not at the heartbeat.
        die('terminated');
      },
    };
  };
}
