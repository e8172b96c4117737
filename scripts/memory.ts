import { readdirSync, readFileSync } from 'node:fs';

/** Proportional set size (MB) of every Chromium process on this machine: shared pages are counted once. */
export function chromiumPssMB(): number {
  let kb = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('chromium')) continue;
      const m = /^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      // the process ended between the listing and the read
    }
  }
  return kb / 1024;
}

/** Samples the browser's memory every 100 ms until `stop()`, which returns the peak in MB. */
export function sampleMemory(): { stop: () => number } {
  let peak = chromiumPssMB();
  const timer = setInterval(() => {
    peak = Math.max(peak, chromiumPssMB());
  }, 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, chromiumPssMB());
    },
  };
}
