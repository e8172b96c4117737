import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { StorageError, isQuotaError, toStorageError } from './errors';
import { makeDataset, makeRun } from './fixtures';
import { Store } from './store';

const quota = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');

type Handler = (() => void) | null;

/** A request whose handlers the stub fires later, as a browser does. */
class StubRequest {
  result: unknown = undefined;
  error: DOMException | null = null;
  onsuccess: Handler = null;
  onerror: Handler = null;
  onupgradeneeded: Handler = null;
  onblocked: Handler = null;
}

/**
 * A factory whose database opens fine but whose disk is full: every put either throws at once
 * or, as Chrome does, fails its request and aborts the transaction with QuotaExceededError.
 */
function fullDiskFactory(how: 'abort' | 'throw'): IDBFactory {
  const transaction = () => {
    const tx = {
      error: null as DOMException | null,
      oncomplete: null as Handler,
      onabort: null as Handler,
      onerror: null as Handler,
      abort: () => undefined,
      objectStore: () => ({ put }),
    };
    function put(): StubRequest {
      if (how === 'throw') throw quota();
      const req = new StubRequest();
      setTimeout(() => {
        req.error = quota();
        req.onerror?.();
        tx.error = req.error;
        tx.onerror?.();
        tx.onabort?.();
      });
      return req;
    }
    return tx;
  };
  const db = { onversionchange: null as Handler, onclose: null as Handler, close: () => undefined, transaction };
  return {
    open: () => {
      const req = new StubRequest();
      req.result = db;
      setTimeout(() => req.onsuccess?.());
      return req;
    },
  } as unknown as IDBFactory;
}

/** A factory whose open fails the way a browser with storage disabled fails it. */
function refusingFactory(how: 'throw' | 'error'): IDBFactory {
  return {
    open: () => {
      const err = new DOMException('A mutation operation was attempted on a database that did not allow mutations.', 'InvalidStateError');
      if (how === 'throw') throw new DOMException('The operation is insecure.', 'SecurityError');
      const req = new StubRequest();
      setTimeout(() => {
        req.error = err;
        req.onerror?.();
      });
      return req;
    },
  } as unknown as IDBFactory;
}

async function failure(p: Promise<unknown>): Promise<StorageError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StorageError);
  return err as StorageError;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('quota errors', () => {
  it('a transaction aborted with QuotaExceededError becomes a StorageError with quota true', async () => {
    const store = new Store({ factory: fullDiskFactory('abort') });
    const err = await failure(store.saveRun(makeRun('r1', 1)));
    expect(err.quota).toBe(true);
    expect(err.message).toMatch(/^Browser storage is full: could not save the run\. Delete old runs or free space/);
    expect(err.cause).toBeInstanceOf(DOMException);
  });

  it('a put that throws QuotaExceededError at once becomes the same StorageError', async () => {
    const store = new Store({ factory: fullDiskFactory('throw') });
    const err = await failure(store.saveDataset('d1', makeDataset()));
    expect(err.quota).toBe(true);
    expect(err.message).toMatch(/Browser storage is full: could not save the dataset/);
  });

  it('on a real (fake) database the failed write is rolled back: nothing half-saved shows up', async () => {
    const factory = new IDBFactory();
    const store = new Store({ factory });
    // Only the second put (the summary) fails, so the run's put must be undone with it.
    const put = IDBObjectStore.prototype.put;
    let calls = 0;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
      if (++calls === 2) throw quota();
      return put.apply(this, args);
    });
    const err = await failure(store.saveRun(makeRun('r1', 1)));
    expect(err.quota).toBe(true);
    vi.restoreAllMocks();
    expect(await store.loadRun('r1')).toBeNull();
    expect(await store.listRuns()).toEqual([]);
  });

  it('recognizes quota errors by name or legacy code', () => {
    expect(isQuotaError(quota())).toBe(true);
    expect(isQuotaError(new DOMException('full', 'NS_ERROR_DOM_QUOTA_REACHED'))).toBe(true);
    expect(isQuotaError({ name: 'Error', code: 22 })).toBe(true);
    expect(isQuotaError(new DOMException('x', 'AbortError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });
});

describe('other failures', () => {
  it('no IndexedDB at all (Node here) is a clear StorageError, not a crash', async () => {
    const err = await failure(new Store().listRuns());
    expect(err.quota).toBe(false);
    expect(err.message).toMatch(/Browser storage is not available/);
  });

  it('an open that throws (blocked site data) or fails (private mode) is reported as unavailable', async () => {
    for (const how of ['throw', 'error'] as const) {
      const err = await failure(new Store({ factory: refusingFactory(how) }).saveRun(makeRun('r1', 1)));
      expect(err.quota).toBe(false);
      expect(err.message).toMatch(/not available/);
    }
  });

  it('a value the browser cannot store rejects with a StorageError naming the action', async () => {
    const store = new Store({ factory: new IDBFactory() });
    const run = { ...makeRun('r1', 1), run: { workers: 1, backend: 'cpu', seconds: 1, oops: () => 1 } };
    const err = await failure(store.saveRun(run));
    expect(err.quota).toBe(false);
    expect(err.message).toMatch(/^Could not save the run: /);
    expect(await store.listRuns()).toEqual([]);
  });

  it('a failed open is retried by the next call', async () => {
    let refuse = true;
    const real = new IDBFactory();
    const flaky = { open: (name: string, v?: number) => (refuse ? refusingFactory('throw').open(name, v) : real.open(name, v)) } as unknown as IDBFactory;
    const store = new Store({ factory: flaky });
    await failure(store.listRuns());
    refuse = false;
    expect(await store.listRuns()).toEqual([]);
  });

  it('passes a StorageError through and wraps anything else', () => {
    const e = new StorageError('x', true);
    expect(toStorageError(e, 'y')).toBe(e);
    expect(toStorageError('weird', 'load the run').message).toBe('Could not load the run: weird.');
  });
});
