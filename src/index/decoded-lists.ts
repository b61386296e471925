// Long posting lists decoded under given field factors, their documents and saturated pseudo-frequencies
// (posting-cursor.ts's saturate) in typed arrays, kept within one memory budget for the process (least
// recently used dropped first).
//
// Scoring reads the lists of a question window by window, a few dozen postings of each list at a time. From
// the varint bytes, each posting also loads its document's field factor from a segment-wide array, and
// these scattered loads miss the CPU cache. From decoded arrays it is two sequential reads: about 3x faster
// per posting in that access pattern (40 lists of 3,000 to 60,000 postings on full T2, 4,096-document windows:
// 12.7 vs 4.3 ns). Questions keep coming back to the same common words and bigrams, so a
// budget far smaller than the index holds the lists that cost the most.
//
// A saturated pseudo-frequency is a 32-bit float (8 bytes per posting with its document), rounded the same
// way when read from the bytes, so a result never depends on whether a list was decoded.

export interface DecodedList {
  /** Local documents, ascending. */
  docs: Int32Array;
  /** Saturated pseudo-frequency of each posting under the list's field factors. */
  sats: Float32Array;
}

/** 512 MiB: about 67 million postings. */
const DEFAULT_BUDGET = 512 * 1024 * 1024;
/** A list larger than this share of the budget is never kept: it would push out many others. */
const LARGEST_SHARE = 1 / 16;

let budget = DEFAULT_BUDGET;
let used = 0;
/** In order of last use, oldest first. Keyed by an object that lives as long as its list and factors do. */
const kept = new Map<object, DecodedList>();

/** The decoded list kept under `key`, now the most recently used; undefined when not kept. */
export function decodedList(key: object): DecodedList | undefined {
  const list = kept.get(key);
  if (list !== undefined) {
    kept.delete(key);
    kept.set(key, list);
  }
  return list;
}

/** Whether a list of this many postings may be kept. */
export function mayKeep(postings: number): boolean {
  return postings * BYTES_PER_POSTING <= budget * LARGEST_SHARE;
}

/** Keeps the list under `key`, dropping the least recently used ones to make room. */
export function keepDecodedList(key: object, list: DecodedList): void {
  const bytes = list.docs.byteLength + list.sats.byteLength;
  if (!mayKeep(list.docs.length) || kept.has(key)) return;
  used += bytes;
  kept.set(key, list);
  shrinkTo(budget);
}

/** Drops the list kept under `key`, if any: its field factors are out of date. */
export function dropDecodedList(key: object): void {
  const list = kept.get(key);
  if (list === undefined) return;
  kept.delete(key);
  used -= list.docs.byteLength + list.sats.byteLength;
}

/** Sets the budget in bytes (0 keeps nothing; tests compare the two paths) and returns the previous one. */
export function setDecodedListBudget(bytes: number): number {
  const previous = budget;
  budget = bytes;
  shrinkTo(budget);
  return previous;
}

const BYTES_PER_POSTING = Int32Array.BYTES_PER_ELEMENT + Float32Array.BYTES_PER_ELEMENT;

function shrinkTo(limit: number): void {
  for (const [key, list] of kept) {
    if (used <= limit) return;
    kept.delete(key);
    used -= list.docs.byteLength + list.sats.byteLength;
  }
}
