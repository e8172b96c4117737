/** Memory of the page and its workers, measured the best way the browser allows. */

/** One memory reading in MB, and how it was taken. */
export interface MemoryReading {
  mb: number;
  /** 'uasm' = measureUserAgentSpecificMemory (page + workers); 'heap' = the page's JS heap only. */
  source: 'uasm' | 'heap' | 'none';
}

type MeasureMemory = () => Promise<{ bytes: number }>;

/** Longest wait for one whole-browser memory measurement. */
const MEASURE_TIMEOUT_MS = 2_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads memory once; never rejects (a browser without the APIs reads as 0 MB, source 'none'). */
export async function readMemory(): Promise<MemoryReading> {
  const perf = performance as Performance & { measureUserAgentSpecificMemory?: MeasureMemory; memory?: { usedJSHeapSize: number } };
  if (globalThis.crossOriginIsolated && perf.measureUserAgentSpecificMemory) {
    try {
      // A worker that died without closing cleanly can hold the answer back for a minute.
      const bytes = await Promise.race([perf.measureUserAgentSpecificMemory().then((m) => m.bytes), sleep(MEASURE_TIMEOUT_MS).then(() => NaN)]);
      if (Number.isFinite(bytes)) return { mb: bytes / 2 ** 20, source: 'uasm' };
    } catch {
      // falls through to the heap reading (e.g. a security error in some embeddings)
    }
  }
  if (perf.memory) return { mb: perf.memory.usedJSHeapSize / 2 ** 20, source: 'heap' };
  return { mb: 0, source: 'none' };
}

/**
 * Samples memory until stopped; `stop()` resolves to the peak seen. It waits for the first
 * reading at most (taken when sampling starts), never for a new one: a whole-browser
 * measurement can take seconds to answer, and the results should not wait for it.
 */
export function memorySampler(intervalMs = 2000, onReading?: (m: MemoryReading) => void): { stop: () => Promise<MemoryReading> } {
  let peak: MemoryReading = { mb: 0, source: 'none' };
  let running = true;
  let first: Promise<unknown> | null = null;
  void (async () => {
    while (running) {
      const reading = readMemory();
      first ??= reading;
      const m = await reading;
      if (m.mb > peak.mb) peak = m;
      if (running) onReading?.(m);
      await sleep(intervalMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await first;
      return peak;
    },
  };
}
