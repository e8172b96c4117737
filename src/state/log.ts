/** Log lines and what is done with them (filtering, export); pure, so tested in Node. */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One log line. */
export interface LogEntry {
  /** Epoch ms. */
  t: number;
  level: LogLevel;
  /** 'app', 'data', 'storage' or 'worker N'. */
  source: string;
  target: string | null;
  message: string;
  /** How long the thing took, when it is a finished job or step. */
  ms: number | null;
}

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Entries at or above `level` whose text contains `text` (case-insensitive). */
export function filterLog(entries: readonly LogEntry[], level: LogLevel, text: string): LogEntry[] {
  const min = LEVELS.indexOf(level);
  const q = text.trim().toLowerCase();
  return entries.filter((e) => LEVELS.indexOf(e.level) >= min && (!q || `${e.source} ${e.target ?? ''} ${e.message}`.toLowerCase().includes(q)));
}

/** The log as JSON lines: one object per line, easy to grep and to load elsewhere. */
export function logToJsonl(entries: readonly LogEntry[]): string {
  return entries.map((e) => JSON.stringify({ ...e, time: new Date(e.t).toISOString() })).join('\n') + '\n';
}
