/**
 * Where the header is and what the columns are called: skips title rows above the table,
 * applies merged header cells, and makes names unique, non-empty and reasonably short.
 */
import { errorCodeOf, isMissingText, parseNumber, type Cell } from './cells';
import { detectDateFormat } from './dates';

/** A merged cell range, 0-based and inclusive (SheetJS's `!merges` entries have this shape). */
export interface MergeRange {
  s: { r: number; c: number };
  e: { r: number; c: number };
}

/** Column names plus a note for every kind of renaming that was needed. */
export interface ColumnNames {
  names: string[];
  notes: string[];
}

const MAX_NAME = 120;

/** 0 = empty, 1 = text, 2 = a value (number, date, error, or text that reads as one). */
function cellClass(cell: Cell): 0 | 1 | 2 {
  if (cell === null) return 0;
  if (typeof cell === 'number') return 2;
  if (typeof cell !== 'string') return 2;
  if (isMissingText(cell)) return 0;
  if (errorCodeOf(cell) !== null) return 2;
  if (Number.isFinite(parseNumber(cell, '.', ',')) || Number.isFinite(parseNumber(cell, ',', '.'))) return 2;
  return detectDateFormat([cell]) !== null ? 2 : 1;
}

/**
 * Finds the header row in the first rows of a sheet: the row of mostly text cells right above
 * the first block of mostly-number/date rows. Title rows, notes and blank rows above it are
 * skipped. Returns the 0-based row index, or -1 when the data starts without a header. A table
 * with too few number columns to show a data block gets its first row that is at least half as
 * wide as the widest row (so a one-cell title is still skipped).
 */
export function detectHeader(grid: readonly (readonly Cell[] | null | undefined)[]): number {
  const rows = grid.length;
  const filled = new Int32Array(rows);
  const texts = new Int32Array(rows);
  const isData = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = grid[r];
    if (!row) continue;
    let values = 0;
    for (const cell of row) {
      const k = cellClass(cell);
      if (k === 0) continue;
      filled[r]++;
      if (k === 1) texts[r]++;
      else values++;
    }
    isData[r] = filled[r] > 0 && values >= 0.5 * filled[r] ? 1 : 0;
  }
  let first = -1;
  for (let r = 0; r < rows && first < 0; r++) {
    if (!isData[r]) continue;
    // A data block, not a stray number in a title area: most of the next few rows agree.
    let seen = 0;
    let agree = 0;
    for (let k = r + 1; k < rows && seen < 4; k++) {
      if (filled[k] === 0) continue;
      seen++;
      agree += isData[k];
    }
    if (seen === 0 || agree >= 0.75 * seen) first = r;
  }
  if (first < 0) {
    // Mostly-text table: its header is the first row about as wide as the table (not a title).
    let widest = 0;
    for (let r = 0; r < rows; r++) widest = Math.max(widest, filled[r]);
    for (let r = 0; r < rows; r++) if (filled[r] > 0 && filled[r] >= 0.5 * widest) return r;
    return -1;
  }
  let above = first - 1;
  while (above >= 0 && filled[above] === 0) above--;
  if (above < 0) return -1;
  const isText = texts[above] >= 0.5 * filled[above];
  const wideEnough = filled[above] >= Math.min(2, filled[first]) || filled[above] >= 0.5 * filled[first];
  return isText && wideEnough ? above : -1;
}

/** The text a header cell shows: numbers as written, dates as ISO dates, errors by code. */
export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'number') return String(cell);
  if ('error' in cell) return cell.error;
  const iso = new Date(cell.date).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
}

/** "A", "B", …, "Z", "AA", … for a 0-based column index. */
export function columnLetters(index: number): string {
  let s = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/**
 * Applies merged cells to a header row: a merge that covers the header row fills its text into
 * every column it spans; a merge lying in the row just above the header and spanning several
 * columns becomes the group label of those columns. `textAt(r, c)` reads any sheet cell's text
 * (absolute indices); `header[0]` is sheet column `firstCol`.
 */
export function applyMerges(
  header: readonly string[],
  headerRow: number,
  merges: readonly MergeRange[],
  textAt: (r: number, c: number) => string,
  firstCol = 0,
): { header: string[]; groups: string[] | undefined; filled: number } {
  const out = header.slice();
  let groups: string[] | undefined;
  let filled = 0;
  for (const m of merges) {
    const from = Math.max(m.s.c, firstCol) - firstCol;
    const last = Math.min(m.e.c - firstCol, out.length - 1);
    if (m.s.r <= headerRow && headerRow <= m.e.r) {
      const text = textAt(m.s.r, m.s.c);
      for (let c = from; c <= last; c++) {
        if (out[c].trim() === '' && text.trim() !== '') {
          out[c] = text;
          if (c + firstCol !== m.s.c || m.s.r !== headerRow) filled++;
        }
      }
    } else if (m.e.r === headerRow - 1 && m.e.c > m.s.c) {
      const text = textAt(m.s.r, m.s.c).trim();
      if (text === '') continue;
      groups ??= new Array<string>(out.length).fill('');
      for (let c = from; c <= last; c++) groups[c] = text;
    }
  }
  return { header: out, groups, filled };
}

/**
 * Turns header texts into unique, non-empty names. Whitespace is collapsed; an empty header
 * becomes "Column C" (`style` 'letters', workbooks) or "Column 3" ('numbers', 1-based, text
 * files), counting from `firstIndex`; a group label is prefixed as "Prices · naphtha"; names are cut to 120 characters with
 * '…'; duplicates become "price (2)", "price (3)". Each kind of renaming is reported in `notes`.
 */
export function makeColumnNames(headerCells: readonly string[], style: 'letters' | 'numbers', groupCells?: readonly string[], firstIndex = 0): ColumnNames {
  const names: string[] = [];
  const unnamed: string[] = [];
  const tidied: string[] = [];
  const grouped: string[] = [];
  const cut: string[] = [];
  const dup: string[] = [];
  const used = new Set<string>();
  const pending: number[] = [];
  for (let c = 0; c < headerCells.length; c++) {
    const raw = headerCells[c] ?? '';
    let name = raw.replace(/\s+/g, ' ').trim();
    if (name !== raw.trim()) tidied.push(`'${name}'`);
    const group = groupCells?.[c]?.replace(/\s+/g, ' ').trim() ?? '';
    if (group !== '' && group !== name) {
      name = name === '' ? group : `${group} · ${name}`;
      grouped.push(`'${name}'`);
    }
    if (name === '') {
      name = style === 'letters' ? `Column ${columnLetters(c + firstIndex)}` : `Column ${c + firstIndex + 1}`;
      unnamed.push(name);
    }
    if (name.length > MAX_NAME) {
      name = name.slice(0, MAX_NAME - 1) + '…';
      cut.push(`'${name.slice(0, 30)}…'`);
    }
    names.push(name);
    if (used.has(name)) pending.push(c);
    else used.add(name);
  }
  // Duplicates get the first free "(k)" suffix, never colliding with a real header.
  const nextK = new Map<string, number>();
  for (const c of pending) {
    const base = names[c];
    let k = nextK.get(base) ?? 2;
    while (used.has(`${base} (${k})`)) k++;
    names[c] = `${base} (${k})`;
    nextK.set(base, k + 1);
    used.add(names[c]);
    dup.push(`'${base}' → '${names[c]}'`);
  }
  const notes: string[] = [];
  if (unnamed.length) notes.push(`${plural(unnamed.length, 'column has', 'columns have')} no header and ${unnamed.length === 1 ? 'is' : 'are'} named by position: ${list(unnamed)}.`);
  if (grouped.length) notes.push(`Merged group headings were added to ${plural(grouped.length, 'column name', 'column names')}: ${list(grouped)}.`);
  if (dup.length) notes.push(`Repeated header names were made unique: ${list(dup)}.`);
  if (cut.length) notes.push(`${plural(cut.length, 'header was', 'headers were')} longer than ${MAX_NAME} characters and shortened: ${list(cut)}.`);
  if (tidied.length) notes.push(`Line breaks or repeated spaces were removed from ${plural(tidied.length, 'header', 'headers')}: ${list(tidied)}.`);
  return { names, notes };
}

/** "1 column has" / "3 columns have". */
export function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Up to five items joined with commas, then "and N more". */
export function list(items: readonly string[], max = 5): string {
  const head = items.slice(0, max).join(', ');
  return items.length > max ? `${head} and ${items.length - max} more` : head;
}
