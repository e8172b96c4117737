/**
 * Every storage failure reaches callers as a StorageError with a message a user can act on;
 * the browser's own error stays on `cause` for the console.
 */

/** A failed read, write or delete of browser storage. */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    message: string,
    /** True when the browser refused the write because its storage quota is used up. */
    readonly quota: boolean = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Error names browsers use for a full disk or quota (Firefox's legacy one included). */
const QUOTA_NAMES = new Set(['QuotaExceededError', 'NS_ERROR_DOM_QUOTA_REACHED']);

/** Whether a thrown value, or a transaction's error, means the storage quota is used up. */
export function isQuotaError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const { name, code } = err as { name?: unknown; code?: unknown };
  // code 22 is QUOTA_EXCEEDED_ERR on DOMExceptions from older engines.
  return (typeof name === 'string' && QUOTA_NAMES.has(name)) || code === 22;
}

/** The message a user sees when the quota is full; `action` says what could not be done, e.g. "save the run". */
export function quotaMessage(action: string): string {
  return `Browser storage is full: could not ${action}. Delete old runs or free space on this device, then try again.`;
}

/** Storage is missing or refused outright: private browsing, disabled site data, or a blocked context. */
export function unavailableError(cause?: unknown): StorageError {
  return new StorageError(
    'Browser storage is not available, so nothing can be saved or reopened. Private browsing or settings that block site data can cause this; the app still works, but results are lost when the tab closes.',
    false,
    { cause },
  );
}

/** Wraps any failure as a StorageError (an existing StorageError passes through unchanged). */
export function toStorageError(err: unknown, action: string): StorageError {
  if (err instanceof StorageError) return err;
  if (isQuotaError(err)) return new StorageError(quotaMessage(action), true, { cause: err });
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : '';
  const detail = err instanceof Error || err instanceof DOMException ? err.message : String(err);
  return new StorageError(`Could not ${action}: ${detail || name || 'the browser gave no reason'}.`, false, { cause: err });
}
