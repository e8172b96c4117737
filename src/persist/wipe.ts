/**
 * Emptying the storage areas other than IndexedDB. Each takes the area as an argument
 * (null when the environment has none), so Node tests pass stand-ins.
 */

/** The app's localStorage keys all start with this (e.g. 'forecaster.settings.v1'). */
export const LOCAL_PREFIX = 'forecaster.';

/** The part of `Storage` that wiping needs. */
export type KeyValueArea = Pick<Storage, 'length' | 'key' | 'removeItem'>;
/** The part of `CacheStorage` that wiping needs. */
export type CacheArea = Pick<CacheStorage, 'keys' | 'delete'>;
/** The part of `StorageManager` that usage figures need. */
export type QuotaArea = Pick<StorageManager, 'estimate'>;

/** Removes the app's localStorage keys (other apps on the same origin keep theirs); returns them. */
export function clearLocal(area: KeyValueArea | null): string[] {
  if (!area) return [];
  // Collect first: removing while walking by index would skip keys.
  const keys: string[] = [];
  for (let i = 0; i < area.length; i++) {
    const key = area.key(i);
    if (key?.startsWith(LOCAL_PREFIX)) keys.push(key);
  }
  for (const key of keys) area.removeItem(key);
  return keys;
}

/** Deletes every Cache Storage cache of the origin (the app's offline copies); returns their names. */
export async function clearCaches(area: CacheArea | null): Promise<string[]> {
  if (!area) return [];
  const names = await area.keys();
  await Promise.all(names.map((name) => area.delete(name)));
  return names;
}

/** The page's localStorage, or null where there is none or reading it is refused (blocked site data). */
export function defaultLocal(): KeyValueArea | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The page's Cache Storage, or null (Node, insecure contexts). */
export function defaultCaches(): CacheArea | null {
  return typeof caches === 'undefined' ? null : caches;
}

/** The page's StorageManager, or null where `navigator.storage` is missing. */
export function defaultQuota(): QuotaArea | null {
  return typeof navigator === 'undefined' ? null : (navigator.storage ?? null);
}
