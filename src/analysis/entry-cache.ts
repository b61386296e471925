// A bounded cache of small int arrays by string key, kept in two flat Int32Array arenas, so that a
// million cached eojeols are a Map of strings to numbers: cheap for the garbage collector to trace.

/** A growable Int32Array. */
export class IntBuffer {
  data: Int32Array;
  length = 0;

  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }

  append(source: Int32Array, from: number, to: number): void {
    const n = to - from;
    if (this.length + n > this.data.length) {
      let capacity = this.data.length * 2;
      while (capacity < this.length + n) capacity *= 2;
      const next = new Int32Array(capacity);
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    // a loop, not set(subarray): entries are a few dozen ints, and a view per entry was a large share of indexing's garbage
    const data = this.data;
    for (let i = from, at = this.length; i < to; i++, at++) data[at] = source[i]!;
    this.length += n;
  }
}

/**
 * Approximately LRU, like BoundedCache: entries go to the young generation; when it holds
 * `capacity / 2` entries it becomes the old one and the previous old one is dropped with its arena;
 * a hit in the old generation copies the entry back into the young one. An entry's first element
 * must be its own length.
 */
export class EntryCache {
  private young = new Map<string, number>();
  private youngArena = new IntBuffer(1 << 16);
  private old = new Map<string, number>();
  private oldArena = new IntBuffer(1);
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.floor(capacity / 2));
  }

  /** Appends the entry of `key` to `into`; false when it is not cached. */
  copyTo(key: string, into: IntBuffer): boolean {
    const at = this.young.get(key);
    if (at !== undefined) {
      const data = this.youngArena.data;
      into.append(data, at, at + data[at]!);
      return true;
    }
    const older = this.old.get(key);
    if (older === undefined) return false;
    const data = this.oldArena.data;
    into.append(data, older, older + data[older]!);
    this.set(key, data, older);
    return true;
  }

  set(key: string, entry: Int32Array, from = 0): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.oldArena = this.youngArena;
      this.young = new Map();
      this.youngArena = new IntBuffer(1 << 16);
    }
    this.young.set(key, this.youngArena.length);
    this.youngArena.append(entry, from, from + entry[from]!);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young = new Map();
    this.youngArena = new IntBuffer(1 << 16);
    this.old = new Map();
    this.oldArena = new IntBuffer(1);
  }
}
