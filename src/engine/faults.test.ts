import { describe, expect, it } from 'vitest';
import { parseTestHooks } from './faults';

describe('parseTestHooks', () => {
  it('reads faults per target, the heartbeat timeout and the batch size', () => {
    const h = parseTestHooks(`?faults=${encodeURIComponent('Brent crude ($/bbl)')}:throws=2,wasmOom=1;naphtha:crashes=1&heartbeatTimeout=3000&batchMs=0`);
    expect(h.faults).toEqual([{ target: 'Brent crude ($/bbl)', throws: 2, wasmOom: 1 }, { target: 'naphtha', crashes: 1 }]);
    expect(h.heartbeatTimeoutMs).toBe(3000);
    expect(h.batchMs).toBe(0);
  });

  it('ignores what it does not know or cannot read', () => {
    const h = parseTestHooks('?faults=x:explodes=1;y:throws=-1&heartbeatTimeout=soon&batchMs=-5');
    expect(h).toEqual({ faults: [], heartbeatTimeoutMs: null, batchMs: null });
    expect(parseTestHooks('')).toEqual({ faults: [], heartbeatTimeoutMs: null, batchMs: null });
  });
});
