import type { BackendName, WasmPaths } from '../models/tfjs/runtime';
import type { FitProgress, ModelState } from '../models/types';
import { FitCache } from './fit-cache';
import { runJob, trainingData } from './run-job';
import { modelEntry } from '../models/registry';
import type { Job, JobOutcome, JobResult, SeriesTable } from './types';

/** How a worker's tfjs runtime should start. */
export interface TrainerConfig {
  backend: BackendName;
  /** WASM threads (1 when the pool provides the parallelism). */
  threads: number;
  wasmPaths?: WasmPaths;
  /** Minimum time between two progress messages of one job (default 250 ms; tests use 0). */
  progressEveryMs?: number;
}

/** What the host of a trainer provides (a Web Worker, a Node worker thread or a test). */
export interface TrainerHost {
  /** Ends the host abruptly: used only by test fault injection to simulate a crash. */
  crash(): void;
}

/** Default minimum time between two progress messages of one job. */
const PROGRESS_EVERY_MS = 250;

/**
 * The API a training worker exposes: receive the table once, then run jobs by id.
 * Plain functions over plain data, so Node tests call it directly or through worker_threads.
 */
export function createTrainer(host: TrainerHost) {
  let table: SeriesTable | null = null;
  let config: TrainerConfig = { backend: 'cpu', threads: 1 };
  let backend: Promise<string> | null = null;
  const aborted = new Set<string>();
  const fits = new FitCache();

  /** Set when the WebGPU device is lost: the reason, until the worker has moved to WASM. */
  let gpuLost: string | null = null;
  let runtime: typeof import('../models/tfjs/runtime') | null = null;

  const ensureBackend = () =>
    (backend ??= import('../models/tfjs/runtime').then(async (rt) => {
      runtime = rt;
      const name = await rt.initBackend({ backend: config.backend, threads: config.threads, wasmPaths: config.wasmPaths });
      if (name === 'webgpu') void rt.deviceLost().then((reason) => (gpuLost = reason));
      return name;
    }));

  /** A lost GPU device never comes back in this worker: it goes on with WASM (kept fits held GPU tensors). */
  function leaveLostGpu(): string | null {
    const reason = gpuLost;
    if (reason === null || config.backend !== 'webgpu') return null;
    config = { ...config, backend: 'wasm' };
    backend = null;
    gpuLost = null;
    fits.clear();
    return reason;
  }

  /** The device-lost event can trail the failed GPU read it caused by a few milliseconds. */
  async function lostDuring(err: unknown): Promise<Error | null> {
    if (config.backend !== 'webgpu' || !backend) return null;
    if (gpuLost === null) await new Promise((r) => setTimeout(r, 200));
    const reason = leaveLostGpu();
    if (reason === null) return null;
    const cause = err instanceof Error ? err.message : String(err);
    return new Error(`The GPU device was lost (${reason}); this worker goes on with WASM. The job failed with: ${cause}`);
  }

  let busy: Promise<void> = Promise.resolve();

  /** Runs `task` after every task given before it has finished. */
  async function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const before = busy;
    let release!: () => void;
    busy = new Promise<void>((r) => (release = r));
    try {
      await before;
      return await task();
    } finally {
      release();
    }
  }

  /** One job, start to finish. */
  async function runOne(job: Job, attempt: number, onProgress?: (p: FitProgress) => void): Promise<JobResult> {
    if (!table) throw new Error('No dataset: setTable() must come before run()');
    if (job.fault?.throws && attempt < job.fault.throws) throw new Error(`Injected failure (attempt ${attempt + 1} of ${job.id})`);
    if (job.fault?.oom && attempt < job.fault.oom) throw new RangeError('Array buffer allocation failed (injected)');
    leaveLostGpu(); // lost while idle: this job already runs on WASM
    const crashHere = !!job.fault?.crashes && attempt < job.fault.crashes;
    // The first report waits a full interval too: a job shorter than that sends none, and its
    // last progress rides on the result (each report is a round trip the page must answer).
    let lastSent = performance.now();
    const signal = { get aborted() { return aborted.has(job.id); } };
    try {
      // Lost as the job starts: the fit's first read from the GPU fails, as it would mid-fit, without
      // first compiling every shader of a training step (minutes under SwiftShader).
      if (job.fault?.gpuLost && attempt < job.fault.gpuLost && (await ensureBackend()) === 'webgpu') runtime!.loseDevice();
      if (job.fault?.wasmOom && attempt < job.fault.wasmOom && (await ensureBackend()) === 'wasm') await runtime!.overflowWasmMemory();
      const result = await runJob(job, {
        table,
        backend: config.backend,
        signal,
        ensureBackend,
        fits,
        onProgress: (p) => {
          if (crashHere) host.crash(); // dies mid-fit, after some work was done
          const now = performance.now();
          if (onProgress && now - lastSent >= (config.progressEveryMs ?? PROGRESS_EVERY_MS) && p.done < p.total) {
            lastSent = now;
            onProgress(p);
          }
        },
      });
      if (crashHere) {
        host.crash(); // a job without progress reports dies before answering
        await new Promise(() => {});
      }
      return result;
    } catch (err) {
      throw (await lostDuring(err)) ?? outOfMemory(err) ?? err;
    } finally {
      aborted.delete(job.id);
    }
  }

  return {
    /** Sets the backend this worker will use for neural models (started lazily). */
    configure(next: TrainerConfig): void {
      config = next;
      backend = null;
      fits.clear(); // kept fits may hold tensors of the old backend
    },
    /** Receives the run's series once (shared or transferred columns). */
    setTable(next: SeriesTable): void {
      table = next;
      fits.clear();
    },
    /**
     * Runs one job; `attempt` counts from 0 and drives test fault injection. Jobs run one at a
     * time: a job sent ahead waits here for the one before it.
     */
    run(job: Job, attempt: number, onProgress?: (p: FitProgress) => void): Promise<JobResult> {
      aborted.delete(job.id);
      return exclusive(() => runOne(job, attempt, onProgress));
    },
    /**
     * Runs a batch of jobs in turn (one message for several short jobs). It stops at the first
     * failure: a failed job may leave the worker in doubt (out of memory, a lost GPU), so the
     * jobs after it come back as not run, for the pool to send again.
     */
    runBatch(jobs: Job[], attempts: number[], onProgress?: (jobId: string, p: FitProgress) => void): Promise<JobOutcome[]> {
      for (const job of jobs) aborted.delete(job.id);
      return exclusive(async () => {
        const out: JobOutcome[] = [];
        let failed = false;
        for (const [i, job] of jobs.entries()) {
          if (failed) {
            out.push({ jobId: job.id, result: null, error: null, ms: 0 });
            continue;
          }
          const t0 = performance.now();
          try {
            const result = await runOne(job, attempts[i], onProgress && ((p) => onProgress(job.id, p)));
            out.push({ jobId: job.id, result, error: null, ms: performance.now() - t0 });
          } catch (err) {
            const e = err instanceof Error ? err : new Error(String(err));
            failed = true;
            out.push({ jobId: job.id, result: null, error: { name: e.name, message: e.message }, ms: performance.now() - t0 });
          }
        }
        return out;
      });
    },
    /**
     * Forecasts the job's window with a saved model on this worker's backend, without fitting:
     * the same weights on another backend must give the same numbers (the backend check).
     */
    async predictWith(state: ModelState, job: Job): Promise<{ forecast: Float64Array; backend: string; ms: number }> {
      if (!table) throw new Error('No dataset: setTable() must come before predictWith()');
      const entry = modelEntry(state.kind);
      const name = entry.usesTf() ? await ensureBackend() : 'js';
      const t0 = performance.now();
      const model = await entry.restore(state);
      try {
        return { forecast: (await model.predict(job.horizon, trainingData(job, table))).mean, backend: name, ms: performance.now() - t0 };
      } finally {
        model.dispose();
      }
    },
    /** Asks a running job to stop at its next epoch/round boundary. */
    cancel(jobId: string): void {
      aborted.add(jobId);
    },
    /** Answers the pool's liveness check. */
    ping(): true {
      return true;
    },
    /** Tensor memory of this worker, when tfjs has been started. */
    async stats(): Promise<{ backend: string | null; numTensors: number; numBytes: number }> {
      if (!backend) return { backend: null, numTensors: 0, numBytes: 0 };
      const name = await backend;
      const rt = await import('../models/tfjs/runtime');
      return { backend: name, ...rt.tensorMemory() };
    },
  };
}

/** The remote API of a training worker. */
export type TrainerApi = ReturnType<typeof createTrainer>;

/**
 * A WASM allocation beyond its memory fails as a RangeError ("offset is out of bounds") and an
 * Emscripten abort ("Aborted()") leaves the module dead: both are said as out of memory, which
 * the pool answers by replacing the worker.
 */
function outOfMemory(err: unknown): Error | null {
  const msg = err instanceof Error ? err.message : String(err);
  if ((!(err instanceof RangeError) && !/^Aborted\(/.test(msg)) || /call stack/i.test(msg)) return null;
  if (/allocation failed|out of memory/i.test(msg)) return null; // already says so
  return new Error(`Out of memory in the worker (${msg}): the model needs more memory than this browser gives a worker.`);
}

