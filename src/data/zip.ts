/**
 * A minimal ZIP reader over a Blob, for workbook containers: the directory is read with a few
 * small slices from the end of the file, and one entry at a time is streamed through the
 * browser's own `DecompressionStream('deflate-raw')`, so a workbook is never loaded whole.
 * Stored and deflated entries, ZIP64 sizes and offsets; anything else is refused with a hint.
 */
import { ImportError } from './frame';

/** One file in the archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  /** 0 = stored, 8 = deflate (others are refused when read). */
  method: number;
  encrypted: boolean;
  compressedSize: number;
  /** Uncompressed size; the stream is checked against it. */
  size: number;
  /** Where the entry's local header starts. */
  headerOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const METHODS: Record<number, string> = { 1: 'shrink', 6: 'implode', 9: 'deflate64', 12: 'bzip2', 14: 'lzma', 93: 'zstd', 95: 'xz', 98: 'ppmd' };

/** The error every structural problem becomes: the container cannot be trusted. */
export function damaged(detail: string): ImportError {
  return new ImportError(
    `The workbook is damaged or incomplete (${detail}).`,
    'Open it in Excel or LibreOffice and save it again, or download it again — the file may have been cut off during transfer.',
  );
}

/** An opened archive: its entries, and a way to stream any of them. */
export class ZipArchive {
  private constructor(
    readonly blob: Blob,
    readonly entries: readonly ZipEntry[],
  ) {}

  /** Reads the end-of-central-directory record (ZIP64 too) and the central directory. */
  static async open(blob: Blob): Promise<ZipArchive> {
    const tailStart = Math.max(0, blob.size - (22 + 65535));
    const tail = await bytesOf(blob, tailStart, blob.size);
    const at = findEocd(tail);
    if (at < 0) throw damaged('its zip directory is missing');
    const v = view(tail);
    if (v.getUint16(at + 4, true) !== 0 || v.getUint16(at + 6, true) !== 0) throw damaged('it is one part of a multi-part zip');
    let count = v.getUint16(at + 10, true);
    let cdSize = v.getUint32(at + 12, true);
    let cdOffset = v.getUint32(at + 16, true);
    let eocdPos = tailStart + at;
    if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
      const loc = at - 20;
      if (loc >= 0 && v.getUint32(loc, true) === ZIP64_LOCATOR) {
        const pos = u64(v, loc + 8);
        const z = view(await bytesOf(blob, pos, pos + 56));
        if (z.byteLength < 56 || z.getUint32(0, true) !== ZIP64_EOCD) throw damaged('its ZIP64 directory record is missing');
        count = u64(z, 32);
        cdSize = u64(z, 40);
        cdOffset = u64(z, 48);
        eocdPos = pos;
      }
    }
    // Bytes prepended to the archive (a self-extractor stub, say) shift every stored offset alike.
    const shift = eocdPos - cdSize - cdOffset;
    if (shift < 0 || cdSize > 64 * 2 ** 20) throw damaged('its zip directory points outside the file');
    const cd = view(await bytesOf(blob, cdOffset + shift, cdOffset + shift + cdSize));
    const entries: ZipEntry[] = [];
    const utf8 = new TextDecoder();
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.byteLength || cd.getUint32(p, true) !== CENTRAL) throw damaged('its zip directory is cut short');
      const nameLen = cd.getUint16(p + 28, true);
      const extraLen = cd.getUint16(p + 30, true);
      const commentLen = cd.getUint16(p + 32, true);
      const e: ZipEntry = {
        name: utf8.decode(new Uint8Array(cd.buffer, cd.byteOffset + p + 46, Math.min(nameLen, cd.byteLength - p - 46))),
        method: cd.getUint16(p + 10, true),
        encrypted: (cd.getUint16(p + 8, true) & 1) !== 0,
        compressedSize: cd.getUint32(p + 20, true),
        size: cd.getUint32(p + 24, true),
        headerOffset: cd.getUint32(p + 42, true),
      };
      readZip64Extra(cd, p + 46 + nameLen, extraLen, e);
      e.headerOffset += shift;
      entries.push(e);
      p += 46 + nameLen + extraLen + commentLen;
    }
    return new ZipArchive(blob, entries);
  }

  /** The entry of that name (exact, else ignoring case as Windows tools do), or undefined. */
  find(name: string): ZipEntry | undefined {
    const lower = name.toLowerCase();
    return this.entries.find((e) => e.name === name) ?? this.entries.find((e) => e.name.toLowerCase() === lower);
  }

  /**
   * Yields an entry's uncompressed bytes chunk by chunk; `onRead` gets the compressed bytes read
   * so far (for progress). Breaking out of the loop cancels the read. A stream that inflates to
   * more or fewer bytes than the directory says is damaged (there is no CRC pass: inflate's own
   * checks plus the size catch truncation, and a CRC would cost a second pass over every byte).
   */
  async *chunks(entry: ZipEntry, onRead?: (compressedBytes: number) => void): AsyncGenerator<Uint8Array> {
    if (entry.encrypted) {
      throw new ImportError(`The workbook's contents are encrypted inside the zip (${entry.name}).`, 'Open it in the program that encrypted it, save it without a password, and try again.');
    }
    if (entry.method !== 0 && entry.method !== 8) {
      throw new ImportError(
        `The workbook is compressed with a method this app cannot read (${METHODS[entry.method] ?? `method ${entry.method}`}, in ${entry.name}).`,
        'Open it in Excel or LibreOffice and save it again: they write standard (deflate) compression.',
      );
    }
    const head = view(await bytesOf(this.blob, entry.headerOffset, entry.headerOffset + 30));
    if (head.byteLength < 30 || head.getUint32(0, true) !== LOCAL) throw damaged(`the entry ${entry.name} is missing`);
    const start = entry.headerOffset + 30 + head.getUint16(26, true) + head.getUint16(28, true);
    if (start + entry.compressedSize > this.blob.size) throw damaged(`the entry ${entry.name} is cut off`);
    let read = 0;
    let raw: ReadableStream<Uint8Array> = this.blob.slice(start, start + entry.compressedSize).stream();
    if (onRead) {
      raw = raw.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, out) {
          read += chunk.byteLength;
          onRead(read);
          out.enqueue(chunk);
        },
      }));
    }
    const stream = entry.method === 8 ? raw.pipeThrough(new DecompressionStream('deflate-raw') as unknown as TransformStream<Uint8Array, Uint8Array>) : raw;
    const reader = stream.getReader();
    let size = 0;
    let done = false;
    try {
      for (;;) {
        let r: ReadableStreamReadResult<Uint8Array>;
        try {
          r = await reader.read();
        } catch (e) {
          throw damaged(`${entry.name} does not inflate: ${e instanceof Error ? e.message : String(e)}`);
        }
        if (r.done) break;
        size += r.value.byteLength;
        if (size > entry.size) throw damaged(`${entry.name} is longer than its directory says`);
        yield r.value;
      }
      done = true;
      if (size !== entry.size) throw damaged(`${entry.name} is cut short`);
    } finally {
      if (!done) await reader.cancel().catch(() => {});
      reader.releaseLock();
    }
  }

  /** A small entry's bytes, whole. */
  async bytes(entry: ZipEntry): Promise<Uint8Array> {
    const out = new Uint8Array(entry.size);
    let at = 0;
    for await (const chunk of this.chunks(entry)) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }
}

/** The end-of-central-directory record's position in `tail`, searching back from the end. */
function findEocd(tail: Uint8Array): number {
  const v = view(tail);
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] === 0x50 && v.getUint32(i, true) === EOCD && i + 22 + v.getUint16(i + 20, true) <= tail.length) return i;
  }
  return -1;
}

/** Fills in the 64-bit sizes and offset of a ZIP64 extra field (id 1), in the order the format lists them. */
function readZip64Extra(cd: DataView, at: number, len: number, e: ZipEntry): void {
  const end = Math.min(at + len, cd.byteLength);
  for (let p = at; p + 4 <= end; ) {
    const id = cd.getUint16(p, true);
    const size = cd.getUint16(p + 2, true);
    if (id === 1) {
      let q = p + 4;
      const next = () => {
        if (q + 8 > p + 4 + size) throw damaged(`the ZIP64 sizes of ${e.name} are cut short`);
        q += 8;
        return u64(cd, q - 8);
      };
      if (e.size === 0xffffffff) e.size = next();
      if (e.compressedSize === 0xffffffff) e.compressedSize = next();
      if (e.headerOffset === 0xffffffff) e.headerOffset = next();
      return;
    }
    p += 4 + size;
  }
}

async function bytesOf(blob: Blob, from: number, to: number): Promise<Uint8Array> {
  return new Uint8Array(await blob.slice(from, to).arrayBuffer());
}

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** A little-endian 64-bit field as a number (exact below 2^53, which any real file is). */
function u64(v: DataView, at: number): number {
  return v.getUint32(at, true) + v.getUint32(at + 4, true) * 2 ** 32;
}
