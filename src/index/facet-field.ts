// One faceted dot path: its value dictionaries, sorted key arrays for ranges and prefixes,
// and the EXISTS / IS NULL / IS EMPTY document sets.
import { Bitset } from './bitset.ts';
import { Postings } from './facet-postings.ts';
import { compareCodePoints } from './facet-values.ts';

/** One distinct value of one field, shared by every document holding it. */
export interface FacetValue {
  readonly field: number;
  /** Normalized string, or a number. */
  readonly key: string | number;
  /** The first spelling seen, which facetDistribution shows ('Drama' for key 'drama'); '' for numbers. */
  original: string;
  readonly docs: Postings;
}

/**
 * The FacetValue implementation: a value is its own posting list (`docs` is `this`), so an index of
 * 625k distinct values allocates 625k objects rather than twice that.
 */
export class FacetEntry extends Postings implements FacetValue {
  constructor(
    readonly field: number,
    readonly key: string | number,
    public original: string,
  ) {
    super();
  }

  get docs(): Postings {
    return this;
  }
}

/** One end of a range; null means unbounded. */
export type Bound<T> = { value: T; inclusive: boolean } | null;

interface SortedKeys<T> {
  keys: ArrayLike<T>;
  vids: Int32Array;
}

export class FacetField {
  readonly exists = new Bitset(0);
  readonly nulls = new Bitset(0);
  readonly empties = new Bitset(0);
  /** Normalized string → value id. */
  private readonly strings = new KeyIndex<string>(sortStrings, compareCodePoints);
  /** Number → value id (-0 and 0 are one key, as we want). */
  private readonly numbers = new KeyIndex<number>(sortNumbers, (a, b) => a - b);

  constructor(
    readonly name: string,
    private values: ReadonlyArray<FacetValue | undefined>,
  ) {}

  /** Points the field at a new value table (after loading). */
  rebind(values: ReadonlyArray<FacetValue | undefined>): void {
    this.values = values;
  }

  /**
   * Loads this field's values from `values[start..end)`, which must hold its numbers ascending and
   * then its strings in code point order (the saved layout). Only sorted arrays are built: the
   * hash dictionaries wait for the first change, which keeps loading 625k values fast.
   */
  adoptSorted(start: number, end: number): void {
    let split = start;
    while (split < end && typeof this.value(split).key === 'number') split++;
    const numberKeys = new Float64Array(split - start);
    const stringKeys: string[] = new Array<string>(end - split);
    for (let vid = start; vid < split; vid++) numberKeys[vid - start] = this.value(vid).key as number;
    for (let vid = split; vid < end; vid++) stringKeys[vid - split] = this.value(vid).key as string;
    this.numbers.adopt({ keys: numberKeys, vids: range(start, split) });
    this.strings.adopt({ keys: stringKeys, vids: range(split, end) });
  }

  /** Number of distinct values. */
  get valueCount(): number {
    return this.strings.size + this.numbers.size;
  }

  /** Value id of a normalized string or a number, if some document holds it. */
  idOf(key: string | number): number | undefined {
    return typeof key === 'number' ? this.numbers.get(key) : this.strings.get(key);
  }

  /** Records a new key (the FacetIndex owns value ids). */
  setId(key: string | number, vid: number): void {
    if (typeof key === 'number') this.numbers.set(key, vid);
    else this.strings.set(key, vid);
  }

  deleteKey(key: string | number): void {
    if (typeof key === 'number') this.numbers.delete(key);
    else this.strings.delete(key);
  }

  /** Value ids whose number lies between the bounds, ascending. */
  numberRange(lower: Bound<number>, upper: Bound<number>): Int32Array {
    return slice(this.numbers.sorted(), lower, upper, (a, b) => a - b);
  }

  /** Value ids whose normalized string lies between the bounds, in code point order. */
  stringRange(lower: Bound<string>, upper: Bound<string>): Int32Array {
    return slice(this.strings.sorted(), lower, upper, compareCodePoints);
  }

  /** Value ids whose normalized string starts with `prefix`. */
  stringPrefix(prefix: string): Int32Array {
    const { keys, vids } = this.strings.sorted();
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

// Native sorts: a typed-array sort for numbers, the default string sort unless some key has a
// surrogate pair (only then does UTF-16 order differ from code point order).
function sortNumbers(map: Map<number, number>): SortedKeys<number> {
  const keys = new Float64Array(map.size);
  let i = 0;
  for (const key of map.keys()) keys[i++] = key;
  keys.sort();
  const vids = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) vids[j] = map.get(keys[j]!)!;
  return { keys, vids };
}

function sortStrings(map: Map<string, number>): SortedKeys<string> {
  const keys = [...map.keys()];
  if (keys.some((key) => /[\ud800-\udfff]/.test(key))) keys.sort(compareCodePoints);
  else keys.sort();
  const vids = new Int32Array(keys.length);
  for (let j = 0; j < keys.length; j++) vids[j] = map.get(keys[j]!)!;
  return { keys, vids };
}

/**
 * Key → value id, held as a hash map, a sorted array, or both. Lookups use whichever exists;
 * changes need the map (built from the array on demand) and drop the array until the next range query.
 */
class KeyIndex<K extends string | number> {
  private map: Map<K, number> | null = new Map();
  private sortedKeys: SortedKeys<K> | null = null;

  constructor(
    private readonly sortMap: (map: Map<K, number>) => SortedKeys<K>,
    private readonly compare: (a: K, b: K) => number,
  ) {}

  get size(): number {
    return this.map !== null ? this.map.size : this.sortedKeys!.keys.length;
  }

  get(key: K): number | undefined {
    if (this.map !== null) return this.map.get(key);
    const { keys, vids } = this.sortedKeys!;
    const at = lowerBound(keys, key, this.compare, true);
    return at < keys.length && this.compare(keys[at]!, key) === 0 ? vids[at] : undefined;
  }

  set(key: K, vid: number): void {
    this.dictionary().set(key, vid);
    this.sortedKeys = null;
  }

  delete(key: K): void {
    this.dictionary().delete(key);
    this.sortedKeys = null;
  }

  sorted(): SortedKeys<K> {
    this.sortedKeys ??= this.sortMap(this.map!);
    return this.sortedKeys;
  }

  adopt(sorted: SortedKeys<K>): void {
    this.sortedKeys = sorted;
    this.map = null;
  }

  private dictionary(): Map<K, number> {
    if (this.map === null) {
      const { keys, vids } = this.sortedKeys!;
      this.map = new Map();
      for (let i = 0; i < keys.length; i++) this.map.set(keys[i]!, vids[i]!);
    }
    return this.map;
  }
}

function range(start: number, end: number): Int32Array {
  const out = new Int32Array(end - start);
  for (let i = 0; i < out.length; i++) out[i] = start + i;
  return out;
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
function lowerBound<T>(keys: ArrayLike<T>, target: T, compare: (a: T, b: T) => number, inclusive: boolean): number {
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
