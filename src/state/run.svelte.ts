import { browserSpawner } from '../engine/browser-pool';
import { defaultHorizon, defaultLookback } from '../engine/defaults';
import { parseTestHooks } from '../engine/faults';
import { memorySampler, type MemoryReading } from '../engine/memory';
import { chooseBackend, probePlatform, type BackendChoice, type PlatformProbe } from '../engine/platform';
import { planJobs, withoutDone } from '../engine/plan';
import { defaultBudgetMB, planMemory, type MemoryPlan } from '../engine/memory-plan';
import { Pool } from '../engine/pool';
import { shareTable } from '../engine/transfer';
import type { Job, JobRecord, JobResult, RunSpec, SeriesTable } from '../engine/types';
import type { LoadedDataset } from '../data/parse-session';
import { assembleResults } from '../results/assemble';
import { tableOf } from '../engine/series-table';
import { fingerprint, futureTimes } from '../results/dataset-info';
import type { RunResults } from '../results/types';
import type { SettingsState } from './settings.svelte';
import type { LogState } from './log.svelte';

/** How often the run panel refreshes while jobs report progress. */
const UI_REFRESH_MS = 500;

/** How often, at most, the finished jobs of a run are handed over for saving. */
const CHECKPOINT_EVERY_MS = 2_000;

/** A job and its result. */
export interface FinishedJob {
  job: Job;
  result: JobResult;
}

/** Extras of a run: jobs already done (resuming), and where to save progress as it goes. */
export interface RunOptions {
  resume?: FinishedJob[];
  onCheckpoint?: (done: FinishedJob[], total: number) => void;
}

/** One finished run: what ran, how long it took, what it used. */
export interface RunSummary {
  spec: RunSpec;
  workers: number;
  choice: BackendChoice;
  seconds: number;
  peakMemory: MemoryReading;
  /** tfjs tensors still held by the workers after the run (0 unless a leak; none without tfjs). */
  tensors: { workers: number; numTensors: number; numBytes: number; backends: string[] };
  records: JobRecord[];
  results: RunResults;
}

/** Runs forecasts on the worker pool and keeps what the run panel shows. */
export class RunState {
  /** Job records, replaced whole at most once per frame while a run is going. */
  records = $state.raw<JobRecord[]>([]);
  running = $state(false);
  startedAt = $state(0);
  /** The latest finished (or cancelled) run. */
  last = $state.raw<RunSummary | null>(null);
  platform = $state.raw<PlatformProbe | null>(null);
  /** Live figures while a run goes: memory (page + workers where measurable), tfjs tensors and backends in the workers. */
  monitor = $state.raw<{ memory: MemoryReading | null; tensors: number | null; backends: string[] } | null>(null);
  error = $state<string | null>(null);

  /**
   * Warm pools by backend and WASM threads, kept between runs. One per thread count stays:
   * the Performance view alternates 1 worker (WASM threads on many cores) with N workers
   * (one thread each), and a fresh pool would time cold workers.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not state
  #pools = new Map<string, Pool>();
  /** The pool of the run in progress. */
  #active: Pool | null = null;
  #shared = new WeakMap<LoadedDataset, SeriesTable>();
  #pending = false;
  #polledAt = 0;
  #checkpoint: { save: NonNullable<RunOptions['onCheckpoint']>; at: number; done: number; prior: FinishedJob[] } | null = null;
  readonly #settings: SettingsState;
  readonly #log: LogState | null;
  /** Last status logged per job, so each change is logged once (bookkeeping, not state). */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #logged = new Map<string, JobRecord['status']>();

  constructor(settings: SettingsState, log: LogState | null = null) {
    this.#settings = settings;
    this.#log = log;
  }

  /** Jobs finished (done, failed or cancelled) and in total. */
  get counts() {
    let done = 0;
    let failed = 0;
    for (const r of this.records) {
      if (r.status === 'done') done++;
      else if (r.status === 'failed') failed++;
    }
    return { done, failed, total: this.records.length };
  }

  /** Probes the browser once (WebGPU, isolation, SIMD). */
  async probe(): Promise<PlatformProbe> {
    return (this.platform ??= await probePlatform());
  }

  /** The backend a run with this many workers would use, and why. */
  choice(workers: number): BackendChoice | null {
    return this.platform ? chooseBackend(this.platform, workers, this.#settings.value.backend) : null;
  }

  /** Whether a run fits the memory budget, and on how many workers (null before the probe). */
  memoryPlan(data: LoadedDataset, spec: RunSpec, workers: number): MemoryPlan | null {
    const choice = this.choice(workers);
    if (!choice) return null;
    const perf = globalThis.performance as Performance & { memory?: { jsHeapSizeLimit: number } };
    const nav = globalThis.navigator as Navigator & { deviceMemory?: number };
    const budget = this.#settings.value.memoryBudgetMB ?? defaultBudgetMB(perf.memory?.jsHeapSizeLimit, nav?.deviceMemory);
    return planMemory(spec, data.frame.time.length, data.frame.cols.length, workers, choice.shared, budget);
  }

  /** The RunSpec for a dataset and the current settings. */
  specFor(data: LoadedDataset, targets: string[], drivers: string[]): RunSpec {
    const s = this.#settings.value;
    const horizon = s.horizon ?? defaultHorizon(data.check.frequency.kind);
    const period = data.profiles.find((p) => targets.includes(p.name))?.seasonalPeriod ?? null;
    const lookback = s.lookback ?? defaultLookback(horizon, period, data.frame.time.length);
    const hooks = parseTestHooks(globalThis.location?.search ?? '');
    const backtest = { step: s.backtestStep ?? horizon, mode: s.backtestMode, trainWindow: s.trainWindow ?? Math.max(5 * lookback, lookback + horizon + 1), refitEvery: s.refitEvery };
    return { targets, drivers, models: s.models.map((kind) => ({ kind })), lookback, horizon, backtests: s.backtests, backtest, seed: s.seed, faults: hooks.faults };
  }

  /** Runs `spec` on `workers` workers; resolves with the summary (also kept in `last`). */
  async run(data: LoadedDataset, spec: RunSpec, workers: number, options: RunOptions = {}): Promise<RunSummary | null> {
    if (this.running) return null;
    this.error = null;
    const table = tableOf(data);
    const prior = options.resume ?? [];
    let jobs;
    try {
      jobs = withoutDone(planJobs(spec, table), prior);
    } catch (err) {
      this.error = (err as Error).message;
      return null;
    }
    const platform = await this.probe();
    const fit = this.memoryPlan(data, spec, workers);
    if (fit && fit.workers < workers) {
      this.#log?.warn('app', `Using ${fit.workers} worker(s) instead of ${workers}: the run is estimated at ${Math.round(fit.estimateMB)} MB, within the ${Math.round(fit.budgetMB)} MB memory budget only that way`);
      workers = fit.workers;
    }
    if (fit?.trainRows) {
      const trainWindow = Math.min(fit.trainRows, spec.backtest?.mode === 'sliding' ? (spec.backtest.trainWindow ?? Infinity) : Infinity);
      spec = { ...spec, backtest: { ...spec.backtest, mode: 'sliding', trainWindow } };
      jobs = withoutDone(planJobs(spec, table), prior);
      this.#log?.warn('app', `Each model learns from the latest ${trainWindow} rows only (of ${table.time.length}): with all of them the run would not fit the ${Math.round(fit.budgetMB)} MB memory budget`);
    }
    if (fit?.overBudget) this.#log?.warn('app', `The run is estimated at ${Math.round(fit.estimateMB)} MB, over the ${Math.round(fit.budgetMB)} MB budget: the tab may run out of memory`);
    const choice = chooseBackend(platform, workers, this.#settings.value.backend);
    const pool = this.#poolFor(choice, workers);
    if (choice.shared && !this.#shared.has(data)) this.#shared.set(data, shareTable(table));
    this.#active = pool;
    this.running = true;
    this.startedAt = performance.now();
    this.#logged.clear();
    this.#checkpoint = options.onCheckpoint ? { save: options.onCheckpoint, at: 0, done: 0, prior } : null;
    if (prior.length) this.#log?.info('app', `Resuming a run: ${prior.length} jobs were already done`);
    this.#log?.info('app', `Run started: ${spec.targets.length} series × ${spec.models.length} models × ${spec.backtests + 1} fits = ${jobs.length} jobs on ${workers} worker(s), ${choice.backend} (${choice.reason})`);
    this.monitor = { memory: null, tensors: null, backends: [] };
    const memory = memorySampler(2000, (m) => (this.monitor = { ...this.monitor!, memory: m }));
    try {
      const fresh = await pool.run(jobs, choice.shared ? this.#shared.get(data)! : table);
      const records = [...prior.map(resumedRecord), ...fresh];
      const seconds = (performance.now() - this.startedAt) / 1000;
      const [peakMemory, tensors] = await Promise.all([memory.stop(), pool.stats()]);
      const results = assembleResults({
        id: runId(),
        records,
        spec,
        table,
        dataset: {
          fileName: data.fileName,
          rows: table.time.length,
          fingerprint: fingerprint(table),
          time: table.time,
          futureTime: futureTimes(table.time, data.check.frequency, spec.horizon),
          frequency: data.check.frequency.kind,
        },
        run: { workers, backend: choice.backend, seconds },
      });
      const summary: RunSummary = { spec, workers, choice, seconds, peakMemory, tensors, records, results };
      this.records = [...records];
      this.last = summary;
      const failed = records.filter((r) => r.status === 'failed').length;
      const cancelled = records.filter((r) => r.status === 'cancelled').length;
      this.#log?.add(failed ? 'warn' : 'info', 'app', `Run finished in ${seconds.toFixed(2)} s: ${records.length - failed - cancelled} done, ${failed} failed, ${cancelled} cancelled`, { ms: seconds * 1000 });
      return summary;
    } catch (err) {
      await memory.stop();
      this.error = `The run stopped: ${(err as Error).message}`;
      this.#log?.error('app', this.error);
      return null;
    } finally {
      this.#active = null;
      this.#checkpoint = null;
      this.running = false;
    }
  }

  /** The warm pool for this backend and thread count, else a new one (pools of another backend are closed). */
  #poolFor(choice: BackendChoice, workers: number): Pool {
    const key = `${choice.backend}/${choice.threads}`;
    let pool = this.#pools.get(key);
    if (!pool) {
      for (const [k, old] of this.#pools) {
        if (k.startsWith(`${choice.backend}/`)) continue;
        old.close();
        this.#pools.delete(k);
      }
      const hooks = parseTestHooks(globalThis.location?.search ?? '');
      pool = new Pool(browserSpawner(choice), {
        size: workers,
        ...(hooks.heartbeatTimeoutMs ? { heartbeatTimeoutMs: hooks.heartbeatTimeoutMs } : {}),
        ...(hooks.batchMs !== null ? { batchMs: hooks.batchMs } : {}),
        onUpdate: (r) => {
          this.#logRecord(r);
          this.#schedule();
        },
        onRespawn: (worker, reason) => this.#log?.warn(`worker ${worker}`, `Worker replaced: ${reason}`),
      });
      this.#pools.set(key, pool);
    }
    pool.resize(workers);
    pool.options.retries = this.#settings.value.retries;
    pool.options.timeoutMs = this.#settings.value.timeoutSeconds * 1000;
    return pool;
  }

  /** Logs a job's status when it changes (not its progress ticks). */
  #logRecord(r: JobRecord): void {
    if (!this.#log || this.#logged.get(r.job.id) === r.status) return;
    this.#logged.set(r.job.id, r.status);
    const what = `${r.job.model.kind} ${r.job.fold < 0 ? 'final fit' : `backtest fold ${r.job.fold}`}`;
    const source = r.worker === null ? 'app' : `worker ${r.worker}`;
    const ms = r.startedAt !== null && r.endedAt !== null ? r.endedAt - r.startedAt : null;
    if (r.status === 'done') this.#log.add('debug', source, `${what} done${r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}`, { target: r.job.target, ms });
    else if (r.status === 'retrying') this.#log.warn(source, `${what} failed (attempt ${r.attempts}), retrying: ${r.error}`, { target: r.job.target });
    else if (r.status === 'failed') this.#log.error(source, `${what} failed after ${r.attempts} attempts: ${r.error}`, { target: r.job.target });
  }

  /** Soft cancel waits for the current epoch; hard cancel terminates the workers at once. */
  cancel(hard = false): void {
    this.#active?.cancel(hard);
  }

  /**
   * Coalesces record updates to a few per second: on a 2-core machine every millisecond the
   * page spends re-rendering is taken from the workers.
   */
  #schedule(): void {
    if (this.#pending) return;
    this.#pending = true;
    setTimeout(() => {
      this.#pending = false;
      const pool = this.#active;
      if (pool) this.records = pool.snapshot();
      this.#maybeCheckpoint();
      this.#pollWorkers(pool);
    }, UI_REFRESH_MS);
  }

  /** Asks the workers for their tfjs memory and backend, at most every 2 s. */
  #pollWorkers(pool: Pool | null): void {
    if (!pool || performance.now() - this.#polledAt < 2_000) return;
    this.#polledAt = performance.now();
    void pool.stats().then((s) => {
      if (this.monitor && this.#active === pool) this.monitor = { ...this.monitor, tensors: s.numTensors, backends: s.backends };
    });
  }

  /** Hands the finished jobs to the checkpoint callback, at most every few seconds and only when more finished. */
  #maybeCheckpoint(): void {
    const c = this.#checkpoint;
    if (!c || performance.now() - c.at < CHECKPOINT_EVERY_MS) return;
    const done = this.records.filter((r) => r.status === 'done' && r.result);
    if (done.length === c.done) return;
    c.at = performance.now();
    c.done = done.length;
    c.save([...c.prior, ...done.map((r) => ({ job: r.job, result: r.result! }))], c.prior.length + this.records.length);
  }
}

/** A job finished in an earlier, interrupted session, as a record of this run. */
function resumedRecord(p: FinishedJob): JobRecord {
  return { job: p.job, status: 'done', attempts: 1, worker: null, startedAt: null, endedAt: null, progress: null, result: p.result, error: null };
}

/** A sortable unique run id: time first, then randomness. */
function runId(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
