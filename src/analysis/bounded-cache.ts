// A bounded map for analysis caches: two generations, so a hit costs one or two Map lookups.

/**
 * Approximately LRU: entries live in `young`; when it fills up it becomes `old` and the previous
 * `old` is dropped; a hit in `old` moves the entry back into `young`. A true LRU (delete + set on
 * every hit) costs more than the per-eojeol work it would save, so recency is kept only per generation.
 * Holds at most `2 × capacity / 2 = capacity` entries.
 */
export class BoundedCache<K, V> {
  private young = new Map<K, V>();
  private old = new Map<K, V>();
  private readonly half: number;

  constructor(capacity: number) {
    this.half = Math.max(1, Math.floor(capacity / 2));
  }

  get(key: K): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const older = this.old.get(key);
    if (older !== undefined) this.set(key, older);
    return older;
  }

  set(key: K, value: V): void {
    if (this.young.size >= this.half) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
