/**
 * The reference's `timeF` embedding input for hourly data: hour of day, day of week, day of
 * month and day of year, each scaled to [-0.5, 0.5] (gluonts-style `time_features`).
 */

/** Features per time step. */
export const MARKS = 4;

/** A series whose "times" are row indices (steps under a second) has no calendar: its features are 0. */
function hasCalendar(time: ArrayLike<number>): boolean {
  if (time.length < 2) return time.length === 1 && Math.abs(time[0]) >= 1000;
  return Math.abs(time[time.length - 1] - time[0]) / (time.length - 1) >= 1000;
}

/** Writes the 4 features of epoch-ms `ms` (UTC) at `out[at..at+4)`. */
export function writeMarks(ms: number, out: Float32Array, at: number): void {
  const d = new Date(ms);
  const hour = d.getUTCHours();
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0, as pandas' dayofweek
  const dom = d.getUTCDate();
  const doy = Math.floor((Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), dom) - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
  out[at] = hour / 23 - 0.5;
  out[at + 1] = dow / 6 - 0.5;
  out[at + 2] = (dom - 1) / 30 - 0.5;
  out[at + 3] = (doy - 1) / 365 - 0.5;
}

/** Features of every time step, row-major (n × MARKS); zeros when the times are row indices. */
export function timeFeatures(time: ArrayLike<number>): Float32Array {
  const out = new Float32Array(time.length * MARKS);
  if (!hasCalendar(time)) return out;
  for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i])) writeMarks(time[i], out, i * MARKS);
  return out;
}

/**
 * Features of the `h` steps after the end of `time`, stepping by the mean step of its last
 * `span` values (future time stamps are not in the data; a regular grid is assumed).
 */
export function futureFeatures(time: ArrayLike<number>, h: number, span = 96): Float32Array {
  const out = new Float32Array(h * MARKS);
  const n = time.length;
  if (n < 2 || !hasCalendar(time)) return out;
  const m = Math.min(span, n - 1);
  const step = (time[n - 1] - time[n - 1 - m]) / m;
  for (let i = 0; i < h; i++) writeMarks(time[n - 1] + (i + 1) * step, out, i * MARKS);
  return out;
}
