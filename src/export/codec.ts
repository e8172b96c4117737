/**
 * Plain data ⇄ JSON-safe values, losslessly. JSON has no typed arrays, NaN, ±Infinity or −0,
 * so typed arrays become `{ $f64: [...] }` (etc.) with those values as strings, and such plain
 * numbers become `{ $num: 'NaN' }`. Object keys starting with '$' get one more '$', so user
 * keys never pass for tags. Depth is capped both ways: hostile or cyclic input fails cleanly
 * instead of overflowing the stack.
 */

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;
type TypedArrayCtor = { new (values: number[]): TypedArray; readonly name: string };

/** The tag of each typed array kind a run may hold (model weights are often Float32Array). */
const TAGS: Record<string, TypedArrayCtor> = {
  $f64: Float64Array,
  $f32: Float32Array,
  $i32: Int32Array,
  $u32: Uint32Array,
  $i16: Int16Array,
  $u16: Uint16Array,
  $i8: Int8Array,
  $u8: Uint8Array,
  $u8c: Uint8ClampedArray,
};
const TAG_LIST = Object.entries(TAGS);

/** Nesting deeper than this is refused (runs nest about a dozen levels). */
export const MAX_DEPTH = 64;

/** Numbers JSON cannot hold, by name. */
const SPECIAL: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

/** A JSON-able value: a finite number as is, anything else by name. */
function numOut(x: number): number | string {
  if (Number.isFinite(x) && !Object.is(x, -0)) return x;
  return Object.is(x, -0) ? '-0' : String(x);
}

function numIn(x: unknown, path: string): number {
  if (typeof x === 'number') return x;
  if (typeof x === 'string' && Object.hasOwn(SPECIAL, x)) return SPECIAL[x];
  throw new Error(`${path} holds ${describe(x)} where a number should be`);
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'a list';
  return typeof x === 'string' ? `the text "${x.slice(0, 20)}"` : `a ${typeof x}`;
}

function isPlainObject(v: object): v is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Sets a key as an own property, even '__proto__' (plain assignment would change the prototype). */
function put(out: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

/** Plain data as a JSON-safe value; throws on what plain data cannot hold (functions, Maps, class instances, cycles). */
export function encode(v: unknown, path = 'run', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`${path} is nested too deeply (or refers to itself)`);
  if (v === null || typeof v === 'string' || typeof v === 'boolean' || v === undefined) return v;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0) ? v : { $num: numOut(v) };
  if (typeof v !== 'object') throw new Error(`${path} is a ${typeof v}, which a run file cannot hold`);
  if (ArrayBuffer.isView(v)) {
    const entry = TAG_LIST.find(([, ctor]) => v instanceof ctor);
    if (!entry) throw new Error(`${path} is a ${v.constructor.name}, which a run file cannot hold`);
    return { [entry[0]]: Array.from(v as TypedArray, numOut) };
  }
  if (Array.isArray(v)) return v.map((x, i) => encode(x, `${path}[${i}]`, depth + 1));
  if (!isPlainObject(v)) throw new Error(`${path} is a ${v.constructor?.name ?? 'object'}, which a run file cannot hold`);
  const out: Record<string, unknown> = {};
  for (const [key, x] of Object.entries(v)) put(out, key.startsWith('$') ? `$${key}` : key, encode(x, `${path}.${key}`, depth + 1));
  return out;
}

/** The value `encode` was given, from its JSON-parsed output; throws a located Error on anything malformed. */
export function decode(v: unknown, path = 'run', depth = 0): unknown {
  if (depth > MAX_DEPTH) throw new Error(`${path} is nested too deeply`);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x, i) => decode(x, `${path}[${i}]`, depth + 1));
  const obj = v as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.length === 1 && keys[0] === '$num') return numIn(obj.$num, path);
  if (keys.length === 1 && Object.hasOwn(TAGS, keys[0])) {
    const items = obj[keys[0]];
    if (!Array.isArray(items)) throw new Error(`${path} holds ${describe(items)} where a list of numbers should be`);
    const nums = new Array<number>(items.length);
    for (let i = 0; i < items.length; i++) nums[i] = numIn(items[i], `${path}[${i}]`);
    return new TAGS[keys[0]](nums);
  }
  const out: Record<string, unknown> = {};
  for (const key of keys) put(out, key.startsWith('$$') ? key.slice(1) : key, decode(obj[key], `${path}.${key}`, depth + 1));
  return out;
}
