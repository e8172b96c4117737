import type { FaultSpec } from './types';

/**
 * Test hooks from the page URL, so browser tests can exercise the failure paths of the real
 * build: `?faults=naphtha:throws=2;ethylene:crashes=1;brent:oom=1,wasmOom=1,gpuLost=1&heartbeatTimeout=3000`.
 * `batchMs=0` sends every job alone (the benchmark compares it with batching).
 */
export interface TestHooks {
  faults: FaultSpec[];
  heartbeatTimeoutMs: number | null;
  batchMs: number | null;
}

const FAULT_KINDS = ['throws', 'crashes', 'oom', 'wasmOom', 'gpuLost'] as const;
type FaultKind = (typeof FAULT_KINDS)[number];

/** Reads the hooks from a query string; anything malformed is ignored. */
export function parseTestHooks(search: string): TestHooks {
  const q = new URLSearchParams(search);
  const faults: FaultSpec[] = [];
  for (const part of (q.get('faults') ?? '').split(';').filter(Boolean)) {
    const [target, ...settings] = part.split(':');
    const fault: FaultSpec = { target: decodeURIComponent(target) };
    for (const s of settings.join(':').split(',')) {
      const [k, v] = s.split('=');
      if (FAULT_KINDS.includes(k as FaultKind) && Number(v) > 0) fault[k as FaultKind] = Number(v);
    }
    if (FAULT_KINDS.some((k) => fault[k])) faults.push(fault);
  }
  const hb = Number(q.get('heartbeatTimeout'));
  const batch = q.get('batchMs');
  return { faults, heartbeatTimeoutMs: hb > 0 ? hb : null, batchMs: batch !== null && Number(batch) >= 0 ? Number(batch) : null };
}
