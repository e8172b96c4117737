import { createTrainer } from '../../../src/engine/trainer';
import type { WorkerPort } from '../../../src/engine/pool';
import type { SeriesTable } from '../../../src/engine/types';

/** An in-process "worker" for pool tests: a real trainer whose crash makes it go silent. */
export function localSpawner(log: string[] = []) {
  return async (id: number): Promise<WorkerPort> => {
    let dead = false;
    const listeners = new Set<(reason: string) => void>();
    const trainer = createTrainer({
      crash() {
        dead = true;
        log.push(`crash ${id}`);
        // A real crashed worker answers nothing: the pool must notice on its own (heartbeat).
      },
    });
    trainer.configure({ backend: 'cpu', threads: 1 });
    log.push(`spawn ${id}`);
    return {
      id,
      setTable: async (table: SeriesTable) => trainer.setTable(table),
      run: (job, attempt, onProgress) => {
        log.push(`run ${job.id} on ${id} attempt ${attempt}`);
        const p = trainer.run(job, attempt, (x) => !dead && onProgress(x));
        return p.then((r) => (dead ? new Promise(() => {}) : r));
      },
      cancel: (jobId) => trainer.cancel(jobId),
      stats: () => trainer.stats(),
      ping: () => (dead ? new Promise(() => {}) : Promise.resolve(trainer.ping())),
      onDeath: (cb) => {
        listeners.add(cb);
        return () => listeners.delete(cb);
      },
      terminate: () => {
        dead = true;
        log.push(`terminate ${id}`);
      },
    };
  };
}
