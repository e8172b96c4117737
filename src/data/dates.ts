/**
 * Dates written as text, and Excel serial dates. All arithmetic is UTC (Date.UTC); the local
 * time zone is never consulted, so a file reads the same on every machine.
 */

/**
 * Field layout of a date text: y year, m month number, d day, M month name, q quarter.
 * 'ymd' 2016-07-01, 'dmy' 01/07/2016, 'mdy' 07/01/2016, 'dMy' 1-Jul-2016, 'Mdy' Jul 1, 2016,
 * 'yMd' 2016-Jul-01, 'My' Jul 2016, 'ym' 2016-07, 'my' 07/2016, 'yq' 2016Q3, 'qy' Q3 2016,
 * 'time' a time of day alone (read on 1970-01-01).
 */
export type DateShape = 'ymd' | 'dmy' | 'mdy' | 'dMy' | 'Mdy' | 'yMd' | 'My' | 'ym' | 'my' | 'yq' | 'qy' | 'time';

/** A date-text format detected from samples, for `parseDate`. */
export interface DateFormat {
  shape: DateShape;
  /** Whether the samples carry a time of day (dates without one still parse). */
  time: boolean;
  /** Human-readable pattern, e.g. "DD/MM/YYYY hh:mm". */
  label: string;
  /** True when day-first vs month-first could not be decided and day-first was assumed. */
  ambiguous: boolean;
}

const DAY = 86_400_000;

/** Scratch of the last `scan` (reused: parsing a column must not allocate per cell). */
const S = {
  n: 0,
  v: [0, 0, 0],
  len: [0, 0, 0], // digit count; 0 for a month name, -1 for a quarter
  sep: 0, // first date separator char code (0 = none)
  comma: false,
  time: false,
  h: 0,
  mi: 0,
  s: 0,
  ms: 0,
  tz: 0, // offset in minutes east of UTC
};

const MONTHS = buildMonths();
const WEEKDAYS = new Set(['mon', 'tue', 'tues', 'wed', 'thu', 'thur', 'thurs', 'fri', 'sat', 'sun', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday']);

/** Month names (en, de, fr, es, it, nl), every unambiguous prefix of 3+ letters, accents dropped. */
function buildMonths(): Map<string, number> {
  const names = [
    'january february march april may june july august september october november december',
    'januar februar marz april mai juni juli august september oktober november dezember',
    'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre',
    'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre',
    'gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre',
    'januari februari maart april mei juni juli augustus september oktober november december',
  ];
  const map = new Map<string, number>();
  const clash = new Set<string>();
  for (const line of names) {
    line.split(' ').forEach((name, m) => {
      for (let k = 3; k <= name.length; k++) {
        const p = name.slice(0, k);
        if (map.has(p) && map.get(p) !== m + 1) clash.add(p);
        map.set(p, m + 1);
      }
    });
  }
  for (const p of clash) map.delete(p);
  map.set('mei', 5).set('mai', 5).set('aou', 8).set('sept', 9);
  return map;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 0xc0 && c !== 0xd7 && c !== 0xf7 && c < 0x2000);
const isBlank = (c: number) => c === 32 || c === 9 || c === 0xa0;

/** Reads `text` into S; false when it is not a date/time text at all. */
function scan(text: string): boolean {
  let i = 0;
  let end = text.length;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  while (end > i && isBlank(text.charCodeAt(end - 1))) end--;
  if (i === end || end - i > 40) return false;
  S.n = 0;
  S.sep = 0;
  S.comma = false;
  S.time = false;
  S.h = S.mi = S.s = S.ms = S.tz = 0;
  let names = 0;
  while (S.n < 3 && i < end) {
    const c = text.charCodeAt(i);
    if (isDigit(c)) {
      const start = i;
      let v = 0;
      while (i < end && isDigit(text.charCodeAt(i))) v = v * 10 + text.charCodeAt(i++) - 48;
      if (i < end && text.charCodeAt(i) === 58) {
        i = start; // "hh:" starts the time of day
        break;
      }
      if (i - start > 4) return false;
      push(v, i - start);
    } else if (isLetter(c)) {
      const start = i;
      while (i < end && isLetter(text.charCodeAt(i))) i++;
      const word = text.slice(start, i).toLowerCase();
      if ((word === 'q' || word === 'qtr') && i < end && isDigit(text.charCodeAt(i))) {
        const q = text.charCodeAt(i++) - 48;
        if (q < 1 || q > 4 || (i < end && isDigit(text.charCodeAt(i)))) return false;
        push(q, -1);
      } else if (word === 't' && S.n === 3) {
        i = start;
        break;
      } else {
        const m = MONTHS.get(word.normalize('NFD').replace(/[\u0300-\u036f]/g, ''));
        if (m !== undefined) {
          push(m, 0);
          names++;
        } else if (S.n === 0 && WEEKDAYS.has(word)) {
          if (i < end && text.charCodeAt(i) === 44) i++;
        } else return false;
      }
    } else return false;
    if (S.n === 3) break;
    // One separator between fields: - / . or spaces, optionally after a comma.
    if (i < end) {
      const d = text.charCodeAt(i);
      if (d === 45 || d === 47 || d === 46) {
        if (S.sep === 0) S.sep = d;
        i++;
      } else if (d === 44) {
        S.comma = true;
        i++;
      }
      while (i < end && isBlank(text.charCodeAt(i))) {
        if (S.sep === 0) S.sep = 32;
        i++;
      }
    }
  }
  if (S.comma && names === 0) return false; // "1,234" is a number, not a date
  if (i < end && (text.charCodeAt(i) === 84 || text.charCodeAt(i) === 116)) i++; // ISO 'T'
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i < end) {
    i = scanTime(text, i, end);
    if (i < 0) return false;
  }
  return i === end && (S.n > 0 || S.time);
}

/** Appends one date field to S. */
function push(v: number, len: number): void {
  S.v[S.n] = v;
  S.len[S.n] = len;
  S.n++;
}

/** Reads "hh:mm[:ss[.fff]] [am|pm] [Z|UTC|±hh[:mm]]" at i; returns the end index or -1. */
function scanTime(t: string, i: number, end: number): number {
  const two = (k: number) => (k + 1 < end && isDigit(t.charCodeAt(k)) && isDigit(t.charCodeAt(k + 1)) ? (t.charCodeAt(k) - 48) * 10 + t.charCodeAt(k + 1) - 48 : -1);
  let h = 0;
  const h0 = i;
  while (i < end && isDigit(t.charCodeAt(i)) && i - h0 < 2) h = h * 10 + t.charCodeAt(i++) - 48;
  if (i === h0 || i >= end || t.charCodeAt(i) !== 58) return -1;
  const mi = two(i + 1);
  if (mi < 0) return -1;
  i += 3;
  let s = 0;
  let ms = 0;
  if (i < end && t.charCodeAt(i) === 58) {
    s = two(i + 1);
    if (s < 0) return -1;
    i += 3;
    if (i < end && (t.charCodeAt(i) === 46 || t.charCodeAt(i) === 44) && i + 1 < end && isDigit(t.charCodeAt(i + 1))) {
      let scale = 100;
      for (i++; i < end && isDigit(t.charCodeAt(i)); i++, scale /= 10) ms += (t.charCodeAt(i) - 48) * scale;
      ms = Math.floor(ms);
    }
  }
  while (i < end && isBlank(t.charCodeAt(i))) i++;
  if (i < end) {
    const rest = t.slice(i, end).toLowerCase();
    const ampm = /^(a|p)\.?(m\.?)?/.exec(rest);
    if (ampm && (rest.length === ampm[0].length || !isLetter(rest.charCodeAt(ampm[0].length)))) {
      if (h < 1 || h > 12) return -1;
      h = (h % 12) + (ampm[1] === 'p' ? 12 : 0);
      i += ampm[0].length;
      while (i < end && isBlank(t.charCodeAt(i))) i++;
    }
  }
  if (i < end) {
    const z = /^(?:z|utc|gmt)?(?:([+-])(\d{2}):?(\d{2})?)?$/i.exec(t.slice(i, end));
    if (!z || z[0].length === 0) return -1;
    if (z[1]) S.tz = (z[1] === '-' ? -1 : 1) * (+z[2] * 60 + (z[3] ? +z[3] : 0));
    i = end;
  }
  if (h > 24 || mi > 59 || s > 59 || (h === 24 && (mi > 0 || s > 0 || ms > 0))) return -1;
  S.time = true;
  S.h = h;
  S.mi = mi;
  S.s = s;
  S.ms = ms;
  return i;
}

/** Shape of the scanned fields; 'nnY' stands for dmy-or-mdy until the samples decide. */
function rawShape(): DateShape | 'nnY' | null {
  const a = S.len[0], b = S.len[1], c = S.len[2];
  if (S.n === 0) return 'time';
  if (S.n === 3) {
    if (a === 4 && b > 0 && b <= 2 && c > 0 && c <= 2) return 'ymd';
    if (a > 0 && a <= 2 && b > 0 && b <= 2 && (c === 4 || c === 2) && S.sep !== 32) return 'nnY';
    if (a > 0 && a <= 2 && b === 0 && (c === 4 || c === 2)) return 'dMy';
    if (a === 0 && b > 0 && b <= 2 && c === 4) return 'Mdy';
    if (a === 4 && b === 0 && c > 0 && c <= 2) return 'yMd';
    return null;
  }
  if (S.n === 2 && !S.time) {
    if (a === 0 && (b === 4 || b === 2)) return 'My';
    if (a === 4 && b === -1) return 'yq';
    if (a === -1 && b === 4) return 'qy';
    if (S.sep === 45 || S.sep === 47) {
      if (a === 4 && b > 0 && b <= 2) return 'ym';
      if (a > 0 && a <= 2 && b === 4) return 'my';
    }
  }
  return null;
}

/** Epoch ms of the scanned fields read as `shape`, or NaN when they are not a real date. */
function compose(shape: DateShape): number {
  const a = S.v[0], b = S.v[1], c = S.v[2];
  let y = 1970, m = 1, d = 1; // 'time'
  switch (shape) {
    case 'ymd': case 'yMd': y = a; m = b; d = c; break;
    case 'dmy': case 'dMy': y = c; m = b; d = a; break;
    case 'mdy': case 'Mdy': y = c; m = a; d = b; break;
    case 'My': case 'my': y = b; m = a; break;
    case 'ym': y = a; m = b; break;
    case 'yq': y = a; m = b * 3 - 2; break;
    case 'qy': y = b; m = a * 3 - 2; break;
  }
  const yearLen = shape === 'ymd' || shape === 'yMd' || shape === 'ym' || shape === 'yq' ? S.len[0] : shape === 'time' ? 4 : S.len[S.n - 1];
  if (yearLen === 2) y += y < 30 ? 2000 : 1900; // Excel's two-digit-year pivot
  else if (y < 1000) return NaN;
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return NaN;
  return Date.UTC(y, m - 1, d, S.h, S.mi, S.s, S.ms) - S.tz * 60_000;
}

/** Days in month `m` (1-12) of year `y`, Gregorian. */
function daysInMonth(y: number, m: number): number {
  return m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Parses a date/time text written in `format` to epoch ms (UTC); NaN when it does not fit.
 * Texts without a time of day read as midnight; an explicit offset (Z, +02:00) is applied.
 */
export function parseDate(text: string, format: DateFormat): number {
  if (!scan(text)) return NaN;
  const raw = rawShape();
  const want = format.shape === 'dmy' || format.shape === 'mdy' ? 'nnY' : format.shape;
  return raw === want ? compose(format.shape) : NaN;
}

/**
 * Finds the date format that reads at least 80% of the (non-blank) samples, or null. Day-first
 * vs month-first is decided by any field over 12 (or `order`); when no sample decides, day-first
 * is assumed (the ISO-world default) and `ambiguous` is set so the importer can say so — except
 * for dotted dates (01.07.2016), which are day-first by convention.
 */
export function detectDateFormat(samples: readonly string[], order?: 'dmy' | 'mdy'): DateFormat | null {
  const counts = new Map<string, number>();
  let total = 0;
  let firstOver12 = 0;
  let secondOver12 = 0;
  let withTime = 0;
  let sep = '';
  for (const s of samples) {
    if (s.trim().length === 0) continue;
    total++;
    if (!scan(s)) continue;
    const raw = rawShape();
    if (raw === null) continue;
    counts.set(raw, (counts.get(raw) ?? 0) + 1);
    if (S.time) withTime++;
    if (!sep && S.sep) sep = String.fromCharCode(S.sep);
    if (raw === 'nnY') {
      if (S.v[0] > 12) firstOver12++;
      if (S.v[1] > 12) secondOver12++;
    }
  }
  let best: string | null = null;
  for (const [k, n] of counts) if (best === null || n > (counts.get(best) ?? 0)) best = k;
  if (best === null || (counts.get(best) ?? 0) < 0.8 * total) return null;
  let shape = best as DateShape;
  let ambiguous = false;
  if (best === 'nnY') {
    if (order) shape = order;
    else if (firstOver12 > 0 && secondOver12 === 0) shape = 'dmy';
    else if (secondOver12 > 0 && firstOver12 === 0) shape = 'mdy';
    else if (firstOver12 > 0) shape = firstOver12 >= secondOver12 ? 'dmy' : 'mdy';
    else [shape, ambiguous] = ['dmy', sep !== '.']; // 01.07.2016 is day-first wherever dots are used
  }
  const format: DateFormat = { shape, time: withTime > 0, label: label(shape, sep || '-', withTime > 0), ambiguous };
  let ok = 0;
  for (const s of samples) if (s.trim().length > 0 && Number.isFinite(parseDate(s, format))) ok++;
  return ok >= 0.8 * total && ok > 0 ? format : null;
}

/** Human-readable pattern of a format, e.g. "DD/MM/YYYY hh:mm". */
function label(shape: DateShape, sep: string, time: boolean): string {
  const s = sep === ' ' ? ' ' : sep;
  const parts: Record<DateShape, string> = {
    ymd: `YYYY${s}MM${s}DD`, dmy: `DD${s}MM${s}YYYY`, mdy: `MM${s}DD${s}YYYY`, dMy: `D${s}Mon${s}YYYY`,
    Mdy: 'Mon D, YYYY', yMd: `YYYY${s}Mon${s}DD`, My: `Mon${s}YYYY`, ym: `YYYY${s}MM`, my: `MM${s}YYYY`,
    yq: 'YYYY Qn', qy: 'Qn YYYY', time: 'hh:mm',
  };
  return parts[shape] + (time && shape !== 'time' ? ' hh:mm' : '');
}

/**
 * Converts an Excel serial date to epoch ms (UTC). The 1900 system keeps Lotus's leap-year bug:
 * serial 60 is the nonexistent 1900-02-29 (NaN here), so serials below 60 are shifted one day
 * against those from 61 on. In the 1904 system serial 0 is 1904-01-01. Fractions are the time of
 * day, rounded to the millisecond and then to the second to remove floating-point noise.
 */
export function excelSerialToMs(serial: number, date1904: boolean): number {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2_958_466) return NaN;
  let base: number;
  if (date1904) base = Date.UTC(1904, 0, 1);
  else if (serial >= 61) base = Date.UTC(1899, 11, 30);
  else if (serial >= 60) return NaN;
  else base = Date.UTC(1899, 11, 31);
  const ms = Math.round(serial * DAY);
  return base + Math.round(ms / 1000) * 1000;
}
