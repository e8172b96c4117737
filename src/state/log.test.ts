import { describe, expect, it } from 'vitest';
import { filterLog, logToJsonl, type LogEntry } from './log';

const e = (level: LogEntry['level'], source: string, message: string, target: string | null = null): LogEntry => ({ t: Date.UTC(2026, 0, 1), level, source, target, message, ms: null });

describe('log', () => {
  const entries = [e('debug', 'worker 1', 'dlinear final fit done', 'Brent'), e('warn', 'worker 0', 'retrying', 'Naphtha'), e('error', 'storage', 'Browser storage is full'), e('info', 'app', 'Run started')];
  it('filters by level and by text in source, series or message', () => {
    expect(filterLog(entries, 'debug', '')).toHaveLength(4);
    expect(filterLog(entries, 'warn', '').map((x) => x.level)).toEqual(['warn', 'error']);
    expect(filterLog(entries, 'debug', 'naphtha')).toHaveLength(1);
    expect(filterLog(entries, 'debug', 'WORKER')).toHaveLength(2);
  });
  it('exports one JSON object per line with an ISO time', () => {
    const lines = logToJsonl(entries).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatchObject({ level: 'warn', source: 'worker 0', target: 'Naphtha', time: '2026-01-01T00:00:00.000Z' });
  });
});
