// Builds an immutable Segment from analysed documents: the writer half of writer → file → reader.
import { ByteWriter } from './varint.ts';
import { MULTI_FIELD, Segment, type SegmentData } from './segment.ts';
import { compareCodePoints } from './facet-values.ts';

/** One field of an analysed document: its token count and each token's term key and position. */
export type AnalysedField = {
  field: number;
  /** How many tokens. */
  length: number;
  /** `positions[i]` is the position of token i (any order). */
  positions: ArrayLike<number>;
} & (
  | {
      /** `keys[i]` is the term key of token i. */
      keys: readonly string[];
      keyTable?: undefined;
      keyIndexes?: undefined;
    }
  | {
      /**
       * The keys as indexes into a table shared by the documents of a batch (token i's key is
       * `keyTable[keyIndexes[i]]`): the builder then looks each distinct key up once per batch.
       */
      keyTable: readonly string[];
      keyIndexes: ArrayLike<number>;
      keys?: undefined;
    }
);

/** Calls `visit` with the term key of each token of a field, in token order. */
export function forEachKey(field: AnalysedField, visit: (key: string) => void): void {
  if (field.keyTable === undefined) field.keys.forEach((key) => visit(key));
  else for (let i = 0; i < field.length; i++) visit(field.keyTable[field.keyIndexes[i]!]!);
}

export interface AnalysedDocument {
  docNum: number;
  fields: AnalysedField[];
  /** Its values' content tokens and their offsets (match-tokens.ts), stored beside the document for formatting; not part of the segment. */
  matchTokens?: Uint8Array;
}

// A token in the log: term id, local document, field, position.
const STRIDE = 4;

/**
 * Tokens are logged in one flat Int32Array as documents arrive (a term costs one Map lookup per token);
 * `build` sorts the log by term once, with a counting sort over term ordinals, and writes every term's
 * postings straight into the segment's arrays. There is no buffer per term: a segment of a million
 * terms used to hold two million small growable arrays.
 */
export class SegmentBuilder {
  private readonly termIds = new Map<string, number>();
  private readonly terms: string[] = [];
  private log = new Int32Array(STRIDE * 4096);
  private logLength = 0;
  private readonly docNums: number[] = [];
  /** (local, field, length) triples. */
  private readonly lengths: number[] = [];
  private fieldCount = 0;
  // keyTable index → term id for the last key table seen (-1: not looked up yet)
  private table: readonly string[] | null = null;
  private tableIds = new Int32Array(0);

  get docCount(): number {
    return this.docNums.length;
  }

  /** Adds a document; document numbers must come in ascending order. */
  add(document: AnalysedDocument): void {
    const last = this.docNums[this.docNums.length - 1];
    if (last !== undefined && document.docNum <= last)
      throw new Error('SegmentBuilder: document numbers must ascend');
    const local = this.docNums.length;
    this.docNums.push(document.docNum);
    for (const { field, length, keys, positions, keyTable, keyIndexes } of document.fields) {
      this.lengths.push(local, field, length);
      if (field >= this.fieldCount) this.fieldCount = field + 1;
      this.reserve(length * STRIDE);
      if (keyTable && keyTable !== this.table) {
        this.table = keyTable;
        if (this.tableIds.length < keyTable.length) this.tableIds = new Int32Array(keyTable.length * 2);
        this.tableIds.fill(-1, 0, keyTable.length);
      }
      const log = this.log;
      let at = this.logLength;
      for (let i = 0; i < length; i++) {
        let id: number;
        if (keyTable !== undefined) {
          const k = keyIndexes[i]!;
          id = this.tableIds[k]!;
          if (id < 0) this.tableIds[k] = id = this.termId(keyTable[k]!);
        } else id = this.termId(keys[i]!);
        log[at] = id;
        log[at + 1] = local;
        log[at + 2] = field;
        log[at + 3] = positions[i]!;
        at += STRIDE;
      }
      this.logLength = at;
    }
  }

  private termId(key: string): number {
    let id = this.termIds.get(key);
    if (id === undefined) {
      id = this.terms.length;
      this.termIds.set(key, id);
      this.terms.push(key);
    }
    return id;
  }

  private reserve(extra: number): void {
    if (this.logLength + extra <= this.log.length) return;
    let capacity = this.log.length * 2;
    while (capacity < this.logLength + extra) capacity *= 2;
    const next = new Int32Array(capacity);
    next.set(this.log.subarray(0, this.logLength));
    this.log = next;
  }

  build(): Segment {
    const terms = this.terms;
    const termCount = terms.length;
    const order = sortTermIds(terms);
    const ordinalOf = new Int32Array(termCount);
    order.forEach((id, ordinal) => (ordinalOf[id] = ordinal));

    // counting sort of the log by term ordinal; within a term, records keep log (= document) order
    const log = this.log;
    const records = this.logLength / STRIDE;
    const starts = new Uint32Array(termCount + 1);
    for (let r = 0; r < records; r++) starts[ordinalOf[log[r * STRIDE]!]! + 1]!++;
    for (let t = 0; t < termCount; t++) starts[t + 1]! += starts[t]!;
    const cursor = starts.slice(0, termCount);
    const sorted = new Uint32Array(records);
    for (let r = 0; r < records; r++) sorted[cursor[ordinalOf[log[r * STRIDE]!]!]!++] = r * STRIDE;

    const docFreq = new Uint32Array(termCount);
    const postingsOffsets = new Uint32Array(termCount + 1);
    const positionsOffsets = new Uint32Array(termCount + 1);
    const postings = new ByteWriter(Math.max(1024, records));
    const positions = new ByteWriter(Math.max(1024, records * 2));
    const group = new PostingGroup();
    for (let t = 0; t < termCount; t++) {
      postingsOffsets[t] = postings.length;
      positionsOffsets[t] = positions.length;
      let lastLocal = 0;
      let df = 0;
      const end = starts[t + 1]!;
      for (let k = starts[t]!; k < end;) {
        const local = log[sorted[k]! + 1]!;
        group.clear();
        for (; k < end && log[sorted[k]! + 1] === local; k++)
          group.push(log[sorted[k]! + 2]!, log[sorted[k]! + 3]!);
        postings.writeVarint(local - lastLocal);
        lastLocal = local;
        df++;
        group.write(postings, positions);
      }
      docFreq[t] = df;
    }
    postingsOffsets[termCount] = postings.length;
    positionsOffsets[termCount] = positions.length;

    const data: SegmentData = {
      ...encodeTerms(Array.from(order, (id) => terms[id]!)),
      fieldCount: Math.max(1, this.fieldCount),
      docNums: Uint32Array.from(this.docNums),
      fieldLengths: this.fieldLengths(),
      docFreq,
      postingsOffsets,
      positionsOffsets,
      postings: postings.view().slice(),
      positions: positions.view().slice(),
    };
    return new Segment(data);
  }

  private fieldLengths(): Uint32Array {
    const fieldCount = Math.max(1, this.fieldCount);
    const out = new Uint32Array(this.docNums.length * fieldCount);
    const l = this.lengths;
    for (let i = 0; i < l.length; i += 3) out[l[i]! * fieldCount + l[i + 1]!] = l[i + 2]!;
    return out;
  }
}

/** The (field, position) pairs of one term in one document, sorted and encoded as one posting. */
class PostingGroup {
  private fields = new Int32Array(64);
  private positions = new Int32Array(64);
  private n = 0;

  clear(): void {
    this.n = 0;
  }

  /** Appends a pair, keeping (field, position) order: the log is nearly always in order already. */
  push(field: number, position: number): void {
    if (this.n === this.fields.length) {
      const fields = new Int32Array(this.n * 2);
      const positions = new Int32Array(this.n * 2);
      fields.set(this.fields);
      positions.set(this.positions);
      this.fields = fields;
      this.positions = positions;
    }
    const f = this.fields;
    const p = this.positions;
    let i = this.n++;
    while (i > 0 && (f[i - 1]! > field || (f[i - 1] === field && p[i - 1]! > position))) {
      f[i] = f[i - 1]!;
      p[i] = p[i - 1]!;
      i--;
    }
    f[i] = field;
    p[i] = position;
  }

  /** Field code (see writeFieldCode), then the positions delta-coded per field. */
  write(postings: ByteWriter, positions: ByteWriter): void {
    const f = this.fields;
    const p = this.positions;
    const n = this.n;
    if (f[0] === f[n - 1] && f[0]! < MULTI_FIELD) postings.writeVarint(n * 8 + f[0]!);
    else {
      let distinct = 1;
      for (let i = 1; i < n; i++) if (f[i] !== f[i - 1]) distinct++;
      postings.writeVarint(distinct * 8 + MULTI_FIELD);
      for (let i = 0; i < n;) {
        let j = i + 1;
        while (j < n && f[j] === f[i]) j++;
        postings.writeVarint(f[i]!);
        postings.writeVarint(j - i);
        i = j;
      }
    }
    let previous = 0;
    for (let i = 0; i < n; i++) {
      if (i > 0 && f[i] !== f[i - 1]) previous = 0;
      positions.writeVarint(p[i]! - previous);
      previous = p[i]!;
    }
  }
}

// A term id below 2^20 fits beside a sort key below 2^33 in one exactly represented double.
const ID_BITS = 2 ** 20;

/**
 * Term ids in code-point order of their terms. A native numeric sort on (first two UTF-16 units,
 * mapped to code-point order) does most of the work; ties are then ordered by comparing whole terms.
 * Twice as fast as sorting strings with a comparator.
 */
export function sortTermIds(terms: readonly string[]): Int32Array {
  const count = terms.length;
  const order = new Int32Array(count);
  if (count >= ID_BITS) {
    const ids = Array.from({ length: count }, (_, i) => i).sort((a, b) =>
      compareCodePoints(terms[a]!, terms[b]!),
    );
    order.set(ids);
    return order;
  }
  const keys = new Float64Array(count);
  for (let id = 0; id < count; id++) {
    const term = terms[id]!;
    // the first two units as code-point order ranks (0 past the end): never decreasing in term order
    const a = term.length > 0 ? rank(term.charCodeAt(0)) : 0;
    const b = term.length > 1 ? rank(term.charCodeAt(1)) + 1 : 0;
    keys[id] = (a * 0x10001 + b) * ID_BITS + id;
  }
  keys.sort();
  let k = 0;
  while (k < count) {
    const key = Math.floor(keys[k]! / ID_BITS);
    let end = k + 1;
    while (end < count && Math.floor(keys[end]! / ID_BITS) === key) end++;
    if (end - k === 1) order[k] = keys[k]! % ID_BITS;
    else {
      const tied: number[] = [];
      for (let i = k; i < end; i++) tied.push(keys[i]! % ID_BITS);
      tied.sort((x, y) => compareCodePoints(terms[x]!, terms[y]!));
      order.set(tied, k);
    }
    k = end;
  }
  return order;
}

/** A UTF-16 unit's rank in code-point order: surrogates (code points above U+FFFF) after U+FFFF. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** Terms (already in code-point order) as concatenated UTF-8 and offsets. */
export function encodeTerms(terms: readonly string[]): Pick<SegmentData, 'termBytes' | 'termOffsets'> {
  const encoder = new TextEncoder();
  let capacity = 0;
  for (const term of terms) capacity += term.length * 3;
  const buffer = new Uint8Array(capacity);
  const termOffsets = new Uint32Array(terms.length + 1);
  let offset = 0;
  terms.forEach((term, i) => {
    termOffsets[i] = offset;
    offset += encoder.encodeInto(term, buffer.subarray(offset)).written;
  });
  termOffsets[terms.length] = offset;
  return { termBytes: buffer.slice(0, offset), termOffsets };
}

/** Single field with field id < 7: `tf << 3 | field`. Otherwise `n << 3 | 7` then n (field, tf) pairs. */
export function writeFieldCode(
  writer: ByteWriter,
  fields: ReadonlyArray<readonly [number, { length: number }]>,
): void {
  const only = fields[0];
  if (fields.length === 1 && only && only[0] < MULTI_FIELD) {
    writer.writeVarint(only[1].length * 8 + only[0]);
    return;
  }
  writer.writeVarint(fields.length * 8 + MULTI_FIELD);
  for (const [field, positions] of fields) {
    writer.writeVarint(field);
    writer.writeVarint(positions.length);
  }
}
