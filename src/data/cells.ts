/**
 * Cell-level reading: numbers written as text in any common locale, missing-value markers and
 * spreadsheet error codes. Date text and Excel serials live in dates.ts and are re-exported here.
 * Everything is pure and allocation-light: these functions run once per cell of a file.
 */
import type { DecimalSeparator, ThousandsSeparator } from './frame';

export { detectDateFormat, parseDate, excelSerialToMs, type DateFormat, type DateShape } from './dates';

/** One cell as the header detector and column classifier see it: `date` is epoch ms (UTC). */
export type Cell = string | number | null | { error: string } | { date: number };

/** How numbers written as text are punctuated. */
export interface NumberLocale {
  decimal: DecimalSeparator;
  thousands: ThousandsSeparator;
}

/** A detected locale; `ambiguous` holds a sample that reads both ways when nothing else decided. */
export interface DetectedLocale extends NumberLocale {
  ambiguous: string | null;
}

/** True for ASCII space/tab and the Unicode spaces used as thousands separators. */
function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x202f || c === 0x2009 || c === 0x2007;
}

/** Currency signs: $, ¢ £ ¤ ¥, and the Unicode currency block (€ ₹ ₽ …). */
function isCurrency(c: number): boolean {
  return c === 36 || (c >= 0xa2 && c <= 0xa5) || (c >= 0x20a0 && c <= 0x20cf);
}

/** Separator class of a grouping character: 1 space-like, 2 apostrophe, 3 ',', 4 '.', 0 none. */
function groupClass(c: number): number {
  if (isSpace(c)) return 1;
  if (c === 39 || c === 0x2019) return 2;
  if (c === 44) return 3;
  if (c === 46) return 4;
  return 0;
}

/**
 * Reads a number written as text; NaN when it is not one. Accepts surrounding spaces, a sign
 * (also U+2212), an exponent, currency signs, accounting negatives "(12.5)", and a trailing '%'
 * which is dropped without scaling ("12%" → 12, the number as written). Thousands separators are
 * `thousands` plus, always, spaces (incl. NBSP/narrow NBSP) and apostrophes; groups must have
 * exactly three digits so "1.5" is never silently read as 15.
 */
export function parseNumber(text: string, decimal: DecimalSeparator = '.', thousands: ThousandsSeparator = ''): number {
  const n = text.length;
  if (n === 0) return NaN;
  // Fast path: plain ASCII "-123.456", which is what nearly every CSV cell is. Digits are summed
  // as an integer; while it stays below 2^53 and the scale is at most 10^22, one division is
  // exactly what a correctly rounded strtod returns (Clinger's fast path).
  const dot = decimal === '.' ? 46 : -1;
  let i = 0;
  let c = text.charCodeAt(0);
  const neg = c === 45;
  if (neg || c === 43) i = 1;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < n; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
    } else if (c === dot && frac < 0) frac = digits;
    else break;
  }
  if (i === n && digits > 0) {
    const scale = frac < 0 ? 0 : digits - frac;
    if (m <= 9007199254740992 && scale <= 22) {
      const v = m / POW10[scale];
      return neg ? -v : v;
    }
    return +text;
  }
  if (c === 101 || c === 69) {
    // Exponent: validate the rest is ASCII number syntax, then let the engine convert.
    for (; i < n; i++) {
      c = text.charCodeAt(i);
      if (!((c >= 48 && c <= 57) || c === 45 || c === 43 || c === 101 || c === 69 || c === dot)) break;
    }
    if (i === n) {
      const v = +text;
      return Number.isFinite(v) ? v : NaN;
    }
  }
  return parseNumberSlow(text, decimal, thousands);
}

/** 10^0 … 10^22, all exact doubles. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** The general scanner behind `parseNumber`. */
function parseNumberSlow(s: string, decimal: DecimalSeparator, thousands: ThousandsSeparator): number {
  let i = 0;
  let j = s.length;
  while (i < j && isSpace(s.charCodeAt(i))) i++;
  while (j > i && isSpace(s.charCodeAt(j - 1))) j--;
  let neg = false;
  if (j - i >= 3 && s.charCodeAt(i) === 40 && s.charCodeAt(j - 1) === 41) {
    neg = true;
    i++;
    j--;
  }
  let sign = false;
  for (; i < j; i++) {
    const c = s.charCodeAt(i);
    if (isCurrency(c) || isSpace(c)) continue;
    if (!sign && (c === 43 || c === 45 || c === 0x2212)) {
      sign = true;
      if (c !== 43) neg = !neg;
      continue;
    }
    break;
  }
  let pct = false;
  for (; j > i; j--) {
    const c = s.charCodeAt(j - 1);
    if (c === 37 && !pct) pct = true;
    else if (!isCurrency(c) && !isSpace(c)) break;
  }
  const dec = decimal === ',' ? 44 : 46;
  const thouClass = thousands === '' ? 0 : groupClass(thousands.charCodeAt(0));
  let digits = '';
  let run = 0; // digits since the last group separator (or start)
  let grouped = 0; // class of the grouping character in use, 0 = none yet
  let k = i;
  let start = i;
  for (; k < j; k++) {
    const c = s.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      run++;
      continue;
    }
    if (c === dec || c === 101 || c === 69) break;
    const g = groupClass(c);
    if (g === 0 || (g >= 3 && g !== thouClass)) return NaN;
    if (grouped === 0 ? run === 0 || run > 3 : g !== grouped || run !== 3) return NaN;
    grouped = g;
    digits += s.slice(start, k);
    start = k + 1;
    run = 0;
  }
  if (grouped !== 0 && run !== 3) return NaN;
  digits += s.slice(start, k);
  let frac = '';
  if (k < j && s.charCodeAt(k) === dec) {
    const f0 = ++k;
    while (k < j && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    frac = s.slice(f0, k);
  }
  if (digits.length === 0 && frac.length === 0) return NaN;
  let exp = '';
  if (k < j && (s.charCodeAt(k) === 101 || s.charCodeAt(k) === 69)) {
    const e0 = ++k;
    if (k < j && (s.charCodeAt(k) === 43 || s.charCodeAt(k) === 45)) k++;
    const d0 = k;
    while (k < j && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57) k++;
    if (k === d0) return NaN;
    exp = 'e' + s.slice(e0, k);
  }
  if (k !== j) return NaN;
  const v = +((neg ? '-' : '') + (digits || '0') + '.' + (frac || '0') + exp);
  return Number.isFinite(v) ? v : NaN;
}

/** What one sample says about the separators; see `detectNumberLocale`. */
type Evidence = 'none' | 'dot' | 'comma' | 'dotGroup' | 'commaGroup' | 'ambDot' | 'ambComma' | 'invalid';

/** Classifies the '.'/',' usage of one number-shaped text. */
function evidenceOf(text: string): Evidence {
  let i = 0;
  let j = text.length;
  while (i < j && !(text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57)) {
    const c = text.charCodeAt(i);
    if (!(isSpace(c) || isCurrency(c) || c === 43 || c === 45 || c === 40 || c === 0x2212 || c === 46 || c === 44)) return 'invalid';
    if (c === 46 || c === 44) break; // ".5" / ",5"
    i++;
  }
  while (j > i) {
    const c = text.charCodeAt(j - 1);
    if (c >= 48 && c <= 57) break;
    if (!(isSpace(c) || isCurrency(c) || c === 37 || c === 41)) return 'invalid';
    j--;
  }
  const seps: number[] = [];
  const runs: number[] = [0];
  for (let k = i; k < j; k++) {
    const c = text.charCodeAt(k);
    if (c >= 48 && c <= 57) runs[runs.length - 1]++;
    else if (c === 46 || c === 44) {
      seps.push(c);
      runs.push(0);
    } else if (!(isSpace(c) || c === 39 || c === 0x2019)) return 'invalid';
  }
  if (seps.length === 0) return 'none';
  const last = seps[seps.length - 1];
  const dots = seps.filter((c) => c === 46).length;
  const mixed = dots > 0 && dots < seps.length;
  const groupsOk = (upto: number) => runs[0] >= 1 && runs[0] <= 3 && runs.slice(1, upto + 1).every((r) => r === 3);
  if (mixed) {
    // The last separator is the decimal; every earlier one must be the other kind, grouping by 3.
    if (seps.slice(0, -1).some((c) => c === last) || !groupsOk(seps.length - 1)) return 'invalid';
    return last === 46 ? 'dot' : 'comma';
  }
  if (seps.length > 1) {
    if (!groupsOk(seps.length)) return 'invalid';
    return last === 46 ? 'dotGroup' : 'commaGroup';
  }
  // One separator: "1,234" and "1.234" read both ways; "0,123" and "1,5" do not.
  const amb = runs[1] === 3 && runs[0] >= 1 && runs[0] <= 3 && !(runs[0] === 1 && text.charCodeAt(i) === 48);
  if (amb) return last === 46 ? 'ambDot' : 'ambComma';
  return last === 46 ? 'dot' : 'comma';
}

/**
 * Guesses decimal and thousands separators from sample texts. Unambiguous samples ("1,5",
 * "1.234,5", "1,234,567") vote; with no such evidence, "1,234"-style samples mean thousands ','
 * (unless `prefer` is ',' — e.g. for ';'-delimited files — when they mean decimal ','), and
 * "1.234" alone stays decimal '.'. Non-number texts (dates, words) are ignored.
 */
export function detectNumberLocale(samples: readonly string[], prefer: DecimalSeparator = '.'): DetectedLocale {
  const seen: Record<Evidence, number> = { none: 0, dot: 0, comma: 0, dotGroup: 0, commaGroup: 0, ambDot: 0, ambComma: 0, invalid: 0 };
  let spaces = 0;
  let quotes = 0;
  for (const s of samples) {
    if (s.length === 0 || s.length > 40) continue;
    const e = evidenceOf(s);
    seen[e]++;
    if (e === 'invalid' || e === 'none') continue;
    if (/\d[ \u00a0\u202f\u2009]\d/.test(s)) spaces++;
    if (/\d['\u2019]\d/.test(s)) quotes++;
  }
  const commaVotes = seen.comma + seen.dotGroup;
  const dotVotes = seen.dot + seen.commaGroup;
  let decimal: DecimalSeparator;
  let ambiguous: string | null = null;
  if (commaVotes > dotVotes) decimal = ',';
  else if (dotVotes > commaVotes) decimal = '.';
  else if (commaVotes > 0) decimal = prefer;
  else {
    // Only "1,234"/"1.234"-style samples (or none): "1,234" is a thousands comma unless the file's
    // dialect prefers a decimal comma; "1.234" stays a decimal point (precise values beat grouping).
    if (seen.ambComma + seen.ambDot > 0) ambiguous = samples.find((s) => s.length <= 40 && /^(amb)/.test(evidenceOf(s))) ?? null;
    decimal = seen.ambComma > 0 && prefer === ',' ? ',' : '.';
  }
  let thousands: ThousandsSeparator = '';
  if (decimal === '.' && hasGroupSep(samples, 44)) thousands = ',';
  else if (decimal === ',' && hasGroupSep(samples, 46)) thousands = '.';
  else if (spaces > 0) thousands = ' ';
  else if (quotes > 0) thousands = "'";
  return { decimal, thousands, ambiguous };
}

/** True when some sample uses `sep` (a char code) between digit groups of three. */
function hasGroupSep(samples: readonly string[], sep: number): boolean {
  const re = sep === 44 ? /\d,\d{3}(?!\d)/ : /\d\.\d{3}(?!\d)/;
  for (const s of samples) {
    if (s.length <= 40 && re.test(s)) {
      const e = evidenceOf(s);
      if (e !== 'invalid' && e !== (sep === 44 ? 'comma' : 'dot')) return true;
    }
  }
  return false;
}

const MISSING = new Set(['na', 'n/a', 'n.a.', 'nan', 'null', 'none', 'nil', '-', '--', '—', '–', '.', '?', 'missing', '#na']);

/** True for blank text and the usual "no value" markers (NA, n/a, NaN, null, -, —, …). */
export function isMissingText(text: string): boolean {
  const n = text.length;
  if (n === 0) return true;
  if (n > 16) return false;
  const t = text.trim();
  return t.length === 0 || MISSING.has(t.toLowerCase());
}

/** Spreadsheet error codes as Excel, LibreOffice and Sheets write them. */
const ERROR_CODES = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!']);

/** The error code a text cell spells exactly (e.g. "#N/A"), or null. */
export function errorCodeOf(text: string): string | null {
  if (text.length < 4 || text.charCodeAt(0) !== 35) return null;
  const t = text.trim().toUpperCase();
  return ERROR_CODES.has(t) ? t : null;
}

/** Excel's numeric error codes (BIFF/OOXML `t: 'e'` cell values) to their text. */
export const EXCEL_ERRORS: Readonly<Record<number, string>> = {
  0x00: '#NULL!',
  0x07: '#DIV/0!',
  0x0f: '#VALUE!',
  0x17: '#REF!',
  0x1d: '#NAME?',
  0x24: '#NUM!',
  0x2a: '#N/A',
  0x2b: '#GETTING_DATA',
};

/** Shortens a cell text for messages: at most `max` characters, cut with '…'. */
export function shorten(text: string, max = 40): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}
