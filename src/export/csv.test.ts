import { describe, expect, it } from 'vitest';
import { intervalsFor } from '../results/intervals';
import { backtestCsv, csvText, forecastsCsv, metricsCsv } from './csv';
import { DAY, H, parseCsv, RETURNS, SALES, T0, testRun } from './test-run';

const LEVELS = [0.8, 0.95];

/** A CSV cell as the number it holds, or null for an empty cell. */
const num = (s: string): number | null => (s === '' ? null : Number(s));
/** What a bound should look like in the file: empty when infinite. */
const cell = (x: number): number | null => (Number.isFinite(x) ? x : null);

describe('csvText', () => {
  it('quotes commas, quotes and line breaks (RFC 4180) after the formula guard', () => {
    expect(csvText('plain')).toBe('plain');
    expect(csvText('a,b')).toBe('"a,b"');
    expect(csvText('say "hi"')).toBe('"say ""hi"""');
    expect(csvText('two\nlines')).toBe('"two\nlines"');
    expect(csvText('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });
});

describe('forecastsCsv', () => {
  const run = testRun();
  const text = forecastsCsv(run, LEVELS);
  const [header, ...rows] = parseCsv(text);

  it('writes the header with one lower/upper pair per level, CRLF line ends and quoted names', () => {
    expect(header).toEqual(['series', 'model', 'date', 'step', 'forecast', 'lower_80', 'upper_80', 'lower_95', 'upper_95']);
    expect(text).toContain('"Sales, ""EU""\nnorth",naive,2024-01-11,1,19,');
    // The only bare LFs are the ones inside the quoted series name.
    expect(text.match(/(?<!\r)\n/g)).toHaveLength(3 * H);
    expect(forecastsCsv(run, [0.9]).split('\r\n')[0]).toBe('series,model,date,step,forecast,lower_90,upper_90');
  });

  it('has a row per target × model × step, guarded names, ISO dates and the bounds of intervalsFor', () => {
    expect(rows).toHaveLength(2 * 3 * H);
    let i = 0;
    for (const target of run.targets) {
      for (const model of target.models) {
        const iv = intervalsFor(run, target, model, LEVELS);
        for (let k = 0; k < H; k++, i++) {
          const r = rows[i];
          expect(r[0]).toBe(target.target === RETURNS ? `'${RETURNS}` : SALES);
          expect(r[1]).toBe(model.kind);
          expect(r[2]).toBe(new Date(T0 + (10 + k) * DAY).toISOString().slice(0, 10));
          expect(num(r[3])).toBe(k + 1);
          expect(num(r[4])).toBe(model.forecast?.[k]);
          expect(r.slice(5).map(num)).toEqual([iv[0].lo[k], iv[0].hi[k], iv[1].lo[k], iv[1].hi[k]].map(cell));
        }
      }
    }
  });

  it('writes infinite bounds as empty cells', () => {
    const ets = rows.find((r) => r[1] === 'ets') ?? [];
    expect(ets.slice(5, 7).every((c) => Number.isFinite(num(c)))).toBe(true);
    expect(ets.slice(7)).toEqual(['', '']);
    const tft = rows.find((r) => r[1] === 'tft') ?? [];
    expect(tft.slice(5)).toEqual(['', '', '', '']);
  });
});

describe('metricsCsv', () => {
  it('has a row per target × model with the best flag, metrics, folds, status and fallback', () => {
    const [header, ...rows] = parseCsv(metricsCsv(testRun()));
    expect(header).toEqual(['series', 'model', 'best', 'mae', 'rmse', 'mape', 'smape', 'mase', 'wape', 'accuracy', 'bias', 'folds', 'status', 'fallback']);
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual([
      [SALES, 'naive', '0'],
      [SALES, 'ets', '1'],
      [SALES, 'tft', '0'],
      [`'${RETURNS}`, 'naive', '1'],
      [`'${RETURNS}`, 'ets', '0'],
      [`'${RETURNS}`, 'tft', '0'],
    ]);
    expect(rows[0].slice(3)).toEqual(['1', '1.25', '', '12.5', '0.5', '0.1', '90', '-0.25', '2', 'done', '0']);
    expect(rows[2].slice(3)).toEqual(['', '', '', '', '', '', '', '', '0', 'failed', '1']);
  });
});

describe('backtestCsv', () => {
  it('has a row per target × model × fold × step, dated from the fold cutoff', () => {
    const run = testRun();
    const [header, ...rows] = parseCsv(backtestCsv(run));
    expect(header).toEqual(['series', 'model', 'fold', 'cutoff_date', 'date', 'step', 'actual', 'forecast', 'error']);
    // The failed model has no folds: 2 targets × 2 models × 2 folds × 3 steps.
    expect(rows).toHaveLength(24);
    expect(rows.slice(0, 6)).toEqual([
      [SALES, 'naive', '0', '2024-01-08', '2024-01-08', '1', '17', '17', '0'],
      [SALES, 'naive', '0', '2024-01-08', '2024-01-09', '2', '', '18', ''],
      [SALES, 'naive', '0', '2024-01-08', '2024-01-10', '3', '19.5', '19', '-0.5'],
      [SALES, 'naive', '1', '2024-01-05', '2024-01-05', '1', '14', '14', '0'],
      [SALES, 'naive', '1', '2024-01-05', '2024-01-06', '2', '15.5', '15', '-0.5'],
      [SALES, 'naive', '1', '2024-01-05', '2024-01-07', '3', '16', '16', '0'],
    ]);
    const ets = rows.find((r) => r[1] === 'ets' && r[0] === `'${RETURNS}`);
    expect(ets).toEqual([`'${RETURNS}`, 'ets', '0', '2024-01-08', '2024-01-08', '1', '17', '17.5', '0.5']);
  });
});

describe('time columns', () => {
  const dates = (run: ReturnType<typeof testRun>) => parseCsv(forecastsCsv(run, LEVELS)).slice(1, 3).map((r) => r[2]);

  it('writes date-times for sub-daily data', () => {
    expect(dates(testRun('hourly', 3_600_000))).toEqual(['2024-01-01T10:00:00Z', '2024-01-01T11:00:00Z']);
    expect(dates(testRun('fixed', 7_200_000))).toEqual(['2024-01-01T20:00:00Z', '2024-01-01T22:00:00Z']);
  });

  it('writes dates for daily-or-coarser labels and for irregular data on midnights', () => {
    expect(dates(testRun('weekly (Mondays)', 7 * DAY))).toEqual(['2024-03-11', '2024-03-18']);
    expect(dates(testRun('irregular', 2 * DAY))).toEqual(['2024-01-21', '2024-01-23']);
  });

  it('writes the row number for undated data', () => {
    const run = testRun('index');
    run.dataset.time = Float64Array.from({ length: 10 }, (_, i) => i);
    run.dataset.futureTime = Float64Array.from([10, 11, 12]);
    expect(dates(run)).toEqual(['10', '11']);
    expect(parseCsv(backtestCsv(run))[1].slice(3, 5)).toEqual(['7', '7']);
  });
});
