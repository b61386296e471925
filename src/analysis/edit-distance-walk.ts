// Edit distance (optimal string alignment) to one query over keys visited in sorted order, reusing the
// rows of the prefix each key shares with the one before: the implicit-trie walk of jamo-index.ts.

/**
 * Optimal-string-alignment rows for the keys of a sorted walk, one row per key character.
 * @example const walk = new EditDistanceWalk('ㄱㅓㅁ', 1);
 * walk.advance('ㄱㅓㅂ'); // → 0 (not pruned); walk.distance(3) → 1
 * walk.advance('ㄴㅏ'); // → 2 (every key starting ㄴㅏ is more than 1 edit away)
 */
export class EditDistanceWalk {
  private readonly q: Int32Array; // the query's code units
  private readonly max: number;
  private readonly rows: Int32Array[] = [];
  private key = '';
  private valid = 0; // rows[0..valid] hold the rows of key.slice(0, valid)

  constructor(query: string, maxDistance: number) {
    this.q = Int32Array.from({ length: query.length }, (_, j) => query.charCodeAt(j));
    this.max = maxDistance;
    this.rows.push(Int32Array.from({ length: query.length + 1 }, (_, j) => j));
  }

  /** Moves to `key`, reusing the rows of the prefix shared with the previous key; the depth at which it was pruned, or 0. */
  advance(key: string): number {
    let depth = 0;
    const limit = Math.min(this.valid, key.length);
    while (depth < limit && this.key.charCodeAt(depth) === key.charCodeAt(depth)) depth++;
    this.key = key;
    for (let t = depth + 1; t <= key.length; t++) {
      if (this.row(t) > this.max) {
        this.valid = t - 1;
        return t;
      }
    }
    this.valid = key.length;
    return 0;
  }

  distance(depth: number): number {
    return this.rows[depth]![this.q.length]!;
  }

  /** Computes row t (key character t - 1) and returns its minimum. */
  private row(t: number): number {
    const q = this.q;
    const n = q.length;
    const prev = this.rows[t - 1]!;
    const grand = t >= 2 ? this.rows[t - 2]! : null;
    const row = (this.rows[t] ??= new Int32Array(n + 1));
    const ch = this.key.charCodeAt(t - 1);
    const before = t >= 2 ? this.key.charCodeAt(t - 2) : -1;
    row[0] = t;
    let min = t;
    for (let j = 1; j <= n; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (q[j - 1] === ch ? 0 : 1));
      if (grand && j > 1 && ch === q[j - 2] && before === q[j - 1]) d = Math.min(d, grand[j - 2]! + 1);
      row[j] = d;
      if (d < min) min = d;
    }
    return min;
  }
}
