/** The app's structured log: what happened, when, where (page or worker) and to which series. */
import type { LogEntry, LogLevel } from './log';

/** Oldest lines go first past this, so a long session cannot grow memory without bound. */
const MAX_ENTRIES = 5_000;

/** Keeps the last entries; the UI renders them, and they export as JSON lines or CSV. */
export class LogState {
  entries = $state.raw<LogEntry[]>([]);
  #pending: LogEntry[] = [];
  #scheduled = false;

  add(level: LogLevel, source: string, message: string, extra: { target?: string | null; ms?: number | null } = {}): void {
    this.#pending.push({ t: Date.now(), level, source, target: extra.target ?? null, message, ms: extra.ms ?? null });
    // Batched: a run logs hundreds of lines a second, and each new array re-renders the view.
    if (this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      const next = this.entries.concat(this.#pending);
      this.#pending = [];
      this.entries = next.length > MAX_ENTRIES ? next.slice(next.length - MAX_ENTRIES) : next;
    });
  }

  info(source: string, message: string, extra?: { target?: string | null; ms?: number | null }): void {
    this.add('info', source, message, extra);
  }

  warn(source: string, message: string, extra?: { target?: string | null; ms?: number | null }): void {
    this.add('warn', source, message, extra);
  }

  error(source: string, message: string, extra?: { target?: string | null; ms?: number | null }): void {
    this.add('error', source, message, extra);
  }

  clear(): void {
    this.entries = [];
  }
}
