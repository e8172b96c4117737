import { describe, expect, it } from 'vitest';
import { makeRun } from './fixtures';
import { summarizeRun } from './summary';

describe('summarizeRun', () => {
  it('picks the model that wins the most targets', () => {
    const s = summarizeRun(makeRun('r', 5, ['naive', 'linear', 'naive']));
    expect(s.best).toEqual({ model: 'naive', wins: 2, mase: 1 });
    expect(s).toMatchObject({ id: 'r', createdAt: 5, targets: 3, models: ['naive', 'linear'], horizon: 2 });
  });

  it('breaks a tie in wins by the lower mean MASE', () => {
    expect(summarizeRun(makeRun('r', 5, ['naive', 'linear'], { naive: 1, linear: 0.5 })).best?.model).toBe('linear');
    expect(summarizeRun(makeRun('r', 5, ['linear', 'naive'], { naive: 0.5, linear: 1 })).best?.model).toBe('naive');
  });

  it('prefers a model with a MASE over one without', () => {
    const s = summarizeRun(makeRun('r', 5, ['naive', 'linear'], { naive: NaN, linear: 2 }));
    expect(s.best).toEqual({ model: 'linear', wins: 1, mase: 2 });
  });

  it('has no best when no target has one', () => {
    expect(summarizeRun(makeRun('r', 5, [null, null])).best).toBeUndefined();
    expect('best' in summarizeRun(makeRun('r', 5, []))).toBe(false);
  });
});
