/** Worksheet names Excel accepts: ≤ 31 characters, none of []:*?/\, no edge apostrophes, unique ignoring case. */

const MAX = 31;
// Control characters too: Excel refuses them in names.
// eslint-disable-next-line no-control-regex
const BAD = /[[\]:*?/\\\u0000-\u001f]/g;

/** Cuts to `max` UTF-16 units without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** A valid name for `wanted`, not among `taken` (lower-cased names; the new one is added). */
export function sheetName(wanted: string, taken: Set<string>): string {
  // Excel also rejects an apostrophe at either end and reserves 'History'.
  let base = wanted.replace(BAD, '_').replace(/^'+|'+$/g, '').trim();
  if (!base) base = 'Series';
  if (base.toLowerCase() === 'history') base = 'History_';
  let name = cut(base, MAX);
  for (let i = 2; taken.has(name.toLowerCase()); i++) {
    const suffix = ` (${i})`;
    name = cut(base, MAX - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}
