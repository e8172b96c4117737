/**
 * A byte-level XML tokenizer for the streaming workbook reader: fed chunks cut anywhere, it hands
 * each tag to a sink as a byte range (no strings, no objects) and collects the text the sink asks
 * for into one reused byte buffer. Comments, processing instructions and CDATA are understood;
 * a tag cut by a chunk boundary waits for the next chunk. No DOMParser (workers have none) and
 * no regular expression over the document.
 */
import { damaged } from './zip';

/** Receives each tag: `buf[start..end)` is the tag without its '<' and '>'. */
export interface TagSink {
  tag(buf: Uint8Array, start: number, end: number): void;
}

const LT = 60, GT = 62, BANG = 33, QMARK = 63, SLASH = 47, COLON = 58, EQ = 61, AMP = 38;
const CDATA = [91, 67, 68, 65, 84, 65, 91]; // "[CDATA["

/** Growable bytes: the text of the element being captured. */
export class ByteText {
  bytes = new Uint8Array(256);
  length = 0;

  /** Empties the text (keeps the memory). */
  clear(): void {
    this.length = 0;
  }

  /** Appends `src[from..to)`, growing by doubling. */
  append(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    if (n < 32) for (let i = 0; i < n; i++) this.bytes[this.length + i] = src[from + i];
    else this.bytes.set(src.subarray(from, to), this.length);
    this.length += n;
  }

  /** The text as a string, entities and Excel's _xHHHH_ escapes decoded, CRLF as LF. */
  string(): string {
    return xmlText(this.bytes, 0, this.length);
  }
}

/** The tokenizer. Set `capture` from the sink to collect the text that follows into `text`. */
export class XmlScanner {
  capture = false;
  readonly text = new ByteText();
  /** Bytes pushed so far. */
  consumed = 0;
  readonly #sink: TagSink;
  #carry: Uint8Array | null = null;

  constructor(sink: TagSink) {
    this.#sink = sink;
  }

  /** Feeds the next chunk of the document. */
  push(chunk: Uint8Array): void {
    this.consumed += chunk.byteLength;
    let buf = chunk;
    if (this.#carry) {
      buf = new Uint8Array(this.#carry.length + chunk.length);
      buf.set(this.#carry);
      buf.set(chunk, this.#carry.length);
      this.#carry = null;
    }
    const n = buf.length;
    let i = 0;
    while (i < n) {
      if (buf[i] !== LT) {
        let j = i + 1;
        while (j < n && buf[j] !== LT) j++;
        if (this.capture) this.text.append(buf, i, j);
        i = j;
        continue;
      }
      const k = this.#markupEnd(buf, i);
      if (k < 0) {
        this.#carry = buf.slice(i);
        return;
      }
      i = k;
    }
  }

  /** Ends the document: a tag left open at the end means the part was cut short. */
  end(): void {
    if (this.#carry) throw damaged('an XML part ends in the middle of a tag');
  }

  /** Handles the markup at `buf[i] === '<'`; returns the index after it, or -1 when it is incomplete. */
  #markupEnd(buf: Uint8Array, i: number): number {
    const n = buf.length;
    if (i + 1 >= n) return -1;
    const b = buf[i + 1];
    if (b === BANG) {
      if (i + 4 > n) return -1;
      if (buf[i + 2] === 45 && buf[i + 3] === 45) return after(buf, i + 4, '-->');
      if (i + 9 > n) return -1;
      if (CDATA.every((c, k) => buf[i + 2 + k] === c)) {
        const end = after(buf, i + 9, ']]>');
        if (end >= 0 && this.capture) appendEscaped(this.text, buf, i + 9, end - 3);
        return end;
      }
      return after(buf, i + 2, '>'); // <!DOCTYPE …> (entity declarations are not expanded)
    }
    if (b === QMARK) return after(buf, i + 2, '?>');
    // A tag: '>' inside a quoted attribute value does not end it.
    let q = 0;
    for (let k = i + 1; k < n; k++) {
      const c = buf[k];
      if (q !== 0) {
        if (c === q) q = 0;
      } else if (c === GT) {
        this.#sink.tag(buf, i + 1, k);
        return k + 1;
      } else if (c === 34 || c === 39) q = c;
    }
    return -1;
  }
}

/** Index just past the first `end` at or after `from`, or -1. */
function after(buf: Uint8Array, from: number, end: string): number {
  const first = end.charCodeAt(0);
  for (let k = buf.indexOf(first, from); k >= 0; k = buf.indexOf(first, k + 1)) {
    let ok = k + end.length <= buf.length;
    for (let m = 1; ok && m < end.length; m++) ok = buf[k + m] === end.charCodeAt(m);
    if (ok) return k + end.length;
  }
  return -1;
}

const AMP_ESCAPED = new TextEncoder().encode('&amp;');

/** CDATA content is literal: its '&' must survive the entity decoding applied to all text later. */
function appendEscaped(text: ByteText, buf: Uint8Array, from: number, to: number): void {
  let s = from;
  for (let k = from; k < to; k++) {
    if (buf[k] !== AMP) continue;
    text.append(buf, s, k);
    text.append(AMP_ESCAPED, 0, AMP_ESCAPED.length);
    s = k + 1;
  }
  text.append(buf, s, to);
}

/** True when the tag is an end tag (`</x>`). */
export function isEndTag(buf: Uint8Array, start: number): boolean {
  return buf[start] === SLASH;
}

/** True when the tag closes itself (`<x/>`). */
export function isEmptyTag(buf: Uint8Array, end: number): boolean {
  return buf[end - 1] === SLASH;
}

/** The tag's local name (namespace prefix dropped), e.g. 'sheet' for `<x:sheet …>`. */
export function tagName(buf: Uint8Array, start: number, end: number): string {
  let p = buf[start] === SLASH ? start + 1 : start;
  let from = p;
  for (; p < end; p++) {
    const c = buf[p];
    if (c === COLON) from = p + 1;
    else if (c <= 32 || c === SLASH) break;
  }
  return latin1(buf, from, p);
}

/**
 * The tag's attributes by qualified name, values decoded (for the few tags of the small parts;
 * the sheet's cells are read without this).
 */
export function tagAttrs(buf: Uint8Array, start: number, end: number): Map<string, string> {
  const out = new Map<string, string>();
  let p = buf[start] === SLASH ? start + 1 : start;
  while (p < end && buf[p] > 32 && buf[p] !== SLASH) p++;
  for (;;) {
    while (p < end && (buf[p] <= 32 || buf[p] === SLASH)) p++;
    if (p >= end) return out;
    const n0 = p;
    while (p < end && buf[p] !== EQ && buf[p] > 32) p++;
    const name = latin1(buf, n0, p);
    while (p < end && buf[p] !== 34 && buf[p] !== 39) p++;
    const q = buf[p];
    const v0 = ++p;
    while (p < end && buf[p] !== q) p++;
    out.set(name, xmlText(buf, v0, p));
    p++;
  }
}

/** `name` in attrs, else the first attribute whose local name is `local` under any prefix (e.g. r:id). */
export function attrOf(attrs: Map<string, string>, name: string, local?: string): string | undefined {
  const v = attrs.get(name);
  if (v !== undefined || local === undefined) return v;
  for (const [k, val] of attrs) if (k.endsWith(':' + local)) return val;
  return undefined;
}

function latin1(buf: Uint8Array, from: number, to: number): string {
  let s = '';
  for (let i = from; i < to; i++) s += String.fromCharCode(buf[i]);
  return s;
}

const utf8 = new TextDecoder();
const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d+)|#[xX]([\da-fA-F]+));|_x([\da-fA-F]{4})_/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * XML text or attribute bytes as a string: UTF-8, the five named entities, numeric character
 * references, Excel's `_xHHHH_` escapes for control characters, and CRLF as LF (as SheetJS reads them).
 */
export function xmlText(buf: Uint8Array, from: number, to: number): string {
  let ascii = true;
  let special = false;
  for (let i = from; i < to; i++) {
    const c = buf[i];
    if (c >= 0x80) ascii = false;
    else if (c === AMP || c === 95 || c === 13) special = true;
  }
  const s = ascii && to - from < 64 ? latin1(buf, from, to) : utf8.decode(buf.subarray(from, to));
  if (!special) return s;
  const out = s.replace(ENTITY, (m, named?: string, dec?: string, hex?: string, esc?: string) => {
    if (named) return NAMED[named];
    const code = dec !== undefined ? parseInt(dec, 10) : parseInt((hex ?? esc) as string, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
  return out.includes('\r\n') ? out.replace(/\r\n/g, '\n') : out;
}
