// One faceted dot path: its value dictionaries, sorted key arrays for ranges and prefixes,
// and the EXISTS / IS NULL / IS EMPTY document sets.
import { Bitset } from './bitset.ts';
import type { Postings } from './facet-postings.ts';
import { compareCodePoints } from './facet-values.ts';

/** One distinct value of one field, shared by every document holding it. */
export interface FacetValue {
  readonly field: number;
  /** Normalized string, or a number. */
  readonly key: string | number;
  /** The first spelling seen, which facetDistribution shows ('Drama' for key 'drama'). */
  original: string;
  readonly docs: Postings;
}

/** One end of a range; null means unbounded. */
export type Bound<T> = { value: T; inclusive: boolean } | null;

interface SortedKeys<T> {
  keys: T[];
  vids: Int32Array;
}

export class FacetField {
  readonly exists = new Bitset(0);
  readonly nulls = new Bitset(0);
  readonly empties = new Bitset(0);
  /** Normalized string → value id. */
  readonly strings = new Map<string, number>();
  /** Number → value id (Map keys treat -0 and 0 alike, as we want). */
  readonly numbers = new Map<number, number>();
  private sortedStrings: SortedKeys<string> | null = null;
  private sortedNumbers: SortedKeys<number> | null = null;

  constructor(
    readonly name: string,
    private readonly values: ReadonlyArray<FacetValue | undefined>,
  ) {}

  /** Call when a key appears or disappears; sorted arrays are rebuilt on the next range query. */
  invalidate(): void {
    this.sortedStrings = null;
    this.sortedNumbers = null;
  }

  /** Value ids whose number lies between the bounds, ascending. */
  numberRange(lower: Bound<number>, upper: Bound<number>): Int32Array {
    this.sortedNumbers ??= sortKeys(this.numbers, (a, b) => a - b);
    return slice(this.sortedNumbers, lower, upper, (a, b) => a - b);
  }

  /** Value ids whose normalized string lies between the bounds, in code point order. */
  stringRange(lower: Bound<string>, upper: Bound<string>): Int32Array {
    this.sortedStrings ??= sortKeys(this.strings, compareCodePoints);
    return slice(this.sortedStrings, lower, upper, compareCodePoints);
  }

  /** Value ids whose normalized string starts with `prefix`. */
  stringPrefix(prefix: string): Int32Array {
    this.sortedStrings ??= sortKeys(this.strings, compareCodePoints);
    const { keys, vids } = this.sortedStrings;
    const start = lowerBound(keys, prefix, compareCodePoints, true);
    let end = start;
    while (end < keys.length && keys[end]!.startsWith(prefix)) end++;
    return vids.subarray(start, end);
  }

  /** All value ids: numbers ascending, then strings in code point order (Meilisearch's alpha order). */
  sortedValueIds(): Int32Array {
    const numbers = this.numberRange(null, null);
    const strings = this.stringRange(null, null);
    const out = new Int32Array(numbers.length + strings.length);
    out.set(numbers);
    out.set(strings, numbers.length);
    return out;
  }

  value(vid: number): FacetValue {
    const value = this.values[vid];
    if (value === undefined) throw new Error(`facet value ${vid} of \`${this.name}\` is missing`);
    return value;
  }
}

function sortKeys<T>(map: Map<T, number>, compare: (a: T, b: T) => number): SortedKeys<T> {
  const entries = [...map.entries()].sort((a, b) => compare(a[0], b[0]));
  return { keys: entries.map((e) => e[0]), vids: Int32Array.from(entries, (e) => e[1]) };
}

function slice<T>(sorted: SortedKeys<T>, lower: Bound<T>, upper: Bound<T>, compare: (a: T, b: T) => number): Int32Array {
  const { keys, vids } = sorted;
  if (lower !== null && upper !== null) {
    const order = compare(lower.value, upper.value);
    // `5 TO 1` selects nothing, as in Meilisearch; so does an empty open interval.
    if (order > 0 || (order === 0 && !(lower.inclusive && upper.inclusive))) return new Int32Array(0);
  }
  const start = lower === null ? 0 : lowerBound(keys, lower.value, compare, lower.inclusive);
  const end = upper === null ? keys.length : lowerBound(keys, upper.value, compare, !upper.inclusive);
  return vids.subarray(start, Math.max(start, end));
}

/** First index whose key is ≥ `target` (or > `target` when `inclusive` is false). */
function lowerBound<T>(keys: T[], target: T, compare: (a: T, b: T) => number, inclusive: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const order = compare(keys[mid]!, target);
    if (order < 0 || (order === 0 && !inclusive)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
