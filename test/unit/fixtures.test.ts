import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseSession, type LoadedDataset } from '../../src/data/parse-session';

/** The whole import → check-up path on every committed fixture, against its known contents. */
interface Facts {
  error?: boolean;
  sheet?: string | null;
  rows: number;
  series: number;
  timeName?: string | null;
  frequency: string;
  first: string | null;
  last: string | null;
  duplicates: number;
  missingSteps: number;
  columns: { name: string; count: number; mean: number; errors?: number }[];
}

const dir = fileURLToPath(new URL('../fixtures/', import.meta.url));
const expected: Record<string, Facts> = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8'));
const samplePath = fileURLToPath(new URL('../../public/samples/petrochem-sample.xlsx', import.meta.url));
const sampleFacts: Record<string, Facts> = JSON.parse(readFileSync(samplePath.replace(/\.xlsx$/, '.expected.json'), 'utf8'));

function fileOf(path: string, name: string): File {
  return new File([readFileSync(path)], name);
}

async function load(path: string, name: string, sheet?: string) {
  const result = await new ParseSession().load(fileOf(path, name), sheet ? { sheet } : {});
  return result;
}

function expectFacts(data: LoadedDataset, facts: Facts) {
  const iso = (ms: number) => (data.frame.timeName === null ? null : new Date(ms).toISOString());
  expect({
    rows: data.report.rows,
    series: data.frame.names.length,
    frequency: data.check.frequency.kind,
    first: iso(data.check.first),
    last: iso(data.check.last),
    duplicates: data.check.duplicateRows,
    missingSteps: data.check.missingSteps,
  }).toEqual({ rows: facts.rows, series: facts.series, frequency: facts.frequency, first: facts.first, last: facts.last, duplicates: facts.duplicates, missingSteps: facts.missingSteps });
  if (facts.timeName !== undefined) expect(data.frame.timeName).toBe(facts.timeName);
  expect(data.profiles.map((p) => p.name)).toEqual(facts.columns.map((c) => c.name));
  for (const [i, col] of facts.columns.entries()) {
    expect(data.profiles[i].count, col.name).toBe(col.count);
    expect(Math.abs(data.profiles[i].mean - col.mean), col.name).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(col.mean)));
    if (col.errors !== undefined) {
      const report = data.report.columns.find((c) => c.name === col.name)!;
      const errors = Object.values(report.errors).reduce((a, b) => a + b, 0);
      expect(errors, `${col.name} error cells`).toBe(col.errors);
    }
  }
}

describe('fixtures through the parse session', () => {
  for (const [key, facts] of Object.entries(expected)) {
    const [file, sheet] = key.split('#');
    it(`${key}`, async () => {
      const result = await load(`${dir}${file}`, file, sheet);
      if (facts.error) {
        expect(result.ok).toBe(false);
        if (!result.ok) {
          expect(result.error.message.length).toBeGreaterThan(10);
          expect(result.error.hint.length).toBeGreaterThan(10);
        }
        return;
      }
      if (!result.ok) throw new Error(`${key}: ${result.error.message}`);
      expectFacts(result.data, facts);
    });
  }

  it('reads the bundled sample as documented', async () => {
    for (const [key, facts] of Object.entries(sampleFacts)) {
      const result = await load(samplePath, 'petrochem-sample.xlsx', key.split('#')[1]);
      if (!result.ok) throw new Error(result.error.message);
      expectFacts(result.data, facts);
    }
  });

  it('keeps the previous dataset when a load fails, and re-cleans without re-reading', async () => {
    const session = new ParseSession();
    const first = await session.load(fileOf(`${dir}daily-comma.csv`, 'daily-comma.csv'), {});
    expect(first.ok).toBe(true);
    const bad = await session.load(fileOf(`${dir}garbage.csv`, 'garbage.csv'), {});
    expect(bad.ok).toBe(false);
    const again = session.clean({ aggregate: 'mean', insertMissing: true, fill: 'none' });
    expect(again.ok && again.data.fileName).toBe('daily-comma.csv');
  });
});
