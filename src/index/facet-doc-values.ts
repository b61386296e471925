// The forward side of the facet index: for each document, the ids of the facet values it holds.
// It lets `remove(doc)` work without the old document and gives sort its per-document keys.
// One flat pool (start/count per document) instead of 625k small arrays keeps memory and GC low.

export class DocValueLists {
  private start = new Int32Array(0);
  private count = new Int32Array(0);
  private pool: Uint32Array = new Uint32Array(1024);
  private used = 0;
  private garbage = 0;

  /** Lists saved by `export`: `counts[doc]` ids per document, concatenated in `pool` in document order. */
  static fromCounts(counts: Uint32Array, pool: Uint32Array): DocValueLists {
    const lists = new DocValueLists();
    lists.count = new Int32Array(counts);
    lists.start = new Int32Array(counts.length);
    let total = 0;
    for (let doc = 0; doc < counts.length; doc++) {
      lists.start[doc] = total;
      total += counts[doc]!;
    }
    lists.pool = pool;
    lists.used = total;
    return lists;
  }

  /** Compact copy for saving, with every value id renamed through `remap`. */
  export(remap: Int32Array): { counts: Uint32Array; pool: Uint32Array } {
    const counts = new Uint32Array(this.count.length);
    const pool = new Uint32Array(this.used - this.garbage);
    let at = 0;
    for (let doc = 0; doc < this.count.length; doc++) {
      const n = this.count[doc]!;
      counts[doc] = n;
      const start = this.start[doc]!;
      for (let i = 0; i < n; i++) pool[at++] = remap[this.pool[start + i]!]!;
    }
    return { counts, pool: pool.subarray(0, at) };
  }

  /** Value ids of `doc`; empty when it has none. The view is valid until the next `set`. */
  get(doc: number): Uint32Array {
    if (doc >= this.count.length || this.count[doc] === 0) return EMPTY;
    const start = this.start[doc]!;
    return this.pool.subarray(start, start + this.count[doc]!);
  }

  /** Replaces the value ids of `doc`. */
  set(doc: number, vids: ArrayLike<number>): void {
    this.clear(doc);
    if (vids.length === 0) return;
    this.ensureDoc(doc);
    this.reserve(vids.length);
    this.start[doc] = this.used;
    this.count[doc] = vids.length;
    for (let i = 0; i < vids.length; i++) this.pool[this.used++] = vids[i]!;
  }

  clear(doc: number): void {
    if (doc >= this.count.length) return;
    this.garbage += this.count[doc]!;
    this.count[doc] = 0;
  }

  /** Documents that hold at least one value, ascending. */
  *docs(): IterableIterator<number> {
    for (let doc = 0; doc < this.count.length; doc++) if (this.count[doc]! > 0) yield doc;
  }

  private ensureDoc(doc: number): void {
    if (doc < this.count.length) return;
    const size = Math.max(doc + 1, this.count.length * 2, 64);
    const start = new Int32Array(size);
    start.set(this.start);
    const count = new Int32Array(size);
    count.set(this.count);
    this.start = start;
    this.count = count;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.pool.length) return;
    // Reclaim the space of replaced lists before growing, when at least half the pool is dead.
    if (this.garbage * 2 >= this.used) this.compact();
    if (this.used + extra <= this.pool.length) return;
    const next = new Uint32Array(Math.max(this.pool.length * 2, this.used + extra));
    next.set(this.pool.subarray(0, this.used));
    this.pool = next;
  }

  private compact(): void {
    const next = new Uint32Array(this.pool.length);
    let used = 0;
    for (let doc = 0; doc < this.count.length; doc++) {
      const n = this.count[doc]!;
      if (n === 0) continue;
      const start = this.start[doc]!;
      next.set(this.pool.subarray(start, start + n), used);
      this.start[doc] = used;
      used += n;
    }
    this.pool = next;
    this.used = used;
    this.garbage = 0;
  }
}

const EMPTY = new Uint32Array(0);
