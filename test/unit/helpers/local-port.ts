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
    // Every progress report is sent, so that tests see progress from short jobs too.
    trainer.configure({ backend: 'cpu', threads: 1, progressEveryMs: 0 });
    log.push(`spawn ${id}`);
    return {
      id,
      setTable: async (table: SeriesTable) => trainer.setTable(table),
      run: (jobs, attempts, onProgress) => {
        log.push(`batch of ${jobs.length} on ${id}`);
        for (const [i, job] of jobs.entries()) log.push(`run ${job.id} on ${id} attempt ${attempts[i]}`);
        const p = trainer.runBatch(jobs, attempts, (job, x) => !dead && onProgress(job, x));
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
        // As in the browser port: a batch still waiting in this worker fails now.
        for (const cb of listeners) cb('terminated');
      },
    };
  };
}
