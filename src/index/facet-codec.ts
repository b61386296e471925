// The facet index's file format. Column arrays behind one header, read back as typed-array views
// over a single buffer, so loading 625k documents costs a few copies rather than millions of objects.
//
// v1, little-endian, every array aligned to its element size:
//   u32 magic 'KFCT', u32 version, u32 metaBytes, meta JSON {attributes, fields}
//   per field: three bitsets (exists, nulls, empties) as u32 wordCount + words
//   u32 valueCount, then columns: field u32[], kind u32[] (0 string, 1 number), number f64[],
//     keyLength u32[], originalLength u32[] (NO_ORIGINAL = same as key), postingKind u32[] (0 ids, 1 bits),
//     postingLength u32[]; u32 textBytes + UTF-8 text of every key and original; u32 dataLength + u32 data
//   forward lists: u32 docCount + u32 counts[], u32 poolLength + u32 value ids (document order)
// Values come grouped by field and sorted (numbers, then strings by code point).
import { Bitset } from './bitset.ts';
import { FacetEntry, type FacetValue } from './facet-field.ts';
import { KachiError } from '../errors.ts';

export interface FacetIndexParts {
  attributes: string[];
  fields: Array<{ name: string; exists: Bitset; nulls: Bitset; empties: Bitset }>;
  values: FacetValue[];
  /** Value ids per document: counts per document, then all ids in document order. */
  forward: { counts: Uint32Array; pool: Uint32Array };
}

const MAGIC = 0x5443464b; // 'KFCT'
const VERSION = 1;
const NO_ORIGINAL = 0xffffffff;

export function encodeFacetIndex(parts: FacetIndexParts): Uint8Array {
  const out = new Writer();
  out.u32s(Uint32Array.of(MAGIC, VERSION));
  out.blob(new TextEncoder().encode(JSON.stringify({ attributes: parts.attributes, fields: parts.fields.map((f) => f.name) })));
  for (const field of parts.fields) for (const set of [field.exists, field.nulls, field.empties]) out.blob32(set.words);
  const { values } = parts;
  const n = values.length;
  const columns = { field: new Uint32Array(n), kind: new Uint32Array(n), number: new Float64Array(n) };
  const keyLength = new Uint32Array(n);
  const originalLength = new Uint32Array(n);
  const postingKind = new Uint32Array(n);
  const postingLength = new Uint32Array(n);
  const text: string[] = [];
  let dataLength = 0;
  values.forEach((value, i) => {
    columns.field[i] = value.field;
    if (typeof value.key === 'number') {
      columns.kind[i] = 1;
      columns.number[i] = value.key;
    } else {
      text.push(value.key);
      keyLength[i] = value.key.length;
      originalLength[i] = value.original === value.key ? NO_ORIGINAL : value.original.length;
      if (value.original !== value.key) text.push(value.original);
    }
    postingKind[i] = value.docs.bits === null ? 0 : 1;
    postingLength[i] = value.docs.bits === null ? value.docs.size : value.docs.bits.words.length;
    dataLength += postingLength[i]!;
  });
  const data = new Uint32Array(dataLength);
  let at = 0;
  for (const { docs } of values) {
    const chunk = docs.bits === null ? docs.sortedIds() : docs.bits.words;
    data.set(chunk, at);
    at += chunk.length;
  }
  out.u32s(Uint32Array.of(n));
  for (const column of [columns.field, columns.kind, columns.number, keyLength, originalLength, postingKind, postingLength]) out.array(column);
  out.blob(new TextEncoder().encode(text.join('')));
  out.blob32(data);
  out.blob32(parts.forward.counts);
  out.blob32(parts.forward.pool);
  return out.finish();
}

export function decodeFacetIndex(bytes: Uint8Array): FacetIndexParts {
  // One copy gives an aligned buffer we own, so views can be mutated by later adds and removes.
  const input = new Reader(new Uint8Array(bytes).buffer);
  const [magic, version] = input.u32s(2);
  if (magic !== MAGIC || version !== VERSION) {
    throw new KachiError('unsupported_format_version', `The facet index file has version ${version}, but this Kachi reads version ${VERSION}. Rebuild the index.`);
  }
  const meta = JSON.parse(new TextDecoder().decode(input.blob())) as { attributes: string[]; fields: string[] };
  const fields = meta.fields.map((name) => ({ name, exists: bitset(input.blob32()), nulls: bitset(input.blob32()), empties: bitset(input.blob32()) }));
  const n = input.u32s(1)[0]!;
  const field = input.u32s(n);
  const kind = input.u32s(n);
  const number = input.f64s(n);
  const keyLength = input.u32s(n);
  const originalLength = input.u32s(n);
  const postingKind = input.u32s(n);
  const postingLength = input.u32s(n);
  const text = new TextDecoder().decode(input.blob());
  const data = input.blob32();
  const values: FacetValue[] = new Array<FacetValue>(n);
  let textAt = 0;
  let dataAt = 0;
  for (let i = 0; i < n; i++) {
    const length = postingLength[i]!;
    let key: string | number = number[i]!;
    let original = '';
    if (kind[i] === 0) {
      key = text.slice(textAt, (textAt += keyLength[i]!));
      original = originalLength[i] === NO_ORIGINAL ? key : text.slice(textAt, (textAt += originalLength[i]!));
    }
    const entry = new FacetEntry(field[i]!, key, original);
    if (postingKind[i] === 0) entry.load(data, dataAt, length);
    else entry.loadBits(bitset(data.subarray(dataAt, dataAt + length)));
    dataAt += length;
    values[i] = entry;
  }
  const forward = { counts: input.blob32(), pool: input.blob32() };
  return { attributes: meta.attributes, fields, values, forward };
}

function bitset(words: Uint32Array): Bitset {
  const set = new Bitset(0);
  set.words = words;
  return set;
}

class Writer {
  private chunks: Uint8Array[] = [];
  private length = 0;

  u32s(values: Uint32Array): void {
    this.array(values);
  }

  /** A typed array, padded first to its element size. */
  array(values: Uint32Array | Float64Array): void {
    this.pad(values.BYTES_PER_ELEMENT);
    this.push(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  blob(bytes: Uint8Array): void {
    this.u32s(Uint32Array.of(bytes.length));
    this.push(bytes);
  }

  blob32(words: Uint32Array): void {
    this.u32s(Uint32Array.of(words.length));
    this.array(words);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }

  private pad(alignment: number): void {
    const extra = (alignment - (this.length % alignment)) % alignment;
    if (extra > 0) this.push(new Uint8Array(extra));
  }

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.length += bytes.length;
  }
}

class Reader {
  private at = 0;
  constructor(private readonly buffer: ArrayBuffer) {}

  u32s(n: number): Uint32Array {
    this.align(4);
    const view = new Uint32Array(this.buffer, this.take(n * 4), n);
    return view;
  }

  f64s(n: number): Float64Array {
    this.align(8);
    return new Float64Array(this.buffer, this.take(n * 8), n);
  }

  blob(): Uint8Array {
    const n = this.u32s(1)[0]!;
    return new Uint8Array(this.buffer, this.take(n), n);
  }

  blob32(): Uint32Array {
    return this.u32s(this.u32s(1)[0]!);
  }

  private align(alignment: number): void {
    this.at += (alignment - (this.at % alignment)) % alignment;
  }

  private take(bytes: number): number {
    if (this.at + bytes > this.buffer.byteLength) {
      throw new KachiError('internal', 'The facet index file is truncated or corrupt. Rebuild the index.');
    }
    const start = this.at;
    this.at += bytes;
    return start;
  }
}
