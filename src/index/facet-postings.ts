// The documents holding one facet value: a sorted array while small, a Bitset once large.
// Most facet values are rare (ids, dates), so a Bitset each would cost capacity/8 bytes apiece;
// a few are huge (booleans, a top genre), where a sorted array makes removals O(n).
import { Bitset } from './bitset.ts';

/** Above this many documents a posting list switches to a Bitset. */
export const BITSET_THRESHOLD = 4096;

export class Postings {
  /** Ascending document numbers; only the first `size` entries are used. Null once a Bitset. */
  ids: Uint32Array | null;
  bits: Bitset | null = null;
  size = 0;

  constructor(ids: Uint32Array | null = new Uint32Array(2), size = 0, bits: Bitset | null = null) {
    this.ids = bits === null ? ids : null;
    this.bits = bits;
    this.size = bits === null ? size : bits.count();
  }

  add(doc: number): void {
    if (this.bits !== null) {
      if (!this.bits.has(doc)) {
        this.bits.add(doc);
        this.size++;
      }
      return;
    }
    const ids = this.ids!;
    const size = this.size;
    // Documents usually arrive in ascending order, so appending is the common case.
    if (size === 0 || ids[size - 1]! < doc) return this.insertAt(size, doc);
    const at = lowerBound(ids, size, doc);
    if (ids[at] !== doc) this.insertAt(at, doc);
  }

  remove(doc: number): void {
    if (this.bits !== null) {
      if (this.bits.has(doc)) {
        this.bits.remove(doc);
        this.size--;
      }
      return;
    }
    const ids = this.ids!;
    const at = lowerBound(ids, this.size, doc);
    if (at < this.size && ids[at] === doc) {
      ids.copyWithin(at, at + 1, this.size);
      this.size--;
    }
  }

  has(doc: number): boolean {
    if (this.bits !== null) return this.bits.has(doc);
    const at = lowerBound(this.ids!, this.size, doc);
    return at < this.size && this.ids![at] === doc;
  }

  /** target ∪= this. */
  orInto(target: Bitset): void {
    if (this.bits !== null) {
      target.or(this.bits);
      return;
    }
    const ids = this.ids!;
    for (let i = 0; i < this.size; i++) target.add(ids[i]!);
  }

  /** |this ∩ docs|, without allocating. */
  countIn(docs: Bitset): number {
    if (this.bits !== null) return intersectionCount(this.bits, docs);
    const ids = this.ids!;
    let count = 0;
    for (let i = 0; i < this.size; i++) if (docs.has(ids[i]!)) count++;
    return count;
  }

  /** Calls `visit` with each document, ascending; faster than iterating in hot loops. */
  forEach(visit: (doc: number) => void): void {
    if (this.bits === null) {
      const ids = this.ids!;
      for (let i = 0; i < this.size; i++) visit(ids[i]!);
      return;
    }
    const words = this.bits.words;
    for (let i = 0; i < words.length; i++) {
      let word = words[i]!;
      while (word !== 0) {
        const low = word & -word;
        visit((i << 5) + (31 - Math.clz32(low)));
        word ^= low;
      }
    }
  }

  /** Ascending document numbers. */
  *[Symbol.iterator](): IterableIterator<number> {
    if (this.bits !== null) {
      yield* this.bits;
      return;
    }
    for (let i = 0; i < this.size; i++) yield this.ids![i]!;
  }

  private insertAt(at: number, doc: number): void {
    if (this.size + 1 > BITSET_THRESHOLD) return this.toBits(doc);
    let ids = this.ids!;
    if (this.size === ids.length) {
      const next = new Uint32Array(Math.max(4, ids.length * 2));
      next.set(ids.subarray(0, this.size));
      ids = this.ids = next;
    }
    ids.copyWithin(at + 1, at, this.size);
    ids[at] = doc;
    this.size++;
  }

  private toBits(doc: number): void {
    const bits = new Bitset(Math.max(doc + 1, this.ids![this.size - 1]! + 1));
    for (let i = 0; i < this.size; i++) bits.add(this.ids![i]!);
    bits.add(doc);
    this.bits = bits;
    this.ids = null;
    this.size++;
  }
}

/** First index in `ids[0..size)` whose value is ≥ `doc`. */
function lowerBound(ids: Uint32Array, size: number, doc: number): number {
  let lo = 0;
  let hi = size;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < doc) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** |a ∩ b| word by word. */
export function intersectionCount(a: Bitset, b: Bitset): number {
  const n = Math.min(a.words.length, b.words.length);
  let total = 0;
  for (let i = 0; i < n; i++) {
    let x = a.words[i]! & b.words[i]!;
    if (x === 0) continue;
    x -= (x >>> 1) & 0x55555555;
    x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
    total += (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return total;
}
