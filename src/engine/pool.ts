import type { FitProgress } from '../models/types';
import type { Job, JobRecord, JobResult, SeriesTable } from './types';

/** One live worker as the pool sees it (a Web Worker, a worker thread or an in-process fake). */
export interface WorkerPort {
  readonly id: number;
  /** Gives the worker a run's series (once per run and worker; shared memory needs no copy). */
  setTable(table: SeriesTable): Promise<void>;
  run(job: Job, attempt: number, onProgress: (p: FitProgress) => void): Promise<JobResult>;
  cancel(jobId: string): void;
  ping(): Promise<unknown>;
  /** The worker's tfjs backend and tensor memory (backend null while tfjs is not loaded). */
  stats(): Promise<WorkerStats>;
  /** Calls back if the worker reports an uncaught error or dies; returns an unsubscribe function. */
  onDeath(cb: (reason: string) => void): () => void;
  terminate(): void;
}

/** A worker's tfjs memory. */
export interface WorkerStats {
  backend: string | null;
  numTensors: number;
  numBytes: number;
}

/** Starts worker number `id`, ready to receive a table. */
export type SpawnWorker = (id: number) => Promise<WorkerPort>;

/** Pool behaviour; defaults suit a browser tab. */
export interface PoolOptions {
  size: number;
  /** Retries after the first attempt (3 → at most 4 attempts). */
  retries: number;
  /** A job running longer than this is abandoned, its worker replaced, and the job retried. */
  timeoutMs: number;
  /** How often a busy worker is pinged, and how long it may stay silent before it counts as dead. */
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  /** Jobs sent ahead to each worker (2: the next job is already there when one finishes). */
  depth: number;
  /** Called after every change of a job's record (status, worker, progress). */
  onUpdate?: (record: JobRecord) => void;
  /** Called when a worker is replaced, with the reason. */
  onRespawn?: (worker: number, reason: string) => void;
}

/** Defaults: 3 retries, 10-minute job timeout, a worker silent for 20 s is dead, one job sent ahead. */
export const POOL_DEFAULTS: Omit<PoolOptions, 'size'> = { retries: 3, timeoutMs: 600_000, heartbeatMs: 1_000, heartbeatTimeoutMs: 20_000, depth: 2 };

/** Why an attempt ended without a result. */
class WorkerLost extends Error {}

/**
 * A pull-based pool: each free worker takes the next job from a queue ordered longest-first.
 * Failed jobs are retried; a crashed, silent or timed-out worker is replaced and its job
 * re-queued; a job's result is recorded exactly once. Workers outlive a run: the next run
 * reuses them warm (compiled code, started backend), which is most of a short run's cost.
 */
export class Pool {
  readonly options: PoolOptions;
  readonly #spawn: SpawnWorker;
  #ports: (WorkerPort | null)[] = [];
  #queue: Job[] = [];
  #records = new Map<string, JobRecord>();
  #tables = new WeakMap<WorkerPort, SeriesTable>();
  #table: SeriesTable | null = null;
  #cancelled = false;
  #nextId = 0;

  constructor(spawn: SpawnWorker, options: Partial<PoolOptions> & { size: number }) {
    this.#spawn = spawn;
    this.options = { ...POOL_DEFAULTS, ...options };
  }

  /** Runs every job (already ordered) on `table`; resolves when each is done, failed or cancelled. */
  async run(jobs: Job[], table: SeriesTable): Promise<JobRecord[]> {
    this.#cancelled = false;
    this.#table = table;
    this.#queue = [...jobs];
    this.#records = new Map(jobs.map((job) => [job.id, { job, status: 'queued', attempts: 0, worker: null, startedAt: null, endedAt: null, progress: null, result: null, error: null }]));
    for (const r of this.#records.values()) this.options.onUpdate?.(r);
    const lanes = Math.max(1, Math.min(this.options.size, jobs.length));
    await Promise.all(Array.from({ length: lanes }, (_, lane) => this.#lane(lane)));
    for (const r of this.#records.values()) if (r.status === 'queued' || r.status === 'retrying') this.#set(r, { status: 'cancelled', endedAt: performance.now() });
    return [...this.#records.values()];
  }

  /** Copies of the job records as they stand now (new objects, so a UI sees the change). */
  snapshot(): JobRecord[] {
    return [...this.#records.values()].map((r) => ({ ...r }));
  }

  /** Soft cancel stops at the next epoch/round; hard cancel terminates the workers now. */
  cancel(hard = false): void {
    this.#cancelled = true;
    for (const r of this.#records.values()) {
      if (r.status === 'running' && r.worker !== null) this.#ports.find((p) => p?.id === r.worker)?.cancel(r.job.id);
    }
    if (hard) this.close();
  }

  /** Tensor memory summed over the live workers (a worker that does not answer in 2 s is skipped). */
  async stats(): Promise<{ workers: number; numTensors: number; numBytes: number; backends: string[] }> {
    const timeout = new Promise<null>((r) => setTimeout(() => r(null), 2_000));
    const all = await Promise.all(this.#ports.filter((p) => p !== null).map((p) => Promise.race([p!.stats(), timeout]).catch(() => null)));
    const ok = all.filter((s): s is WorkerStats => s !== null);
    return {
      workers: ok.length,
      numTensors: ok.reduce((a, s) => a + s.numTensors, 0),
      numBytes: ok.reduce((a, s) => a + s.numBytes, 0),
      backends: [...new Set(ok.map((s) => s.backend ?? 'none'))],
    };
  }

  /** Changes the number of workers the next run uses (idle extra workers stay warm until close). */
  resize(size: number): void {
    this.options.size = size;
  }

  /** Terminates every worker. */
  close(): void {
    for (const p of this.#ports) p?.terminate();
    this.#ports = [];
  }

  /**
   * One worker's loop: keep up to `depth` jobs sent to it (the next one waits in the worker,
   * so the worker never idles while the page handles a result), until the queue is empty.
   */
  async #lane(lane: number): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let lastEnd = 0;
    for (;;) {
      while (!this.#cancelled && inflight.size < this.options.depth && this.#queue.length > 0) {
        const port = await this.#portFor(lane);
        if (!port) return;
        const job = this.#queue.shift();
        if (!job) break;
        const done: Promise<void> = this.#runOn(port, lane, job, () => lastEnd).then((end) => {
          lastEnd = Math.max(lastEnd, end);
          inflight.delete(done);
        });
        inflight.add(done);
      }
      if (inflight.size === 0) return;
      await Promise.race(inflight);
    }
  }

  /** The lane's live worker, spawned (and given the table) when needed; null when cancelled meanwhile. */
  async #portFor(lane: number): Promise<WorkerPort | null> {
    let port = this.#ports[lane];
    if (!port) {
      port = await this.#spawn(this.#nextId++);
      if (this.#cancelled) {
        port.terminate();
        return null;
      }
      this.#ports[lane] = port;
    }
    if (this.#tables.get(port) !== this.#table) {
      await port.setTable(this.#table!);
      this.#tables.set(port, this.#table!);
    }
    return port;
  }

  /** Runs one attempt of a job on a port and records the outcome; resolves with the time it ended. */
  async #runOn(port: WorkerPort, lane: number, job: Job, laneFreeAt: () => number): Promise<number> {
    const record = this.#records.get(job.id)!;
    this.#set(record, { status: 'running', worker: port.id, startedAt: performance.now(), attempts: record.attempts + 1, progress: null });
    try {
      const result = await this.#attempt(port, job, record.attempts - 1, (p) => this.#set(record, { progress: p }));
      // A job sent ahead waited in the worker until the one before it finished: it started then.
      this.#set(record, { status: 'done', result, progress: result.progress ?? record.progress, startedAt: Math.max(record.startedAt!, laneFreeAt()), endedAt: performance.now(), error: null });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Out of memory leaves a worker's heap in doubt: it is replaced like a crashed one.
      if ((err instanceof WorkerLost || isOutOfMemory(message)) && this.#ports[lane] === port) {
        port.terminate();
        this.#ports[lane] = null;
        this.options.onRespawn?.(port.id, message);
      }
      if (isCancelled(err) || this.#cancelled) {
        this.#set(record, { status: 'cancelled', endedAt: performance.now(), error: null });
      } else if (record.attempts <= this.options.retries) {
        this.#set(record, { status: 'retrying', error: message });
        this.#queue.unshift(job); // it has waited long enough: next in line
      } else {
        this.#set(record, { status: 'failed', endedAt: performance.now(), error: message });
      }
    }
    return performance.now();
  }

  /** One attempt, raced against the job timeout, worker death and silence. */
  #attempt(port: WorkerPort, job: Job, attempt: number, onProgress: (p: FitProgress) => void): Promise<JobResult> {
    const { timeoutMs, heartbeatMs, heartbeatTimeoutMs } = this.options;
    return new Promise<JobResult>((resolve, reject) => {
      let settled = false;
      let heard = performance.now();
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        clearInterval(beat);
        unsubscribe();
        fn();
      };
      const timer = setTimeout(() => finish(() => reject(new WorkerLost(`Timed out after ${Math.round(timeoutMs / 1000)} s`))), timeoutMs);
      const beat = setInterval(() => {
        if (performance.now() - heard > heartbeatTimeoutMs) finish(() => reject(new WorkerLost(`Worker ${port.id} stopped answering`)));
        else void port.ping().then(() => (heard = performance.now()), () => {});
      }, heartbeatMs);
      const unsubscribe = port.onDeath((reason) => finish(() => reject(new WorkerLost(`Worker ${port.id} crashed: ${reason}`))));
      port.run(job, attempt, (p) => {
        heard = performance.now();
        onProgress(p);
      }).then(
        (r) => finish(() => resolve(r)),
        (e) => finish(() => reject(e)),
      );
    });
  }

  #set(record: JobRecord, patch: Partial<JobRecord>): void {
    Object.assign(record, patch);
    this.options.onUpdate?.(record);
  }
}

/** The messages engines give when an allocation fails (V8 typed arrays, WASM memory growth). */
function isOutOfMemory(message: string): boolean {
  return /allocation failed|out of memory|could not allocate|memory access out of bounds/i.test(message);
}

/** True for a fit stopped by its signal (the name survives the worker boundary). */
function isCancelled(err: unknown): boolean {
  return err instanceof Error && err.name === 'CancelledError';
}
