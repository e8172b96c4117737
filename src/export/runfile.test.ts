import { describe, expect, it } from 'vitest';
import type { RunResults } from '../results/types';
import { decode, encode } from './codec';
import { runFromJson, runToJson } from './runfile';
import { testRun } from './test-run';

const wrap = (run: unknown, version: unknown = 1) => JSON.stringify({ format: 'forecaster-run', version, run });

/** The params of the first model's state, where the fixture nests typed arrays. */
function params(run: RunResults): Record<string, unknown> {
  return run.targets[0].models[0].state?.params ?? {};
}

describe('run file', () => {
  it('round-trips a run exactly, typed arrays and non-finite numbers included', () => {
    const run = testRun();
    params(run).f32 = Float32Array.from([0.1, -2.5, NaN]);
    const text = runToJson(run);
    expect(text.startsWith('{"format":"forecaster-run","version":1,"run":')).toBe(true);
    expect(text).toContain('{"$f64":[1,"NaN","-Infinity"]}');
    const back = runFromJson(text);
    expect(back).toEqual(run);
    expect(back.dataset.time).toBeInstanceOf(Float64Array);
    expect(back.calibration[0].foldOf[0]).toBeInstanceOf(Int32Array);
    expect(Array.from(back.dataset.history[0])).toEqual(Array.from(run.dataset.history[0]));
    expect(Number.isNaN(back.dataset.history[0][8])).toBe(true);
    expect(back.targets[0].models[0].metrics?.mape).toBeNaN();
    const nested = params(back).nested as { level: Float64Array; list: [Int32Array, { deep: Float64Array }] };
    expect(nested.level).toBeInstanceOf(Float64Array);
    expect(Array.from(nested.level)).toEqual([1, NaN, -Infinity]);
    expect(nested.list[0]).toEqual(Int32Array.from([1, -2]));
    expect(nested.list[1].deep[0]).toBe(Infinity);
    expect(Object.is(nested.list[1].deep[1], -0)).toBe(true);
    expect(params(back).f32).toEqual(Float32Array.from([0.1, -2.5, NaN]));
    // Doubles survive to the last bit.
    expect(runFromJson(runToJson({ ...run, createdAt: 0.1 + 0.2 })).createdAt).toBe(0.1 + 0.2);
  });

  it('keeps plain numbers that JSON cannot hold, and user keys that look like tags', () => {
    const value = { a: NaN, b: -Infinity, c: -0, $f64: [1, 2], $num: 'x', '$$k': 1, list: [Infinity] };
    const back = decode(JSON.parse(JSON.stringify(encode(value)))) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.c, -0)).toBe(true);
    expect(Array.isArray(back.$f64)).toBe(true);
  });

  it('refuses values plain data cannot hold when saving', () => {
    expect(() => encode({ m: new Map() })).toThrow('run.m is a Map');
    expect(() => encode({ f: () => 1 })).toThrow('run.f is a function');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => encode(cyclic)).toThrow('nested too deeply');
  });

  it('rejects files that are not run files with a plain message', () => {
    expect(() => runFromJson('garbage')).toThrow('not valid JSON');
    expect(() => runFromJson('')).toThrow('not valid JSON');
    for (const text of ['null', '[]', '42', '{}', '{"format":"other","version":1,"run":{}}']) {
      expect(() => runFromJson(text)).toThrow('This is not a Forecaster run file');
    }
  });

  it('rejects newer and invalid versions', () => {
    const run = encode(testRun());
    expect(() => runFromJson(wrap(run, 2))).toThrow('saved by a newer version of Forecaster (file version 2; this app reads version 1)');
    for (const v of [0, 1.5, '1', null]) expect(() => runFromJson(wrap(run, v))).toThrow('version is missing or invalid');
  });

  it('rejects damaged runs, naming the field', () => {
    const good = encode(testRun()) as Record<string, unknown>;
    expect(() => runFromJson(wrap({}))).toThrow('damaged: run.id should be text');
    expect(() => runFromJson(wrap({ ...good, dataset: { ...(good.dataset as object), time: [1, 2] } }))).toThrow(
      'run.dataset.time should be a list of numbers',
    );
    expect(() => runFromJson(wrap({ ...good, dataset: { ...(good.dataset as object), time: { $f64: [1, 'x'] } } }))).toThrow(
      'run.dataset.time[1] holds the text "x" where a number should be',
    );
    expect(() => runFromJson(wrap({ ...good, targets: [{ target: 'a', best: null, scale: 1, models: [{}] }] }))).toThrow(
      'run.targets[0].models[0].kind should be text',
    );
  });

  it('survives hostile input: deep nesting, huge arrays, prototype keys', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000);
    expect(() => runFromJson(`{"format":"forecaster-run","version":1,"run":${deep}}`)).toThrow('nested too deeply');
    const huge = `{"$f64":[${new Array(1_000_000).fill('1').join(',')}]}`;
    expect(() => runFromJson(wrap({ ...(encode(testRun()) as object), huge: JSON.parse(huge) }))).not.toThrow();
    const proto = `{"format":"forecaster-run","version":1,"run":{"__proto__":{"id":"x"},"constructor":{"prototype":{"p":1}}}}`;
    expect(() => runFromJson(proto)).toThrow('run.id should be text');
    expect(({} as Record<string, unknown>).p).toBeUndefined();
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });
});
