// A compact index of jamo (or chosung) strings → ids, with bounded edit-distance and prefix lookups.
// It lives beside the jamo helpers because its keys are theirs (`toJamo`, `chosungOf`); the query layer
// (src/query/variants.ts) builds its side indexes on it.
//
// Keys are kept in one sorted array, walked as an implicit trie (neighbours share their common prefix),
// so memory is about one string and two array slots per key: a trie with a Map per node cost ~1 kB per
// term on KorQuAD. New keys go to a second, small run, sorted when first searched and merged into the
// main run when it grows past a sixteenth of it (two levels of an LSM tree), so adding stays cheap.
import { EditDistanceWalk } from './edit-distance-walk.ts';

export interface IndexMatch {
  id: number;
  /** Edit distance to the query, or for prefix lookups the number of characters past the prefix. */
  distance: number;
}

const AFTER_ALL = '\uffff'; // sorts after every UTF-16 code unit a key can hold

/** Keys in sorted order (then by id), with their ids. */
interface Run {
  keys: string[];
  ids: number[];
}

export class JamoIndex {
  private main: Run = { keys: [], ids: [] };
  private recent: Run = { keys: [], ids: [] };
  private recentSorted = true;
  private readonly removed = new Set<number>();

  /** @param minRecent keys kept in the small run before a merge is considered (default 1024). */
  constructor(private readonly minRecent = 1024) {}

  /** Builds the index from many keys at once: one sort instead of a merge every few thousand inserts. */
  static fromEntries(keys: readonly string[], ids: readonly number[]): JamoIndex {
    const index = new JamoIndex();
    index.main = sortRun({ keys: keys.map(flat), ids: [...ids] });
    return index;
  }

  /** Rebuilds an index from `snapshot()`'s output (already sorted, nothing removed). */
  static fromSnapshot(keys: string[], ids: number[]): JamoIndex {
    const index = new JamoIndex();
    index.main = { keys, ids };
    return index;
  }

  /** Every live key and id in sorted order, one run, for saving. */
  snapshot(): { keys: string[]; ids: number[] } {
    this.merge();
    return { keys: this.main.keys, ids: this.main.ids };
  }

  insert(key: string, id: number): void {
    this.recent.keys.push(flat(key));
    this.recent.ids.push(id);
    this.recentSorted = false;
    if (this.recent.keys.length > Math.max(this.minRecent, this.main.keys.length / 16)) this.merge();
  }

  /** Forgets an id; it is skipped from now on and dropped at the next merge. */
  remove(id: number): void {
    this.removed.add(id);
  }

  /** Ids stored under exactly `key`. */
  exact(key: string): IndexMatch[] {
    const out: IndexMatch[] = [];
    for (const run of this.runs())
      for (let i = lowerBound(run, key, 0); i < run.keys.length && run.keys[i] === key; i++)
        this.push(out, run.ids[i]!, 0);
    return out;
  }

  /**
   * Ids whose key starts with `prefix`, fewest extra characters first; whole distance levels are kept
   * until `atLeast` ids are collected, so callers can still rank within the last level.
   */
  withPrefix(prefix: string, atLeast: number): IndexMatch[] {
    const byDistance = new Map<number, IndexMatch[]>();
    for (const run of this.runs())
      for (let i = lowerBound(run, prefix, 0), end = lowerBound(run, prefix + AFTER_ALL, i); i < end; i++) {
        const d = run.keys[i]!.length - prefix.length;
        this.push((byDistance.get(d) ?? byDistance.set(d, []).get(d))!, run.ids[i]!, d);
      }
    const out: IndexMatch[] = [];
    for (const d of [...byDistance.keys()].sort((a, b) => a - b)) {
      if (out.length > 0 && out.length >= atLeast) break;
      out.push(...byDistance.get(d)!);
    }
    return out;
  }

  /**
   * Ids whose key is within `maxDistance` of `query` by optimal string alignment (Levenshtein plus
   * swapping two neighbours), counted in UTF-16 code units (jamo and Latin letters are one each).
   * One Levenshtein row per character of the current key, reused for the prefix it shares with the
   * key before; once a prefix's row minimum exceeds `maxDistance`, every key with that prefix is
   * skipped with a binary search. Every later row is at least that minimum (a swap costs at least
   * the step it replaces), so nothing within reach is skipped.
   * The first character must match: only keys that start like the query are walked. Meilisearch
   * counts a typo on the first letter as two; Kachi does not correct it at all, which bounds the walk
   * to one initial consonant's share of the dictionary (a two-typo walk over all of it took ~100 ms on
   * 100k Wikipedia passages).
   * @example keys ㄱㅓㅁㅅㅐㄱ (검색): withinDistance('ㄱㅓㅁㅅㅑㄱ' (검샥), 1) → [{ id, distance: 1 }]
   */
  withinDistance(query: string, maxDistance: number): IndexMatch[] {
    const out: IndexMatch[] = [];
    if (query === '') return out;
    const first = query.charCodeAt(0);
    for (const run of this.runs()) {
      const walk = new EditDistanceWalk(query, maxDistance);
      for (let i = lowerBound(run, query[0]!, 0); i < run.keys.length && run.keys[i]!.charCodeAt(0) === first;) {
        const key = run.keys[i]!;
        const prunedAt = walk.advance(key);
        if (prunedAt > 0) {
          i = skipPrefix(run, key, prunedAt, i + 1);
          continue;
        }
        const d = walk.distance(key.length);
        if (d <= maxDistance) this.push(out, run.ids[i]!, d);
        i++;
      }
    }
    return out;
  }

  private push(out: IndexMatch[], id: number, distance: number): void {
    if (!this.removed.has(id)) out.push({ id, distance });
  }

  private runs(): Run[] {
    if (!this.recentSorted) {
      this.recent = sortRun(this.recent);
      this.recentSorted = true;
    }
    return [this.main, this.recent];
  }

  private merge(): void {
    const recent = sortRun(this.recent);
    const main = this.main;
    const merged: Run = { keys: [], ids: [] };
    let i = 0;
    let k = 0;
    while (i < main.keys.length || k < recent.keys.length) {
      const fromMain =
        k >= recent.keys.length || (i < main.keys.length && compare(main.keys[i]!, recent.keys[k]!) <= 0);
      const key = fromMain ? main.keys[i]! : recent.keys[k]!;
      const id = fromMain ? main.ids[i++]! : recent.ids[k++]!;
      if (!this.removed.has(id)) {
        merged.keys.push(key);
        merged.ids.push(id);
      }
    }
    this.main = merged;
    this.recent = { keys: [], ids: [] };
    this.recentSorted = true;
    this.removed.clear();
  }
}

function sortRun(run: Run): Run {
  const order = run.keys
    .map((_, k) => k)
    .sort((a, b) => compare(run.keys[a]!, run.keys[b]!) || run.ids[a]! - run.ids[b]!);
  return { keys: order.map((k) => run.keys[k]!), ids: order.map((k) => run.ids[k]!) };
}

/**
 * First index ≥ from whose key does not start with `key.slice(0, length)`. Keys sharing a prefix are
 * contiguous and usually few, so the search gallops from `from` instead of bisecting the whole run.
 */
function skipPrefix(run: Run, key: string, length: number, from: number): number {
  const shares = (i: number) => {
    const other = run.keys[i]!;
    if (other.length < length) return false;
    for (let c = length - 1; c >= 0; c--) if (other.charCodeAt(c) !== key.charCodeAt(c)) return false;
    return true;
  };
  let step = 1;
  let lo = from; // every index < lo shares the prefix
  while (lo + step - 1 < run.keys.length && shares(lo + step - 1)) {
    lo += step;
    step *= 2;
  }
  let hi = Math.min(lo + step - 1, run.keys.length); // the first non-sharing index is in [lo, hi]
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (shares(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index ≥ from whose key is ≥ target. */
function lowerBound(run: Run, target: string, from: number): number {
  let lo = from;
  let hi = run.keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (run.keys[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Keys built by concatenation (es-hangul's disassemble) are rope strings in V8; reading them character
// by character in the walk is several times slower than reading a flat copy, made once here.
function flat(s: string): string {
  return s.length < 2 ? s : s.split('').join('');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
