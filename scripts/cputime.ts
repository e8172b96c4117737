import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds used so far by each Chromium process, keyed by its --type (browser, renderer, gpu-process…). */
export function chromiumCpu(): Record<string, number> {
  const out: Record<string, number> = {};
  const tick = 100; // USER_HZ on Linux
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium')) continue;
      const type = /--type=([\w-]+)/.exec(cmd)?.[1] ?? 'browser';
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out[type] = (out[type] ?? 0) + (Number(f[11]) + Number(f[12])) / tick;
    } catch {
      // gone
    }
  }
  return out;
}
