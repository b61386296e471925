// An immutable segment: a sorted term dictionary, delta+varint postings with per-field term
// frequencies, and positions, over a contiguous run of document numbers. Built by
// segment-builder.ts, merged by segment-merge.ts, saved and loaded by segment-file.ts.
import { ByteReader } from './varint.ts';

/** Field code for a posting whose term occurs in several fields (followed by a count and pairs). */
export const MULTI_FIELD = 7;

export interface SegmentData {
  /** Number of searchable fields this segment knows (field ids 0..fieldCount-1). */
  fieldCount: number;
  /** Global document numbers of the segment's documents, ascending; postings use local indexes into it. */
  docNums: Uint32Array;
  /** Token count of each (document, field), row-major: `fieldLengths[local * fieldCount + field]`. */
  fieldLengths: Uint32Array;
  /** Terms as UTF-8, concatenated in byte order; term i is `termBytes[termOffsets[i]..termOffsets[i+1]]`. */
  termBytes: Uint8Array;
  termOffsets: Uint32Array;
  docFreq: Uint32Array;
  /** Byte ranges of each term's postings and positions. */
  postingsOffsets: Uint32Array;
  positionsOffsets: Uint32Array;
  postings: Uint8Array;
  positions: Uint8Array;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Scratch space for term lookups: a query looks up each term in every segment, and allocating a
 * fresh array per lookup showed up in profiles. */
let scratch = new Uint8Array(256);

/** The UTF-8 bytes of `term` in the shared scratch array (valid until the next call). */
function termBytes(term: string): Uint8Array {
  if (term.length * 3 > scratch.length) scratch = new Uint8Array(term.length * 3);
  const { written } = encoder.encodeInto(term, scratch);
  return scratch.subarray(0, written);
}

/** One document's entry in a posting list: its local index and the term frequency per field. */
export interface PostingEntry {
  local: number;
  /** Pairs flattened: [field, tf, field, tf, ...]. */
  fieldTfs: number[];
}

export { termBytes };

/** Terms whose ordinal a segment remembers (then it forgets them all), plus one per 16 documents: about 100 bytes each. */
const MIN_REMEMBERED_TERMS = 4096;

export class Segment {
  readonly data: SegmentData;
  readonly termCount: number;
  /** Smallest and largest global document number, for routing deletions. */
  readonly minDoc: number;
  readonly maxDoc: number;
  /** findTerm's answers (the segment never changes). */
  private readonly ordinals = new Map<string, number>();

  constructor(data: SegmentData) {
    this.data = data;
    this.termCount = data.docFreq.length;
    this.minDoc = data.docNums.length > 0 ? data.docNums[0]! : 0;
    this.maxDoc = data.docNums.length > 0 ? data.docNums[data.docNums.length - 1]! : -1;
  }

  get docCount(): number {
    return this.data.docNums.length;
  }

  /** Bytes held by the segment's arrays. */
  get byteSize(): number {
    const d = this.data;
    return [d.docNums, d.fieldLengths, d.termBytes, d.termOffsets, d.docFreq, d.postingsOffsets, d.positionsOffsets, d.postings, d.positions].reduce(
      (sum, array) => sum + array.byteLength,
      0,
    );
  }

  termAt(ordinal: number): string {
    const o = this.data.termOffsets;
    return decoder.decode(this.data.termBytes.subarray(o[ordinal]!, o[ordinal + 1]!));
  }

  /**
   * Ordinal of `term`, or -1. Binary search over UTF-8 bytes, remembered: every query looks each of its terms up
   * in every segment, and a big segment's search compares a few dozen keys (about 1 µs).
   */
  findTerm(term: string): number {
    let ordinal = this.ordinals.get(term);
    if (ordinal === undefined) {
      ordinal = this.findTermBytes(termBytes(term));
      if (this.ordinals.size >= MIN_REMEMBERED_TERMS + this.docCount / 16) this.ordinals.clear();
      this.ordinals.set(term, ordinal);
    }
    return ordinal;
  }

  /** Ordinal of the term with these UTF-8 bytes, or -1. */
  findTermBytes(key: Uint8Array): number {
    const ordinal = this.lowerBound(key);
    return ordinal < this.termCount && this.compareAt(ordinal, key) === 0 ? ordinal : -1;
  }

  /** Ordinals [from, to) of the terms starting with `prefix`. */
  prefixRange(prefix: string): [number, number] {
    const key = termBytes(prefix);
    const from = this.lowerBound(key);
    let lo = from;
    let hi = this.termCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.hasPrefixAt(mid, key)) lo = mid + 1;
      else hi = mid;
    }
    return [from, lo];
  }

  /** Local index of a global document number, or -1. */
  localOf(docNum: number): number {
    const docs = this.data.docNums;
    let lo = 0;
    let hi = docs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < docNum) lo = mid + 1;
      else hi = mid;
    }
    return lo < docs.length && docs[lo] === docNum ? lo : -1;
  }

  fieldLength(local: number, field: number): number {
    return field < this.data.fieldCount ? this.data.fieldLengths[local * this.data.fieldCount + field]! : 0;
  }

  /**
   * Walks the posting list of a term. The callback gets the local index and a flat [field, tf, ...]
   * array that is reused between calls (copy it to keep it).
   */
  forEachPosting(ordinal: number, visit: (local: number, fieldTfs: number[]) => void): void {
    const d = this.data;
    const reader = new ByteReader(d.postings, d.postingsOffsets[ordinal]!);
    const count = d.docFreq[ordinal]!;
    const fieldTfs: number[] = [];
    let local = 0;
    for (let i = 0; i < count; i++) {
      local += reader.readVarint();
      readFieldTfs(reader, fieldTfs);
      visit(local, fieldTfs);
    }
  }

  /**
   * Positions of a term in the given local documents (ascending), per field:
   * result.get(local) = [[field, p0, p1, ...], ...].
   */
  positionsFor(ordinal: number, locals: ReadonlySet<number>): Map<number, number[][]> {
    const d = this.data;
    const postings = new ByteReader(d.postings, d.postingsOffsets[ordinal]!);
    const positions = new ByteReader(d.positions, d.positionsOffsets[ordinal]!);
    const count = d.docFreq[ordinal]!;
    const fieldTfs: number[] = [];
    const out = new Map<number, number[][]>();
    let last = -1;
    for (const local of locals) last = Math.max(last, local);
    let local = 0;
    for (let i = 0; i < count; i++) {
      local += postings.readVarint();
      if (local > last) break;
      if (!locals.has(local)) {
        // most postings: their positions are stepped over, no arrays made
        positions.skipVarints(positionCount(postings));
        continue;
      }
      readFieldTfs(postings, fieldTfs);
      const perField: number[][] = [];
      for (let j = 0; j < fieldTfs.length; j += 2) {
        const list: number[] = [fieldTfs[j]!];
        let position = 0;
        for (let k = fieldTfs[j + 1]!; k > 0; k--) list.push((position += positions.readVarint()));
        perField.push(list);
      }
      out.set(local, perField);
    }
    return out;
  }

  private lowerBound(key: Uint8Array): number {
    let lo = 0;
    let hi = this.termCount;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compareAt(mid, key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private compareAt(ordinal: number, key: Uint8Array): number {
    const bytes = this.data.termBytes;
    const start = this.data.termOffsets[ordinal]!;
    const end = this.data.termOffsets[ordinal + 1]!;
    const n = Math.min(end - start, key.length);
    for (let i = 0; i < n; i++) {
      const diff = bytes[start + i]! - key[i]!;
      if (diff !== 0) return diff;
    }
    return end - start - key.length;
  }

  private hasPrefixAt(ordinal: number, key: Uint8Array): boolean {
    const bytes = this.data.termBytes;
    const start = this.data.termOffsets[ordinal]!;
    if (this.data.termOffsets[ordinal + 1]! - start < key.length) return false;
    for (let i = 0; i < key.length; i++) if (bytes[start + i] !== key[i]) return false;
    return true;
  }
}

/**
 * Reads one posting's field frequencies and returns their sum, how many positions the posting holds: for postings
 * whose positions are stepped over, and for merges (readFieldTfs's `out.length = 0` alone was ~4 % of a long query
 * on full T2).
 */
export function positionCount(reader: ByteReader): number {
  const code = reader.readVarint();
  if ((code & 7) !== MULTI_FIELD) return code >>> 3;
  let total = 0;
  for (let n = code >>> 3; n > 0; n--) {
    reader.readVarint();
    total += reader.readVarint();
  }
  return total;
}

/** Reads one posting's field code into `out` as [field, tf, ...]. */
export function readFieldTfs(reader: ByteReader, out: number[]): void {
  out.length = 0;
  const code = reader.readVarint();
  const field = code & 7;
  if (field !== MULTI_FIELD) {
    out.push(field, code >>> 3);
    return;
  }
  const n = code >>> 3;
  for (let i = 0; i < n; i++) out.push(reader.readVarint(), reader.readVarint());
}
