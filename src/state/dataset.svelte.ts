import * as Comlink from 'comlink';
import type { ParseOptions } from '../data/frame';
import type { LoadedDataset, ParseResult, UserError } from '../data/parse-session';
import { DEFAULT_CLEAN, type CleanOptions } from '../data/timeline';
import type { ParseWorkerApi } from '../workers/parse.worker';

/** What a series is used for in the forecast. */
export type SeriesRole = 'target' | 'driver' | 'ignore';

/** Where the bundled "try it" workbook lives (relative, so the app works from any sub-path). */
export const SAMPLE_URL = './samples/petrochem-sample.xlsx';

/**
 * The loaded dataset and the user's choices about it. Owns the parse worker; the latest
 * request wins, and a failed load leaves the previous dataset in place.
 */
export class DatasetState {
  /** The dataset on screen (frozen data: replaced whole, never mutated). */
  current = $state.raw<LoadedDataset | null>(null);
  /** Role of each series by name: targets are forecast, drivers feed the models. */
  roles = $state<Record<string, SeriesRole>>({});
  /** True while a file is being read. */
  loading = $state(false);
  /** Fraction of the file read, 0..1. */
  progress = $state(0);
  /** Name of the file being read. */
  pendingName = $state('');
  /** The last failure, shown until the next successful action. */
  error = $state.raw<UserError | null>(null);
  /** Counts finished loads, failed ones too: choice controls re-render from the data after each. */
  revision = $state(0);

  #worker: Worker | null = null;
  #api: Comlink.Remote<ParseWorkerApi> | null = null;
  #file: File | null = null;
  /** Whether the worker holds the current dataset (false after it was replaced). */
  #synced = false;
  #request = 0;

  /** The file on screen, as the user gave it (saved in the browser so a reload can read it again). */
  get file(): File | null {
    return this.current ? this.#file : null;
  }

  /** Targets in column order. */
  get targets(): string[] {
    return this.#named('target');
  }

  /** Drivers in column order. */
  get drivers(): string[] {
    return this.#named('driver');
  }

  /** Reads a file the user picked or dropped. */
  async load(file: File, parse: ParseOptions = {}): Promise<void> {
    const id = ++this.#request;
    if (this.loading) this.#stopWorker(); // a new file supersedes the one being read
    this.loading = true;
    this.progress = 0;
    this.pendingName = file.name;
    const onProgress = Comlink.proxy((f: number) => {
      if (id === this.#request) this.progress = f;
    });
    try {
      const clean = this.current?.clean ?? DEFAULT_CLEAN;
      const result = await this.#remote().load(file, parse, clean, onProgress);
      if (id !== this.#request) return;
      if (this.#accept(result, true)) {
        this.#file = file;
        this.#synced = true;
      }
    } catch (err) {
      if (id !== this.#request) return;
      this.#workerDied(err);
    } finally {
      if (id === this.#request) {
        this.loading = false;
        this.revision++;
      }
    }
  }

  /** Reopens a saved dataset: the same file, import and cleaning choices, and series roles. */
  async restore(file: Blob, fileName: string, parse: ParseOptions, clean: CleanOptions, roles: Record<string, string>): Promise<void> {
    await this.load(new File([file], fileName), parse);
    if (!this.current) return;
    if (JSON.stringify(clean) !== JSON.stringify(this.current.clean)) await this.setClean(clean);
    for (const name of this.current.frame.names) {
      const role = roles[name];
      if (role === 'target' || role === 'driver' || role === 'ignore') this.roles[name] = role;
    }
  }

  /** Fetches and reads the bundled sample workbook. */
  async loadSample(): Promise<void> {
    try {
      const res = await fetch(SAMPLE_URL);
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const name = SAMPLE_URL.split('/').pop()!;
      await this.load(new File([await res.blob()], name));
    } catch (err) {
      this.error = { message: `The sample could not be loaded (${(err as Error).message}).`, hint: 'Reload the page, or drop a file of your own.' };
    }
  }

  /** Re-reads the current file with other import choices (sheet, header row, separators). */
  async reparse(parse: ParseOptions): Promise<void> {
    if (this.#file) await this.load(this.#file, { ...this.current?.parse, ...parse });
  }

  /** Re-applies cleaning choices without re-reading the file. */
  async setClean(clean: CleanOptions): Promise<void> {
    if (!this.current) return;
    const id = ++this.#request;
    try {
      if (!this.#synced && this.#file) {
        // The worker was replaced since the last load: it must read the file again.
        this.#synced = this.#accept(await this.#remote().load(this.#file, this.current.parse, clean), false);
        return;
      }
      const result = await this.#remote().clean(clean);
      if (id === this.#request) this.#accept(result, false);
    } catch (err) {
      this.#workerDied(err);
    }
  }

  /** Sets what a series is used for. */
  setRole(name: string, role: SeriesRole): void {
    this.roles[name] = role;
  }

  /** Marks every non-constant series as a target (or none). */
  setAllTargets(on: boolean): void {
    for (const p of this.current?.profiles ?? []) this.roles[p.name] = on && !p.constant ? 'target' : 'ignore';
  }

  /** Clears the error banner. */
  dismissError(): void {
    this.error = null;
  }

  #named(role: SeriesRole): string[] {
    return (this.current?.frame.names ?? []).filter((n) => this.roles[n] === role);
  }

  #accept(result: ParseResult, fresh: boolean): boolean {
    if (!result.ok) {
      this.error = result.error;
      return false;
    }
    const before = this.current;
    this.current = result.data;
    this.error = null;
    if (fresh || !before) this.roles = defaultRoles(result.data);
    return true;
  }

  #remote(): Comlink.Remote<ParseWorkerApi> {
    if (!this.#api) {
      // eslint-disable-next-line svelte/prefer-svelte-reactivity -- a module URL for Vite, not state
      this.#worker = new Worker(new URL('../workers/parse.worker.ts', import.meta.url), { type: 'module', name: 'parse' });
      this.#worker.addEventListener('error', (e) => this.#workerDied(e.message));
      this.#api = Comlink.wrap<ParseWorkerApi>(this.#worker);
    }
    return this.#api;
  }

  #stopWorker(): void {
    this.#api?.[Comlink.releaseProxy]();
    this.#worker?.terminate();
    this.#worker = null;
    this.#api = null;
    this.#synced = false;
  }

  #workerDied(err: unknown): void {
    this.#stopWorker();
    this.loading = false;
    const detail = err instanceof Error ? err.message : String(err ?? 'unknown error');
    this.error = {
      message: `Reading the file stopped unexpectedly (${detail.slice(0, 160)}).`,
      hint: 'The file may be too large for this tab. Your previous data is still here; try a smaller file or a CSV export.',
    };
  }
}

/** By default every series that varies is forecast; nothing is a driver until the user says so. */
function defaultRoles(data: LoadedDataset): Record<string, SeriesRole> {
  const roles: Record<string, SeriesRole> = {};
  for (const p of data.profiles) roles[p.name] = p.constant ? 'ignore' : 'target';
  return roles;
}
