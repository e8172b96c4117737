/** Display formatting shared by the components; pure, so it is unit-tested in Node. */

// One formatter per precision, made once: building an Intl.NumberFormat per call (what
// toLocaleString does) cost tens of milliseconds when a big dataset first renders.
const byDigits = [0, 1, 2, 3, 4].map((d) => new Intl.NumberFormat('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 }));

/** A number with about four significant digits, thousands grouped; '–' for NaN. */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return '–';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs >= 1e9 || abs < 1e-3)) return x.toExponential(3);
  return byDigits[abs >= 1000 ? 0 : abs >= 100 ? 1 : abs >= 1 ? 2 : 4].format(x);
}

/** An integer count with thousands grouped ("1,091"). */
export function formatCount(n: number): string {
  return byDigits[0].format(n);
}

/** A UTC timestamp as the user reads it: date only when the time is midnight. */
export function formatTimestamp(ms: number, isIndex = false): string {
  if (isIndex) return `#${ms + 1}`;
  if (!Number.isFinite(ms)) return '–';
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith(':00.000Z') ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "1 row" / "3 rows". */
export function plural(n: number, word: string): string {
  return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}
