// The documents holding one facet value, in one of three shapes chosen by size:
// one document inline (ids, prices, dates: most values), a sorted Uint32 run, or a Bitset once large.
// A loaded index points its runs into the file's buffer and copies one only when it changes, so
// loading 625k values allocates no arrays; a Bitset each would cost capacity/8 bytes apiece.
import { Bitset } from './bitset.ts';

/** Above this many documents a posting list switches to a Bitset. */
export const BITSET_THRESHOLD = 4096;

export class Postings {
  bits: Bitset | null = null;
  size = 0;
  /** The only document, while `size === 1` and `run` is null. */
  private solo = 0;
  /** Ascending documents at run[offset .. offset + size); shared with a loaded file until `owned`. */
  private run: Uint32Array | null = null;
  private offset = 0;
  private owned = false;

  /** Makes this (empty) instance borrow `run[offset .. offset + size)`. */
  load(run: Uint32Array, offset: number, size: number): this {
    if (size === 1) this.solo = run[offset]!;
    else if (size > 1) {
      this.run = run;
      this.offset = offset;
    }
    this.size = size;
    return this;
  }

  /** Makes this (empty) instance hold `bits`. */
  loadBits(bits: Bitset): this {
    this.bits = bits;
    this.size = bits.count();
    return this;
  }

  /** Sorted documents as one contiguous array, for saving (a view; do not keep it). */
  sortedIds(): Uint32Array {
    if (this.bits !== null) return Uint32Array.from(this.bits);
    if (this.run === null) return this.size === 0 ? new Uint32Array(0) : Uint32Array.of(this.solo);
    return this.run.subarray(this.offset, this.offset + this.size);
  }

  /** The largest document, or -1 when empty. */
  last(): number {
    if (this.size === 0) return -1;
    if (this.bits === null) return this.at(this.size - 1);
    let last = -1;
    this.forEach((doc) => (last = doc));
    return last;
  }

  add(doc: number): void {
    if (this.bits !== null) {
      if (!this.bits.has(doc)) {
        this.bits.add(doc);
        this.size++;
      }
      return;
    }
    if (this.size === 0) {
      this.solo = doc;
      this.size = 1;
      this.run = null;
      return;
    }
    const at = this.lowerBound(doc);
    if (at < this.size && this.at(at) === doc) return;
    if (this.size + 1 > BITSET_THRESHOLD) return this.toBits(doc);
    const run = this.own(this.size + 1);
    run.copyWithin(at + 1, at, this.size);
    run[at] = doc;
    this.size++;
  }

  remove(doc: number): void {
    if (this.bits !== null) {
      if (this.bits.has(doc)) {
        this.bits.remove(doc);
        this.size--;
      }
      return;
    }
    const at = this.lowerBound(doc);
    if (at >= this.size || this.at(at) !== doc) return;
    if (this.size === 1) {
      this.size = 0;
      return;
    }
    const run = this.own(this.size);
    run.copyWithin(at, at + 1, this.size);
    this.size--;
  }

  has(doc: number): boolean {
    if (this.bits !== null) return this.bits.has(doc);
    const at = this.lowerBound(doc);
    return at < this.size && this.at(at) === doc;
  }

  /** target ∪= this. */
  orInto(target: Bitset): void {
    if (this.bits !== null) target.or(this.bits);
    else for (let i = 0; i < this.size; i++) target.add(this.at(i));
  }

  /** |this ∩ docs|, without allocating. */
  countIn(docs: Bitset): number {
    if (this.bits !== null) return intersectionCount(this.bits, docs);
    let count = 0;
    for (let i = 0; i < this.size; i++) if (docs.has(this.at(i))) count++;
    return count;
  }

  /** Calls `visit` with each document, ascending; cheaper than the iterator in hot loops. */
  forEach(visit: (doc: number) => void): void {
    if (this.bits === null) {
      for (let i = 0; i < this.size; i++) visit(this.at(i));
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
    if (this.bits !== null) yield* this.bits;
    else for (let i = 0; i < this.size; i++) yield this.at(i);
  }

  private at(i: number): number {
    return this.run === null ? this.solo : this.run[this.offset + i]!;
  }

  /** First position whose document is ≥ `doc`. */
  private lowerBound(doc: number): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.at(mid) < doc) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** A run of our own with room for `capacity` documents, holding the current ones at offset 0. */
  private own(capacity: number): Uint32Array {
    if (this.owned && this.run !== null && this.offset === 0 && this.run.length >= capacity) return this.run;
    const run = new Uint32Array(Math.max(4, capacity * 2));
    for (let i = 0; i < this.size; i++) run[i] = this.at(i);
    this.run = run;
    this.offset = 0;
    this.owned = true;
    return run;
  }

  private toBits(doc: number): void {
    const bits = new Bitset(doc + 1);
    this.forEach((d) => bits.add(d));
    bits.add(doc);
    this.bits = bits;
    this.run = null;
    this.size++;
  }
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
