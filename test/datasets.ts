import { fileURLToPath } from 'node:url';

/**
 * Path of a file in the shared ETT datasets: `../shared/datasets/` beside the checkout (as CI
 * lays it out), or under $SHARED_DIR. The files are read in place, never copied (CC BY-ND).
 */
export function sharedDataset(name: string): string {
  const root = process.env.SHARED_DIR ?? fileURLToPath(new URL('../../shared/', import.meta.url));
  return `${root.replace(/\/?$/, '/')}datasets/${name}`;
}
