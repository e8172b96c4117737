/** Memory of the page and its workers, measured the best way the browser allows. */

/** One memory reading in MB, and how it was taken. */
export interface MemoryReading {
  mb: number;
  /** 'uasm' = measureUserAgentSpecificMemory (page + workers); 'heap' = the page's JS heap only. */
  source: 'uasm' | 'heap' | 'none';
}

type MeasureMemory = () => Promise<{ bytes: number }>;

/** Reads memory once; never rejects (a browser without the APIs reads as 0 MB, source 'none'). */
export async function readMemory(): Promise<MemoryReading> {
  const perf = performance as Performance & { measureUserAgentSpecificMemory?: MeasureMemory; memory?: { usedJSHeapSize: number } };
  if (globalThis.crossOriginIsolated && perf.measureUserAgentSpecificMemory) {
    try {
      return { mb: (await perf.measureUserAgentSpecificMemory()).bytes / 2 ** 20, source: 'uasm' };
    } catch {
      // falls through to the heap reading (e.g. a security error in some embeddings)
    }
  }
  if (perf.memory) return { mb: perf.memory.usedJSHeapSize / 2 ** 20, source: 'heap' };
  return { mb: 0, source: 'none' };
}

/** Samples memory until stopped; `stop()` resolves to the peak seen. */
export function memorySampler(intervalMs = 250): { stop: () => Promise<MemoryReading> } {
  let peak: MemoryReading = { mb: 0, source: 'none' };
  let running = true;
  const loop = (async () => {
    while (running) {
      const m = await readMemory();
      if (m.mb > peak.mb) peak = m;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return peak;
    },
  };
}
