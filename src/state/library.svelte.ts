import { StorageError } from '../persist/errors';
import { Store, type Checkpoint, type Removed, type SavedDataset, type Session, type Usage } from '../persist/store';
import type { RunSummary as SavedRun } from '../persist/summary';
import type { RunResults } from '../results/types';

/** The one dataset slot: the data on screen is saved under it, replacing the previous one. */
export const CURRENT_DATASET = 'current';

/**
 * What the browser keeps between visits: the dataset on screen, every finished run, and the
 * session (which run and tab were open). Storage failures are shown, never swallowed.
 */
export class LibraryState {
  runs = $state.raw<SavedRun[]>([]);
  usage = $state.raw<Usage | null>(null);
  /** The last storage failure, in words. */
  error = $state<string | null>(null);
  readonly #store = new Store();
  #session: Session = { datasetId: null, runId: null, tab: 'data' };
  #datasetTimer: ReturnType<typeof setTimeout> | null = null;

  /** Reloads the run list and the storage estimate. */
  async refresh(): Promise<void> {
    await this.#try(async () => {
      this.runs = await this.#store.listRuns();
      this.usage = await this.#store.usage();
    });
  }

  /** What was open last time: the dataset, the run and the tab (nulls when nothing or unreadable). */
  async restore(): Promise<{ dataset: SavedDataset | null; run: RunResults | null; tab: string | null }> {
    const none = { dataset: null, run: null, tab: null };
    return (
      (await this.#try(async () => {
        const session = await this.#store.getSession();
        if (!session) return none;
        this.#session = session;
        const dataset = session.datasetId ? await this.#store.loadDataset(session.datasetId) : null;
        const run = session.runId ? await this.#store.loadRun(session.runId) : null;
        return { dataset, run, tab: session.tab };
      })) ?? none
    );
  }

  /**
   * Saves the dataset on screen (the file and the choices made on it) a moment after the last
   * change, so a burst of clicks is one write. `deleteAll` cancels a save still waiting: it
   * would write back what the user has just deleted.
   */
  saveDataset(data: SavedDataset, delayMs = 300): void {
    this.#cancelDatasetSave();
    this.#datasetTimer = setTimeout(() => {
      this.#datasetTimer = null;
      void this.#try(async () => {
        await this.#store.saveDataset(CURRENT_DATASET, data);
        await this.#setSession({ datasetId: CURRENT_DATASET });
      });
    }, delayMs);
  }

  #cancelDatasetSave(): void {
    if (this.#datasetTimer !== null) clearTimeout(this.#datasetTimer);
    this.#datasetTimer = null;
  }

  /** Saves a finished run and makes it the one that reopens. */
  async saveRun(run: RunResults): Promise<void> {
    await this.#try(async () => {
      await this.#store.saveRun(run);
      await this.#setSession({ runId: run.id });
      await this.refresh();
    });
  }

  async openRun(id: string): Promise<RunResults | null> {
    return (
      (await this.#try(async () => {
        const run = await this.#store.loadRun(id);
        if (run) await this.#setSession({ runId: id });
        return run;
      })) ?? null
    );
  }

  async deleteRun(id: string): Promise<void> {
    await this.#try(async () => {
      await this.#store.deleteRun(id);
      if (this.#session.runId === id) this.#session = { ...this.#session, runId: null };
      await this.refresh();
    });
  }

  /** Saves the finished jobs of the run in progress (a reload can then resume it). */
  async saveCheckpoint(c: Checkpoint): Promise<void> {
    await this.#try(() => this.#store.saveCheckpoint(c));
  }

  async loadCheckpoint(): Promise<Checkpoint | null> {
    return (await this.#try(() => this.#store.loadCheckpoint())) ?? null;
  }

  async clearCheckpoint(): Promise<void> {
    await this.#try(() => this.#store.clearCheckpoint());
  }

  /** Remembers the open tab. */
  async setTab(tab: string): Promise<void> {
    await this.#try(() => this.#setSession({ tab }));
  }

  /** Deletes every run, the saved dataset, the settings and the offline cache. */
  async deleteAll(): Promise<Removed | null> {
    this.#cancelDatasetSave();
    const removed = await this.#try(() => this.#store.deleteAll());
    this.#session = { datasetId: null, runId: null, tab: 'data' };
    // Not refresh(): listing would create the database again, empty but there.
    if (removed) this.runs = [];
    return removed;
  }

  async #setSession(patch: Partial<Session>): Promise<void> {
    this.#session = { ...this.#session, ...patch };
    await this.#store.setSession(this.#session);
  }

  /** Runs a storage action; a failure becomes the message on screen (and null). */
  async #try<T>(action: () => Promise<T>): Promise<T | null> {
    try {
      const out = await action();
      this.error = null;
      return out;
    } catch (err) {
      this.error = err instanceof StorageError ? err.message : `Browser storage failed: ${(err as Error).message}`;
      return null;
    }
  }
}
