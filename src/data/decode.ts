/**
 * Text decoding for delimited files: streams a Blob through TextDecoder, choosing the encoding
 * from the byte-order mark (UTF-8, UTF-16 LE/BE) and falling back to Windows-1252 when the
 * start of a BOM-less file is not valid UTF-8 (old Excel "CSV" exports).
 */

/** Splits a string into chunks, for feeding in-memory text through the streaming path. */
export function* textChunks(text: string, size = 1 << 20): Generator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

/** The encoding a file's first bytes announce, and how many BOM bytes to skip. */
export function encodingOf(head: Uint8Array): { encoding: 'utf-8' | 'utf-16le' | 'utf-16be'; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte.
  const n = Math.min(head.length, 1024) & ~1;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZero++;
    if (head[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && oddZero >= 0.4 * pairs && evenZero <= 0.05 * pairs) return { encoding: 'utf-16le', bom: 0 };
  if (pairs >= 2 && evenZero >= 0.4 * pairs && oddZero <= 0.05 * pairs) return { encoding: 'utf-16be', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * Yields the decoded text of a Blob chunk by chunk (BOM removed). Reports the fraction of bytes
 * read at most every 1%, and 1 at the end; adds a note when it had to guess the encoding.
 */
export async function* decodeText(blob: Blob, notes: string[], onProgress?: (fraction: number) => void): AsyncGenerator<string> {
  const reader = blob.stream().getReader();
  const size = blob.size || 1;
  let read = 0;
  let reported = 0;
  let decoder: TextDecoder | null = null;
  let head: Uint8Array = new Uint8Array(0);
  let carry: Uint8Array = new Uint8Array(0);
  // UTF-8 is decoded in whole-character pieces without streaming mode, which engines run on a
  // much faster path; the 1-3 bytes of a character cut by the chunk boundary wait for the next.
  const decode = (bytes: Uint8Array): string => {
    const d = decoder as TextDecoder;
    if (d.encoding !== 'utf-8') return d.decode(bytes, { stream: true });
    const all = concat(carry, bytes);
    const cut = utf8Boundary(all);
    carry = all.slice(cut);
    return d.decode(all.subarray(0, cut));
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (value) {
        read += value.byteLength;
        let bytes: Uint8Array = value;
        if (!decoder) {
          head = concat(head, value);
          if (head.length < 4 && !done) continue;
          decoder = pickDecoder(head, notes);
          bytes = head.subarray(encodingOf(head).bom);
        }
        const text = decode(bytes);
        if (text) yield text;
        if (onProgress && read / size - reported >= 0.01) {
          reported = read / size;
          onProgress(Math.min(1, reported));
        }
      }
      if (done) break;
    }
    if (!decoder && head.length > 0) {
      decoder = pickDecoder(head, notes);
      const text = decode(head.subarray(encodingOf(head).bom));
      if (text) yield text;
    }
    const tail = decoder ? decoder.decode(carry.length ? carry : undefined) : '';
    if (tail) yield tail;
    onProgress?.(1);
  } finally {
    reader.releaseLock();
  }
}

/** A streaming decoder for the file whose first bytes are `head`. */
function pickDecoder(head: Uint8Array, notes: string[]): TextDecoder {
  const { encoding, bom } = encodingOf(head);
  if (encoding !== 'utf-8') notes.push(`Text encoding: ${encoding === 'utf-16le' ? 'UTF-16 LE' : 'UTF-16 BE'}${bom ? ' (byte-order mark)' : ' (detected, no byte-order mark)'}.`);
  if (bom === 0 && encoding === 'utf-8') {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, 65536), { stream: true });
    } catch {
      notes.push('The file is not valid UTF-8; it was read as Windows-1252 (Western European). Save it as "CSV UTF-8" if letters look wrong.');
      return new TextDecoder('windows-1252');
    }
  }
  // ignoreBOM: the BOM bytes were already skipped; a second U+FEFF would be data.
  return new TextDecoder(encoding, { fatal: false, ignoreBOM: true });
}

/** a followed by b, in a new array (only used for the first few bytes). */
function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Length of the longest prefix of `b` that ends on a UTF-8 character boundary. */
export function utf8Boundary(b: Uint8Array): number {
  const n = b.length;
  for (let k = 1; k <= 3 && k <= n; k++) {
    const c = b[n - k];
    if ((c & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return need > k ? n - k : n;
  }
  return n;
}
