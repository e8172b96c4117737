/**
 * What the app saves in the browser: loaded datasets, finished runs and the session (what was
 * on screen), so a reload reopens where the user left. Every failure rejects with a StorageError.
 */
import type { ParseOptions } from '../data/frame';
import type { CleanOptions } from '../data/timeline';
import type { RunResults } from '../results/types';
import type { Job, JobResult, RunSpec } from '../engine/types';
import { BY_CREATED, DATASETS, DB_NAME, META, RUNS, RUN_INDEX, deleteDb, openDb, request, transact } from './db';
import { toStorageError } from './errors';
import { summarizeRun, type RunSummary } from './summary';
import { clearCaches, clearLocal, defaultCaches, defaultLocal, defaultQuota, type CacheArea, type KeyValueArea, type QuotaArea } from './wipe';

/** What the app last showed. */
export interface Session {
  datasetId: string | null;
  runId: string | null;
  /** The tab (screen) that was open. */
  tab: string;
}

/** What deleteAll removed. */
export interface Removed {
  /** The IndexedDB database that was deleted. */
  database: string;
  /** Runs and datasets it held. */
  runs: number;
  datasets: number;
  localStorageKeys: string[];
  caches: string[];
}

/** Storage figures from the browser, in bytes (null where the browser does not say). */
export interface Usage {
  usage: number | null;
  quota: number | null;
}

/** Where the store keeps things; every field defaults to the page's own, so tests can pass stand-ins. */
export interface StoreOptions {
  factory?: IDBFactory;
  name?: string;
  local?: KeyValueArea | null;
  caches?: CacheArea | null;
  quota?: QuotaArea | null;
  /** How long deleteAll waits for another tab to let go of the database. */
  blockedMs?: number;
}

/**
 * A dataset as saved: the file as the user gave it plus their choices on it. Reopening reads
 * it again through the same import, so every later choice (re-parse, re-clean) still works.
 */
export interface SavedDataset {
  file: Blob;
  fileName: string;
  parse: ParseOptions;
  clean: CleanOptions;
  /** Role of each series by name ('target' | 'driver' | 'ignore'). */
  roles: Record<string, string>;
}

interface DatasetRecord {
  id: string;
  savedAt: number;
  data: SavedDataset;
}

const SESSION = 'session';
const CHECKPOINT = 'checkpoint';

/** The finished jobs of a run in progress, saved as it goes so a reload can resume it. */
export interface Checkpoint {
  spec: RunSpec;
  /** Fingerprint of the data the run used: a checkpoint resumes only on the same data. */
  fingerprint: string;
  fileName: string;
  startedAt: number;
  total: number;
  done: { job: Job; result: JobResult }[];
}
/** Runs and datasets take minutes to recompute: ask the browser to flush them to disk before reporting success. */
const STRICT: IDBTransactionOptions = { durability: 'strict' };

export class Store {
  readonly #options: StoreOptions;
  readonly #name: string;
  #db: Promise<IDBDatabase> | null = null;

  constructor(options: StoreOptions = {}) {
    this.#options = options;
    this.#name = options.name ?? DB_NAME;
  }

  async saveDataset(id: string, data: SavedDataset): Promise<void> {
    const record: DatasetRecord = { id, savedAt: Date.now(), data };
    await this.#write('save the dataset', [DATASETS], (tx) => void tx.objectStore(DATASETS).put(record), STRICT);
  }

  async loadDataset(id: string): Promise<SavedDataset | null> {
    const record = await this.#read<DatasetRecord | undefined>('load the dataset', [DATASETS], (tx) => request(tx.objectStore(DATASETS).get(id)));
    return record?.data ?? null;
  }

  /** Deletes a dataset; a session pointing at it forgets it. */
  async deleteDataset(id: string): Promise<void> {
    await this.#write('delete the dataset', [DATASETS, META], (tx) => {
      tx.objectStore(DATASETS).delete(id);
      forgetInSession(tx, (s) => (s.datasetId === id ? { ...s, datasetId: null } : null));
    });
  }

  /** Saves (or replaces) a run and its summary in one transaction, so the list never shows a run that is not there. */
  async saveRun(run: RunResults): Promise<void> {
    const summary = summarizeRun(run);
    await this.#write(
      'save the run',
      [RUNS, RUN_INDEX],
      (tx) => {
        tx.objectStore(RUNS).put(run);
        tx.objectStore(RUN_INDEX).put(summary);
      },
      STRICT,
    );
  }

  async loadRun(id: string): Promise<RunResults | null> {
    const run = await this.#read<RunResults | undefined>('load the run', [RUNS], (tx) => request(tx.objectStore(RUNS).get(id)));
    return run ?? null;
  }

  /** Summaries of every saved run, newest first; reads no run arrays. */
  async listRuns(): Promise<RunSummary[]> {
    const all = await this.#read<RunSummary[]>('list the saved runs', [RUN_INDEX], (tx) => request(tx.objectStore(RUN_INDEX).index(BY_CREATED).getAll()));
    return all.reverse();
  }

  /** Deletes a run; a session pointing at it forgets it. */
  async deleteRun(id: string): Promise<void> {
    await this.#write('delete the run', [RUNS, RUN_INDEX, META], (tx) => {
      tx.objectStore(RUNS).delete(id);
      tx.objectStore(RUN_INDEX).delete(id);
      forgetInSession(tx, (s) => (s.runId === id ? { ...s, runId: null } : null));
    });
  }

  async setSession(session: Session): Promise<void> {
    const value: Session = { datasetId: session.datasetId, runId: session.runId, tab: session.tab };
    await this.#write('remember the session', [META], (tx) => void tx.objectStore(META).put(value, SESSION));
  }

  async saveCheckpoint(c: Checkpoint): Promise<void> {
    await this.#write('save the run in progress', [META], (tx) => void tx.objectStore(META).put(c, CHECKPOINT));
  }

  async loadCheckpoint(): Promise<Checkpoint | null> {
    return (await this.#read<Checkpoint | undefined>('read the run in progress', [META], (tx) => request(tx.objectStore(META).get(CHECKPOINT)))) ?? null;
  }

  async clearCheckpoint(): Promise<void> {
    await this.#write('forget the run in progress', [META], (tx) => void tx.objectStore(META).delete(CHECKPOINT));
  }

  async getSession(): Promise<Session | null> {
    const s = await this.#read<Session | undefined>('read the session', [META], (tx) => request(tx.objectStore(META).get(SESSION)));
    return s ?? null;
  }

  /**
   * Deletes everything the app stored: the IndexedDB database, its localStorage keys and Cache
   * Storage. Every area is tried even when one fails; then the first failure is thrown.
   */
  async deleteAll(): Promise<Removed> {
    const action = 'delete the saved data';
    const failures: unknown[] = [];
    const removed: Removed = { database: this.#name, runs: 0, datasets: 0, localStorageKeys: [], caches: [] };
    try {
      [removed.runs, removed.datasets] = await this.#read('count the saved data', [RUNS, DATASETS], (tx) =>
        Promise.all([request(tx.objectStore(RUNS).count()), request(tx.objectStore(DATASETS).count())]),
      );
    } catch (err) {
      failures.push(err);
    }
    try {
      // Our own open connection would block the delete.
      await this.close();
      await deleteDb(this.#factory(), this.#name, this.#options.blockedMs ?? 3000);
    } catch (err) {
      failures.push(err);
    }
    try {
      removed.localStorageKeys = clearLocal(this.#options.local === undefined ? defaultLocal() : this.#options.local);
    } catch (err) {
      failures.push(err);
    }
    try {
      removed.caches = await clearCaches(this.#options.caches === undefined ? defaultCaches() : this.#options.caches);
    } catch (err) {
      failures.push(err);
    }
    if (failures.length) throw toStorageError(failures[0], action);
    return removed;
  }

  /** The browser's storage estimate, or null where it gives none. */
  async usage(): Promise<Usage | null> {
    const area = this.#options.quota === undefined ? defaultQuota() : this.#options.quota;
    if (!area) return null;
    try {
      const e = await area.estimate();
      return { usage: e.usage ?? null, quota: e.quota ?? null };
    } catch (err) {
      throw toStorageError(err, 'read how much storage is used');
    }
  }

  /** Closes the connection (once pending transactions finish); the next call opens a new one. */
  async close(): Promise<void> {
    const opening = this.#db;
    this.#db = null;
    // A failed open has nothing to close (and its rejection was already reported to that caller).
    await opening?.then((db) => db.close(), () => undefined);
  }

  #factory(): IDBFactory | undefined {
    if (this.#options.factory) return this.#options.factory;
    try {
      return typeof indexedDB === 'undefined' ? undefined : indexedDB;
    } catch {
      // Reading `indexedDB` throws SecurityError where site data is blocked.
      return undefined;
    }
  }

  /** The open connection, opened on first use; a failed open is retried by the next call. */
  #open(): Promise<IDBDatabase> {
    if (!this.#db) {
      const opening = openDb(this.#factory(), () => {
        if (this.#db === opening) this.#db = null;
      }, this.#name);
      this.#db = opening;
      opening.catch(() => {
        if (this.#db === opening) this.#db = null;
      });
    }
    return this.#db;
  }

  async #read<T>(action: string, stores: string[], body: (tx: IDBTransaction) => Promise<T>): Promise<T> {
    try {
      return await transact(await this.#open(), stores, 'readonly', body);
    } catch (err) {
      throw toStorageError(err, action);
    }
  }

  async #write(action: string, stores: string[], body: (tx: IDBTransaction) => void, options?: IDBTransactionOptions): Promise<void> {
    try {
      await transact(await this.#open(), stores, 'readwrite', body, options);
    } catch (err) {
      throw toStorageError(err, action);
    }
  }
}

/** Rewrites the stored session when `change` returns a new one (from the get's callback, so the transaction stays active). */
function forgetInSession(tx: IDBTransaction, change: (s: Session) => Session | null): void {
  const meta = tx.objectStore(META);
  const get = meta.get(SESSION);
  get.onsuccess = () => {
    const s = get.result as Session | undefined;
    const next = s ? change(s) : null;
    if (next) meta.put(next, SESSION);
  };
}
