import { describe, expect, it } from 'vitest';
import { safeText } from './guard';

describe('safeText', () => {
  it('prefixes an apostrophe to text that would start a formula', () => {
    expect(safeText('=1+1')).toBe("'=1+1");
    expect(safeText('+x')).toBe("'+x");
    expect(safeText('-x')).toBe("'-x");
    expect(safeText('@x')).toBe("'@x");
    expect(safeText('\tx')).toBe("'\tx");
    expect(safeText('\rx')).toBe("'\rx");
  });

  it('leaves other text alone', () => {
    expect(safeText('plain text')).toBe('plain text');
    expect(safeText('a=b')).toBe('a=b');
    expect(safeText(' =x')).toBe(' =x');
    expect(safeText('')).toBe('');
  });
});
