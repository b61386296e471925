// A fixed-capacity bitset over internal document numbers; the currency of filters and live-doc masks.

export class Bitset {
  words: Uint32Array;

  constructor(capacity: number) {
    this.words = new Uint32Array((capacity + 31) >>> 5);
  }

  get capacity(): number {
    return this.words.length << 5;
  }

  /** Grows so that `doc` fits; existing bits are kept. */
  ensure(doc: number): void {
    if (doc < this.capacity) return;
    const next = new Uint32Array(Math.max((doc >>> 5) + 1, this.words.length * 2));
    next.set(this.words);
    this.words = next;
  }

  add(doc: number): void {
    this.ensure(doc);
    this.words[doc >>> 5]! |= 1 << (doc & 31);
  }

  remove(doc: number): void {
    if (doc >= this.capacity) return;
    this.words[doc >>> 5]! &= ~(1 << (doc & 31));
  }

  has(doc: number): boolean {
    if (doc >= this.capacity) return false;
    return (this.words[doc >>> 5]! & (1 << (doc & 31))) !== 0;
  }

  clone(): Bitset {
    const copy = new Bitset(0);
    copy.words = this.words.slice();
    return copy;
  }

  /** In place: this ∩ other. */
  and(other: Bitset): this {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! &= i < o.length ? o[i]! : 0;
    return this;
  }

  /** In place: this ∪ other. */
  or(other: Bitset): this {
    if (other.words.length > this.words.length) this.ensure((other.words.length << 5) - 1);
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < o.length; i++) w[i]! |= o[i]!;
    return this;
  }

  /** In place: this ∖ other. */
  andNot(other: Bitset): this {
    const w = this.words;
    const o = other.words;
    const n = Math.min(w.length, o.length);
    for (let i = 0; i < n; i++) w[i]! &= ~o[i]!;
    return this;
  }

  count(): number {
    let total = 0;
    for (const word of this.words) total += popcount(word);
    return total;
  }

  /** Ascending document numbers. */
  *[Symbol.iterator](): IterableIterator<number> {
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const low = word & -word;
        yield (i << 5) + (31 - Math.clz32(low));
        word ^= low;
      }
    }
  }
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}
