/**
 * The IndexedDB database and small promise helpers around its event-based API.
 * Values are stored by structured clone, so typed arrays come back as typed arrays.
 */
import { StorageError, isQuotaError, quotaMessage, unavailableError } from './errors';

export const DB_NAME = 'forecaster';
export const DB_VERSION = 1;

/** Object store names. `runIndex` holds small run summaries so listing runs never reads their arrays. */
export const DATASETS = 'datasets';
export const RUNS = 'runs';
export const RUN_INDEX = 'runIndex';
export const META = 'meta';
export const BY_CREATED = 'createdAt';

/** Creates or upgrades the schema; each version step only adds, so data saved by older versions survives. */
function upgrade(db: IDBDatabase, oldVersion: number): void {
  if (oldVersion < 1) {
    db.createObjectStore(DATASETS, { keyPath: 'id' });
    db.createObjectStore(RUNS, { keyPath: 'id' }).createIndex(BY_CREATED, 'createdAt');
    db.createObjectStore(RUN_INDEX, { keyPath: 'id' }).createIndex(BY_CREATED, 'createdAt');
    // Out-of-line keys: a plain key-value store ('session' → what the app last showed).
    db.createObjectStore(META);
  }
}

/** A failure to open means storage is unusable here, unless the disk is full. */
function openError(err: unknown): StorageError {
  return isQuotaError(err) ? new StorageError(quotaMessage('open the saved data'), true, { cause: err }) : unavailableError(err);
}

/**
 * Opens (creating or upgrading) the database. `onGone` is called when the connection closes
 * by itself: another tab deletes or upgrades the database, or the browser clears site data.
 */
export function openDb(factory: IDBFactory | undefined, onGone: () => void, name = DB_NAME): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(unavailableError());
      return;
    }
    let req: IDBOpenDBRequest;
    try {
      req = factory.open(name, DB_VERSION);
    } catch (err) {
      reject(openError(err));
      return;
    }
    req.onupgradeneeded = (e) => upgrade(req.result, e.oldVersion);
    req.onsuccess = () => {
      const db = req.result;
      // Let go at once when someone else deletes or upgrades, or their request stays blocked.
      db.onversionchange = () => {
        db.close();
        onGone();
      };
      db.onclose = onGone;
      resolve(db);
    };
    req.onerror = () => reject(openError(req.error));
  });
}

/** Resolves with a request's result, rejects with its error. */
export function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new DOMException('The request failed.', 'UnknownError'));
  });
}

/**
 * Resolves when the transaction commits. A request's success is not enough: the transaction
 * can still abort (a full disk is reported this way), and then nothing was written.
 */
export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error ?? new DOMException('The transaction was aborted.', 'AbortError'));
  });
}

/**
 * Runs `body` in one transaction and resolves with its value once the transaction has
 * committed. `body` must issue its requests synchronously (or from request callbacks).
 */
export async function transact<T>(
  db: IDBDatabase,
  stores: string[],
  mode: IDBTransactionMode,
  body: (tx: IDBTransaction) => T | Promise<T>,
  options?: IDBTransactionOptions,
): Promise<T> {
  const tx = db.transaction(stores, mode, options);
  const committed = done(tx);
  let value: Promise<T>;
  try {
    value = Promise.resolve(body(tx));
  } catch (err) {
    // e.g. DataCloneError from put: undo whatever the body already queued.
    committed.catch(() => undefined);
    try {
      tx.abort();
    } catch {
      // Already finished or aborted: nothing left to undo.
    }
    throw err;
  }
  const [result] = await Promise.all([value, committed]);
  return result;
}

/**
 * Deletes a whole database. When another connection will not close (an old tab of the app),
 * the browser reports `blocked` and waits; after `blockedMs` we give up and say why.
 */
export function deleteDb(factory: IDBFactory | undefined, name: string, blockedMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!factory) {
      reject(unavailableError());
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const req = factory.deleteDatabase(name);
    req.onsuccess = () => {
      clearTimeout(timer);
      resolve();
    };
    req.onerror = () => {
      clearTimeout(timer);
      reject(req.error ?? new DOMException('The database could not be deleted.', 'UnknownError'));
    };
    req.onblocked = () => {
      timer ??= setTimeout(
        () => reject(new StorageError('Another tab of this app is keeping the saved data open, so it was not deleted. Close the other tabs, then delete again.')),
        blockedMs,
      );
    };
  });
}
