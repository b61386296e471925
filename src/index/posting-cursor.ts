// A cursor over one term's postings in one segment: it steps to the next posting or skips ahead to a
// document, and yields the saturated BM25F pseudo-frequency there, pf / (pf + k1): the posting scores
// idf · weight · (k1 + 1) times that.
//
// Long lists get a skip table (every SKIP_INTERVAL postings: last document, delta base) built on first
// use and cached with the segment, so skipping ahead decodes one block instead of the whole list. Under
// given field factors, each block's largest saturated pseudo-frequency bounds the scores it can give (block-max),
// and the largest of them bounds the term's. Built lazily rather than stored in the segment file so the
// file format stays as it is; a term's table is about 1/16 of its postings' bytes, and only terms that
// queries touch get one. A long list's first use decodes it for decoded-lists.ts's cache, and the skip table and
// block maxima are read from the decoded arrays; while the list is kept there, the cursor reads the arrays
// instead of the bytes, and the blocks' byte offsets are only found if something reads the bytes.
import { decodedList, dropDecodedList, keepDecodedList, mayKeep, type DecodedList } from './decoded-lists.ts';
import { MULTI_FIELD, positionCount, readFieldTfs, type Segment } from './segment.ts';
import { ByteReader } from './varint.ts';

/** Past the last posting. */
export const END = 0x7fffffff;
/** Lists shorter than this are read straight through. */
export const SKIP_MIN_POSTINGS = 512;
const SKIP_INTERVAL = 128;
/** Skip tables kept per segment (least recently built dropped first). */
const MAX_TABLES_PER_SEGMENT = 20_000;

interface SkipTable {
  readonly segment: Segment;
  readonly ordinal: number;
  /** Last local document of each block, and the local document before it (the delta base). */
  lastLocal: Int32Array;
  base: Int32Array;
  /**
   * Where each block starts in the postings and in the positions. Only reading the bytes (positionsOf, or a list not
   * kept decoded) needs them, and finding them reads every posting and position: found on first need (blockOffsets).
   */
  offsets: BlockOffsets | null;
  /** Largest saturated pseudo-frequency of each block, per field-factor array it was computed with. */
  blockMaxima: WeakMap<Float32Array, BlockMaxima>;
  /** The latest of them: its decoded list is the one the cache may keep for this list. */
  latest: BlockMaxima | null;
}

interface BlockOffsets {
  postings: Uint32Array;
  positions: Uint32Array;
}

interface BlockMaxima {
  k1: number;
  perBlock: Float32Array;
  list: number;
}

const tables = new WeakMap<Segment, Map<number, SkipTable>>();

/**
 * A cursor on the term's first posting (END for an empty list). A long list's first use decodes it, and its skip
 * table and block maxima are read from the decoded arrays: one pass over its bytes.
 */
export function openCursor(segment: Segment, ordinal: number, factors: Float32Array, k1: number): PostingCursor {
  let skips: SkipTable | null = null;
  let maxima: BlockMaxima | null = null;
  let list: DecodedList | null = null;
  if (segment.data.docFreq[ordinal]! >= SKIP_MIN_POSTINGS) {
    skips = cachedSkipTable(segment, ordinal) ?? null;
    maxima = skips === null ? null : currentMaxima(skips, factors, k1);
    if (maxima === null) {
      const fresh = decodeList(segment, ordinal, factors, k1);
      skips ??= skipTable(segment, ordinal, fresh.docs);
      maxima = blockMaxima(skips, factors, k1, fresh);
    }
    list = decoded(segment, ordinal, maxima, factors);
  }
  const cursor = new PostingCursor(segment, ordinal, factors, k1, skips, maxima, list);
  cursor.next();
  return cursor;
}

/**
 * Positions of a term in the given local documents, per field: `result.get(local) = [[field, p0, p1, …], …]`,
 * as Segment.positionsFor, but long lists seek each wanted document through the skip table instead of
 * reading every posting before it.
 */
export function positionsOf(segment: Segment, ordinal: number, locals: ReadonlySet<number>): Map<number, number[][]> {
  const data = segment.data;
  if (data.docFreq[ordinal]! < SKIP_MIN_POSTINGS) return segment.positionsFor(ordinal, locals);
  const skips = cachedSkipTable(segment, ordinal) ?? skipTable(segment, ordinal, null);
  const offsets = blockOffsets(skips);
  const out = new Map<number, number[][]>();
  const postings = new ByteReader(data.postings);
  const positions = new ByteReader(data.positions);
  const fieldTfs: number[] = [];
  let block = -1;
  let index = 0; // postings decoded in the current block
  let local = 0;
  const count = data.docFreq[ordinal]!;
  for (const wanted of [...locals].sort((a, b) => a - b)) {
    // the first block whose last document is ≥ wanted; restart there unless already inside it
    let lo = Math.max(block, 0);
    let hi = skips.lastLocal.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (skips.lastLocal[mid]! < wanted) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= skips.lastLocal.length) break;
    if (lo !== block || local > wanted) {
      block = lo;
      index = block * SKIP_INTERVAL;
      postings.offset = offsets.postings[block]!;
      positions.offset = offsets.positions[block]!;
      local = skips.base[block]!;
    }
    while (index < count) {
      const next = local + postings.readVarint();
      if (next > wanted) {
        // not here: step back is impossible, so leave the reader before this posting
        postings.offset = offsets.postings[block]!;
        positions.offset = offsets.positions[block]!;
        local = skips.base[block]!;
        index = block * SKIP_INTERVAL;
        break;
      }
      index++;
      local = next;
      if (local !== wanted) {
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
      break;
    }
  }
  return out;
}

export class PostingCursor {
  /** Current local document, or END. */
  local = -1;
  /** Saturated pseudo-frequency at the current posting: pf / (pf + k1), rounded to 32 bits (see saturate). */
  sat = 0;
  /** Postings read so far; score-segment.ts sets it on a decoded cursor after reading the arrays itself. */
  index = 0;
  readonly count: number;
  /** Byte offset of the next posting to decode. */
  private offset: number;
  private readonly bytes: Uint8Array;
  private readonly fieldCount: number;
  /** The largest saturated pseudo-frequency of the list; 1 (the limit) when unknown (short lists). */
  readonly maxSat: number;
  /** The list decoded (documents and saturated pseudo-frequencies), read instead of the bytes; null for short lists, or when not kept. */
  readonly docs: Int32Array | null;
  readonly sats: Float32Array | null;
  private readonly skips: SkipTable | null;
  private readonly blockMaxSat: Float32Array | null;
  /** First block that may hold documents at or after the last `maxSatIn` window: windows only move forward. */
  private boundBlock = 0;

  /** Use `openCursor`; this one starts before the first posting and has the given skip table. */
  constructor(
    segment: Segment,
    ordinal: number,
    readonly factors: Float32Array,
    readonly k1: number,
    skips: SkipTable | null,
    maxima: BlockMaxima | null,
    decoded: DecodedList | null = null,
  ) {
    const data = segment.data;
    this.docs = decoded?.docs ?? null;
    this.sats = decoded?.sats ?? null;
    this.bytes = data.postings;
    this.offset = data.postingsOffsets[ordinal]!;
    this.count = data.docFreq[ordinal]!;
    this.fieldCount = data.fieldCount;
    this.skips = skips;
    this.blockMaxSat = maxima?.perBlock ?? null;
    this.maxSat = maxima?.list ?? 1;
  }

  /**
   * No posting in documents [from, to) has a larger saturated pseudo-frequency (0: the list has none there). Long lists
   * answer from their blocks' maxima without decoding; short ones from the next posting (the cursor moves to `from`).
   * Calls must not go back: `from` at or after the previous call's.
   */
  maxSatIn(from: number, to: number): number {
    const blockMax = this.blockMaxSat;
    if (blockMax === null) {
      this.advance(from);
      return this.local < to ? this.maxSat : 0;
    }
    if (this.local >= to) return 0;
    const lastLocal = this.skips!.lastLocal;
    const start = Math.max(from, this.local);
    let block = this.boundBlock;
    while (block < lastLocal.length && lastLocal[block]! < start) block++;
    this.boundBlock = block;
    let max = 0;
    // block b holds documents in (lastLocal[b - 1], lastLocal[b]]: the first block ending at or after `to - 1` is the last one that can overlap
    for (; block < lastLocal.length; block++) {
      if (blockMax[block]! > max) max = blockMax[block]!;
      if (lastLocal[block]! >= to - 1) break;
    }
    return max;
  }

  next(): void {
    if (this.index >= this.count) {
      this.local = END;
      return;
    }
    if (this.docs !== null) {
      this.local = this.docs[this.index]!;
      this.sat = this.sats![this.index++]!;
      return;
    }
    this.index++;
    const bytes = this.bytes;
    let offset = this.offset;
    let byte = bytes[offset++]!;
    let delta = byte & 0x7f;
    for (let shift = 7; byte & 0x80; shift += 7) delta |= ((byte = bytes[offset++]!) & 0x7f) << shift;
    const local = (this.local < 0 ? 0 : this.local) + delta;
    byte = bytes[offset++]!;
    let code = byte & 0x7f;
    for (let shift = 7; byte & 0x80; shift += 7) code |= ((byte = bytes[offset++]!) & 0x7f) << shift;
    const field = code & 7;
    const row = local * this.fieldCount;
    let pf = 0;
    if (field !== MULTI_FIELD) {
      if (field < this.fieldCount) pf = (code >>> 3) * this.factors[row + field]!;
    } else {
      for (let pairs = code >>> 3; pairs > 0; pairs--) {
        byte = bytes[offset++]!;
        let f = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) f |= ((byte = bytes[offset++]!) & 0x7f) << shift;
        byte = bytes[offset++]!;
        let tf = byte & 0x7f;
        for (let shift = 7; byte & 0x80; shift += 7) tf |= ((byte = bytes[offset++]!) & 0x7f) << shift;
        if (f < this.fieldCount) pf += tf * this.factors[row + f]!;
      }
    }
    this.offset = offset;
    this.local = local;
    this.sat = saturate(pf, this.k1);
  }

  /**
   * Copies the current posting and the next ones whose document is below `to` into `docs` and `sats` (from index 0),
   * and returns how many; the cursor is left on the first posting at or past `to`. The decoding is next()'s, in line:
   * a call per posting cost more than its decoding.
   */
  fill(to: number, docs: Int32Array, sats: Float32Array): number {
    const { bytes, count, fieldCount, factors, k1 } = this;
    let local = this.local;
    let sat = this.sat;
    let offset = this.offset;
    let index = this.index;
    let n = 0;
    while (local < to) {
      docs[n] = local;
      sats[n++] = sat;
      if (index >= count) {
        local = END;
        break;
      }
      index++;
      let byte = bytes[offset++]!;
      let delta = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) delta |= ((byte = bytes[offset++]!) & 0x7f) << shift;
      local += delta;
      byte = bytes[offset++]!;
      let code = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) code |= ((byte = bytes[offset++]!) & 0x7f) << shift;
      const field = code & 7;
      let pf = 0;
      if (field !== MULTI_FIELD) {
        if (field < fieldCount) pf = (code >>> 3) * factors[local * fieldCount + field]!;
      } else {
        for (let pairs = code >>> 3; pairs > 0; pairs--) {
          byte = bytes[offset++]!;
          let f = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) f |= ((byte = bytes[offset++]!) & 0x7f) << shift;
          byte = bytes[offset++]!;
          let tf = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) tf |= ((byte = bytes[offset++]!) & 0x7f) << shift;
          if (f < fieldCount) pf += tf * factors[local * fieldCount + f]!;
        }
      }
      sat = saturate(pf, k1);
    }
    this.local = local;
    this.sat = sat;
    this.offset = offset;
    this.index = index;
    return n;
  }

  /** Moves to the first posting whose document is ≥ target. */
  advance(target: number): void {
    if (this.local >= target) return;
    if (this.docs !== null) {
      this.seekDecoded(target);
      return;
    }
    const skips = this.skips;
    if (skips) {
      const block = Math.floor((this.index - 1) / SKIP_INTERVAL);
      if (block >= 0 && skips.lastLocal[block]! < target) {
        // gallop, then bisect, to the first block whose last document is ≥ target
        let lo = block + 1;
        let step = 1;
        const n = skips.lastLocal.length;
        while (lo + step < n && skips.lastLocal[lo + step]! < target) {
          lo += step;
          step *= 2;
        }
        let hi = Math.min(lo + step, n);
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (skips.lastLocal[mid]! < target) lo = mid + 1;
          else hi = mid;
        }
        if (lo >= n) {
          this.index = this.count;
          this.local = END;
          return;
        }
        this.offset = blockOffsets(skips).postings[lo]!;
        this.local = skips.base[lo]!;
        this.index = lo * SKIP_INTERVAL;
        if (this.index === 0) this.local = -1;
      }
    }
    // The postings before the target need no pseudo-frequency: step over them here, in line (a call per posting
    // cost more than its decoding), and decode the one at the target with next().
    const bytes = this.bytes;
    let offset = this.offset;
    let index = this.index;
    let local = this.local < 0 ? 0 : this.local;
    while (index < this.count) {
      let at = offset;
      let byte = bytes[at++]!;
      let delta = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) delta |= ((byte = bytes[at++]!) & 0x7f) << shift;
      if (local + delta >= target) break;
      local += delta;
      byte = bytes[at++]!;
      let code = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) code |= ((byte = bytes[at++]!) & 0x7f) << shift;
      if ((code & 7) === MULTI_FIELD) for (let varints = 2 * (code >>> 3); varints > 0; varints--) while (bytes[at++]! & 0x80);
      offset = at;
      index++;
    }
    this.offset = offset;
    this.index = index;
    this.local = local;
    this.next();
  }

  /** advance() over the decoded arrays: gallops from the next posting, then bisects. */
  private seekDecoded(target: number): void {
    const docs = this.docs!;
    const n = this.count;
    let lo = this.index;
    let hi = lo;
    for (let step = 1; hi < n && docs[hi]! < target; step *= 2) {
      lo = hi + 1;
      hi = lo + step;
    }
    if (hi > n) hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (docs[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    this.index = lo;
    this.next();
  }
}

function cachedSkipTable(segment: Segment, ordinal: number): SkipTable | undefined {
  return tables.get(segment)?.get(ordinal);
}

/** A long list's skip table, from its decoded documents when given (no pass over the bytes), else from its bytes. */
function skipTable(segment: Segment, ordinal: number, docs: Int32Array | null): SkipTable {
  const count = segment.data.docFreq[ordinal]!;
  const blocks = Math.ceil(count / SKIP_INTERVAL);
  const table: SkipTable = {
    segment,
    ordinal,
    lastLocal: new Int32Array(blocks),
    base: new Int32Array(blocks),
    offsets: null,
    blockMaxima: new WeakMap(),
    latest: null,
  };
  if (docs !== null)
    for (let block = 0; block < blocks; block++) {
      table.base[block] = block === 0 ? 0 : docs[block * SKIP_INTERVAL - 1]!;
      table.lastLocal[block] = docs[Math.min(count, (block + 1) * SKIP_INTERVAL) - 1]!;
    }
  else blockOffsets(table, true);
  let perSegment = tables.get(segment);
  if (!perSegment) tables.set(segment, (perSegment = new Map()));
  if (perSegment.size >= MAX_TABLES_PER_SEGMENT) perSegment.delete(perSegment.keys().next().value!);
  perSegment.set(ordinal, table);
  return table;
}

/** Where each block of the table's list starts in the postings and positions (one pass, then kept); `withDocs` also sets lastLocal and base. */
function blockOffsets(table: SkipTable, withDocs = false): BlockOffsets {
  if (table.offsets !== null) return table.offsets;
  const data = table.segment.data;
  const count = data.docFreq[table.ordinal]!;
  const offsets: BlockOffsets = { postings: new Uint32Array(table.lastLocal.length), positions: new Uint32Array(table.lastLocal.length) };
  const postings = new ByteReader(data.postings, data.postingsOffsets[table.ordinal]!);
  const positions = new ByteReader(data.positions, data.positionsOffsets[table.ordinal]!);
  let local = 0;
  for (let i = 0; i < count; i++) {
    const block = Math.floor(i / SKIP_INTERVAL);
    if (i % SKIP_INTERVAL === 0) {
      offsets.postings[block] = postings.offset;
      offsets.positions[block] = positions.offset;
      if (withDocs) table.base[block] = local;
    }
    local += postings.readVarint();
    positions.skipVarints(positionCount(postings));
    if (withDocs) table.lastLocal[block] = local;
  }
  return (table.offsets = offsets);
}

/**
 * pf / (pf + k1), the share of a term's largest score that a posting with pseudo-frequency pf gets, rounded to 32 bits as
 * decoded-lists.ts keeps it: every path (bytes, decoded arrays, block maxima) computes it this way, so a result never
 * depends on which one read a posting, and a block's maximum bounds its postings exactly.
 */
export function saturate(pf: number, k1: number): number {
  return Math.fround(pf / (pf + k1));
}

/** The block maxima computed under these field factors, if any. */
function currentMaxima(skips: SkipTable, factors: Float32Array, k1: number): BlockMaxima | null {
  const maxima = skips.blockMaxima.get(factors);
  return maxima !== undefined && maxima.k1 === k1 ? maxima : null;
}

/** Each block's largest saturated pseudo-frequency, and the list's, from the list decoded under these field factors (then cached). */
function blockMaxima(skips: SkipTable, factors: Float32Array, k1: number, list: DecodedList): BlockMaxima {
  const perBlock = new Float32Array(skips.lastLocal.length);
  const sats = list.sats;
  let max = 0;
  for (let block = 0; block < perBlock.length; block++) {
    let blockMax = 0;
    const end = Math.min(sats.length, (block + 1) * SKIP_INTERVAL);
    for (let i = block * SKIP_INTERVAL; i < end; i++) if (sats[i]! > blockMax) blockMax = sats[i]!;
    perBlock[block] = blockMax;
    if (blockMax > max) max = blockMax;
  }
  const maxima: BlockMaxima = { k1, perBlock, list: max };
  skips.blockMaxima.set(factors, maxima);
  // New field factors come with every write (average field lengths move): the list decoded under older ones
  // would only hold memory until it is the least recently used.
  if (skips.latest !== null) dropDecodedList(skips.latest);
  skips.latest = maxima;
  keepDecodedList(maxima, list);
  return maxima;
}

/** The list decoded under the factors of `maxima`, from the cache or decoded again; null when too long to keep. */
function decoded(segment: Segment, ordinal: number, maxima: BlockMaxima, factors: Float32Array): DecodedList | null {
  const cached = decodedList(maxima);
  if (cached !== undefined) return cached;
  if (!mayKeep(segment.data.docFreq[ordinal]!)) return null;
  const list = decodeList(segment, ordinal, factors, maxima.k1);
  keepDecodedList(maxima, list);
  return list;
}

/** The list's documents and saturated pseudo-frequencies, in one pass over its bytes. */
function decodeList(segment: Segment, ordinal: number, factors: Float32Array, k1: number): DecodedList {
  const count = segment.data.docFreq[ordinal]!;
  const list = { docs: new Int32Array(count), sats: new Float32Array(count) };
  const reader = new PostingCursor(segment, ordinal, factors, k1, null, null);
  reader.next();
  reader.fill(END, list.docs, list.sats);
  return list;
}
