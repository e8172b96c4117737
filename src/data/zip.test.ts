import { describe, expect, it } from 'vitest';
import { zipBytes } from '../../scripts/big-inputs';
import { ImportError } from './frame';
import { ZipArchive } from './zip';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const open = (bytes: Uint8Array) => ZipArchive.open(new Blob([bytes as BlobPart]));
const LONG = 'lorem ipsum dolor sit amet '.repeat(5000);

/** The ImportError a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<ImportError> {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(ImportError);
  return e as ImportError;
}

/** Central-directory offset of an archive without a comment. */
const cdOffset = (zip: Uint8Array) => new DataView(zip.buffer, zip.byteOffset).getUint32(zip.length - 6, true);

/** A ZIP64 archive by hand: one stored entry whose sizes and offset live only in 64-bit fields. */
function zip64(name: string, data: Uint8Array): Uint8Array {
  const n = new TextEncoder().encode(name);
  const out = new Uint8Array(30 + n.length + data.length + 46 + n.length + 28 + 56 + 20 + 22);
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x04034b50, true);
  v.setUint16(26, n.length, true);
  out.set(n, 30);
  out.set(data, 30 + n.length);
  const cd = 30 + n.length + data.length;
  v.setUint32(cd, 0x02014b50, true);
  v.setUint32(cd + 20, 0xffffffff, true);
  v.setUint32(cd + 24, 0xffffffff, true);
  v.setUint16(cd + 28, n.length, true);
  v.setUint16(cd + 30, 28, true);
  v.setUint32(cd + 42, 0xffffffff, true);
  out.set(n, cd + 46);
  const x = cd + 46 + n.length;
  v.setUint16(x, 1, true);
  v.setUint16(x + 2, 24, true);
  v.setUint32(x + 4, data.length, true); // size
  v.setUint32(x + 12, data.length, true); // compressed size
  v.setUint32(x + 20, 0, true); // offset
  const z = x + 28;
  v.setUint32(z, 0x06064b50, true);
  v.setUint32(z + 4, 44, true);
  v.setUint32(z + 24, 1, true);
  v.setUint32(z + 32, 1, true);
  v.setUint32(z + 40, z - cd, true);
  v.setUint32(z + 48, cd, true);
  const loc = z + 56;
  v.setUint32(loc, 0x07064b50, true);
  v.setUint32(loc + 8, z, true);
  const e = loc + 20;
  v.setUint32(e, 0x06054b50, true);
  v.setUint16(e + 8, 0xffff, true);
  v.setUint16(e + 10, 0xffff, true);
  v.setUint32(e + 12, 0xffffffff, true);
  v.setUint32(e + 16, 0xffffffff, true);
  return out;
}

describe('ZipArchive', () => {
  it('lists entries and reads stored and deflated ones', async () => {
    const zip = await open(zipBytes([{ name: 'a.txt', data: 'stored', store: true }, { name: 'dir/b.xml', data: LONG }]));
    expect(zip.entries.map((e) => [e.name, e.method, e.size])).toEqual([['a.txt', 0, 6], ['dir/b.xml', 8, LONG.length]]);
    expect(text(await zip.bytes(zip.find('a.txt')!))).toBe('stored');
    expect(text(await zip.bytes(zip.find('DIR/B.XML')!))).toBe(LONG);
    expect(zip.find('missing')).toBeUndefined();
  });
  it('reports compressed bytes read and stops reading when the loop is left', async () => {
    const zip = await open(zipBytes([{ name: 'b.xml', data: LONG }]));
    const entry = zip.entries[0];
    let read = 0;
    for await (const chunk of zip.chunks(entry, (n) => (read = n))) expect(chunk.length).toBeGreaterThan(0);
    expect(read).toBe(entry.compressedSize);
    for await (const chunk of zip.chunks(entry)) if (chunk) break;
  });
  it('reads ZIP64 sizes and offsets, and archives behind a prefix', async () => {
    const data = new TextEncoder().encode('sixty-four');
    const z = await open(zip64('big.bin', data));
    expect(z.entries[0]).toMatchObject({ name: 'big.bin', size: data.length, compressedSize: data.length, headerOffset: 0 });
    expect(text(await z.bytes(z.entries[0]))).toBe('sixty-four');
    const plain = zipBytes([{ name: 'a.txt', data: 'behind a stub' }]);
    const prefixed = new Uint8Array(1000 + plain.length);
    prefixed.set(plain, 1000);
    const p = await open(prefixed);
    expect(text(await p.bytes(p.entries[0]))).toBe('behind a stub');
  });
  it('calls a cut-off archive damaged, with a hint', async () => {
    const bytes = zipBytes([{ name: 'b.xml', data: LONG }]);
    const e = await failure(open(bytes.subarray(0, bytes.length >> 1)));
    expect(e.message).toMatch(/^The workbook is damaged or incomplete \(its zip directory is missing\)/);
    expect(e.hint).toMatch(/save it again|download it again/);
    expect((await failure(open(new Uint8Array(10)))).message).toMatch(/damaged/);
  });
  it('calls corrupted compressed data damaged', async () => {
    const bytes = zipBytes([{ name: 'b.xml', data: LONG }]);
    for (let i = 60; i < 200; i++) bytes[i] ^= 0x5a;
    const zip = await open(bytes);
    const e = await failure(zip.bytes(zip.entries[0]));
    expect(e.message).toMatch(/damaged or incomplete \(b\.xml/);
  });
  it('refuses other compression methods and encrypted entries', async () => {
    const bytes = zipBytes([{ name: 'b.xml', data: LONG }]);
    const cd = cdOffset(bytes);
    const bz = bytes.slice();
    new DataView(bz.buffer).setUint16(cd + 10, 12, true);
    const z1 = await open(bz);
    const e1 = await failure(z1.bytes(z1.entries[0]));
    expect(e1.message).toMatch(/method this app cannot read \(bzip2/);
    expect(e1.hint).toMatch(/save it again/);
    const enc = bytes.slice();
    new DataView(enc.buffer).setUint16(cd + 8, 1, true);
    const z2 = await open(enc);
    expect((await failure(z2.bytes(z2.entries[0]))).message).toMatch(/encrypted/);
  });
});
