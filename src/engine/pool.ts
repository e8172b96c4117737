import type { FitProgress } from '../models/types';
import type { Job, JobOutcome, JobRecord, SeriesTable } from './types';

/** One live worker as the pool sees it (a Web Worker, a worker thread or an in-process fake). */
export interface WorkerPort {
  readonly id: number;
  /** Gives the worker a run's series (once per run and worker; shared memory needs no copy). */
  setTable(table: SeriesTable): Promise<void>;
  /** Runs a batch of jobs in turn; one outcome per job (see `createTrainer().runBatch`). */
  run(jobs: Job[], attempts: number[], onProgress: (jobId: string, p: FitProgress) => void): Promise<JobOutcome[]>;
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
  /**
   * Work per message, in ms: short jobs travel in batches of about this much (by the run's
   * measured time per cost unit), so the page handles a few messages a second per worker,
   * not hundreds. 0 sends every job alone.
   */
  batchMs: number;
  /** How often a busy worker is pinged, and how long it may stay silent before it counts as dead. */
  heartbeatMs: number;
  heartbeatTimeoutMs: number;
  /** Batches sent ahead to each worker (2: the next one is already there when one finishes). */
  depth: number;
  /** Called after every change of a job's record (status, worker, progress). */
  onUpdate?: (record: JobRecord) => void;
  /** Called when a worker is replaced, with the reason. */
  onRespawn?: (worker: number, reason: string) => void;
}

/** Defaults: 3 retries, 10-minute job timeout, a worker silent for 20 s is dead, batches of ~100 ms, one sent ahead. */
export const POOL_DEFAULTS: Omit<PoolOptions, 'size'> = { retries: 3, timeoutMs: 600_000, batchMs: 100, heartbeatMs: 1_000, heartbeatTimeoutMs: 20_000, depth: 2 };

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
  /** Workers the pool terminated itself: the batches still waiting in them never ran. */
  #retired = new WeakSet<WorkerPort>();
  #table: SeriesTable | null = null;
  #cancelled = false;
  #nextId = 0;
  /** Worker time and estimated cost of the run's finished jobs: ms per cost unit, for batch sizes. */
  #spent = { ms: 0, cost: 0 };

  constructor(spawn: SpawnWorker, options: Partial<PoolOptions> & { size: number }) {
    this.#spawn = spawn;
    this.options = { ...POOL_DEFAULTS, ...options };
  }

  /** Runs every job (already ordered) on `table`; resolves when each is done, failed or cancelled. */
  async run(jobs: Job[], table: SeriesTable): Promise<JobRecord[]> {
    this.#cancelled = false;
    this.#table = table;
    this.#queue = [...jobs];
    this.#spent = { ms: 0, cost: 0 };
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
   * One worker's loop: keep up to `depth` batches sent to it (the next one waits in the worker,
   * so the worker never idles while the page handles a result), until the queue is empty.
   */
  async #lane(lane: number): Promise<void> {
    const inflight = new Set<Promise<void>>();
    let lastEnd = 0;
    for (;;) {
      while (!this.#cancelled && inflight.size < this.options.depth && this.#queue.length > 0) {
        const port = await this.#portFor(lane);
        if (!port) return;
        const batch = this.#take();
        if (batch.length === 0) break;
        const done: Promise<void> = this.#runOn(port, lane, batch, () => lastEnd).then((end) => {
          lastEnd = Math.max(lastEnd, end);
          inflight.delete(done);
        });
        inflight.add(done);
      }
      if (inflight.size === 0) return;
      await Promise.race(inflight);
    }
  }

  /**
   * The next batch from the front of the queue: jobs adding up to about `batchMs` of work at
   * the run's measured ms per cost unit (one job until a first one has finished), and never
   * more than a share of what is left, so that the last batches stay small and every worker
   * finishes at about the same time.
   */
  #take(): Job[] {
    const { batchMs, size } = this.options;
    const msPerCost = this.#spent.cost > 0 ? this.#spent.ms / this.#spent.cost : Infinity;
    const most = Math.max(1, Math.floor(this.#queue.length / (2 * size)));
    const batch: Job[] = [];
    let ms = 0;
    while (this.#queue.length > 0 && batch.length < most) {
      const next = this.#queue[0].cost * msPerCost;
      if (batch.length > 0 && !(ms + next <= batchMs)) break;
      batch.push(this.#queue.shift()!);
      ms += next;
    }
    return batch;
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

  /** Runs one attempt of a batch on a port and records each job's outcome; resolves with the time it ended. */
  async #runOn(port: WorkerPort, lane: number, batch: Job[], laneFreeAt: () => number): Promise<number> {
    const records = batch.map((job) => this.#records.get(job.id)!);
    const sentAt = performance.now();
    for (const r of records) this.#set(r, { status: 'running', worker: port.id, startedAt: sentAt, attempts: r.attempts + 1, progress: null });
    let outcomes: JobOutcome[];
    try {
      outcomes = await this.#attempt(port, batch, records.map((r) => r.attempts - 1), (id, p) => this.#set(this.#records.get(id)!, { progress: p }));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Replaced after an earlier batch ran out of memory: this one was killed waiting, not by its jobs.
      if (err instanceof WorkerLost && this.#retired.has(port)) {
        for (const r of records) this.#requeue(r);
        return performance.now();
      }
      if (err instanceof WorkerLost || isOutOfMemory(message)) this.#replace(port, lane, message);
      for (const r of records) this.#failed(r, err, message);
      return performance.now();
    }
    // A batch sent ahead waited in the worker until the one before it finished: it started then,
    // and its jobs ran one after another for the times the worker measured.
    let at = Math.max(sentAt, laneFreeAt());
    for (const [i, o] of outcomes.entries()) {
      const r = records[i];
      if (o.result) {
        this.#spent.ms += o.ms;
        this.#spent.cost += r.job.cost;
        this.#set(r, { status: 'done', result: o.result, progress: o.result.progress ?? r.progress, startedAt: at, endedAt: at + o.ms, error: null });
      } else if (o.error) {
        if (isOutOfMemory(o.error.message)) this.#replace(port, lane, o.error.message);
        this.#failed(r, Object.assign(new Error(o.error.message), { name: o.error.name }), o.error.message);
      } else {
        this.#requeue(r); // the batch stopped at a failure before it
      }
      at += o.ms;
    }
    return performance.now();
  }

  /** A job that was sent but not run goes back to the front of the queue, its attempt not used. */
  #requeue(record: JobRecord): void {
    this.#set(record, { status: 'queued', worker: null, startedAt: null, attempts: record.attempts - 1 });
    this.#queue.unshift(record.job);
  }

  /** A worker that crashed, went silent, timed out or ran out of memory is terminated; the lane spawns a new one. */
  #replace(port: WorkerPort, lane: number, reason: string): void {
    if (this.#ports[lane] !== port) return;
    this.#retired.add(port);
    port.terminate();
    this.#ports[lane] = null;
    this.options.onRespawn?.(port.id, reason);
  }

  /** A failed attempt: cancelled, retried (next in line) or, after the last retry, failed. */
  #failed(record: JobRecord, err: unknown, message: string): void {
    if (isCancelled(err) || this.#cancelled) {
      this.#set(record, { status: 'cancelled', endedAt: performance.now(), error: null });
    } else if (record.attempts <= this.options.retries) {
      this.#set(record, { status: 'retrying', error: message });
      this.#queue.unshift(record.job); // it has waited long enough: next in line
    } else {
      this.#set(record, { status: 'failed', endedAt: performance.now(), error: message });
    }
  }

  /** One attempt of a batch, raced against the timeout (per job), worker death and silence. */
  #attempt(port: WorkerPort, batch: Job[], attempts: number[], onProgress: (jobId: string, p: FitProgress) => void): Promise<JobOutcome[]> {
    const { timeoutMs, heartbeatMs, heartbeatTimeoutMs } = this.options;
    return new Promise<JobOutcome[]>((resolve, reject) => {
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
      const timer = setTimeout(() => finish(() => reject(new WorkerLost(`Timed out after ${Math.round(timeoutMs / 1000)} s`))), timeoutMs * batch.length);
      const beat = setInterval(() => {
        if (performance.now() - heard > heartbeatTimeoutMs) finish(() => reject(new WorkerLost(`Worker ${port.id} stopped answering`)));
        else void port.ping().then(() => (heard = performance.now()), () => {});
      }, heartbeatMs);
      const unsubscribe = port.onDeath((reason) => finish(() => reject(new WorkerLost(`Worker ${port.id} crashed: ${reason}`))));
      port.run(batch, attempts, (id, p) => {
        heard = performance.now();
        onProgress(id, p);
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
