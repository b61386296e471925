// Scores one segment window by window, with block-max MaxScore pruning (Turtle & Flood 1995; per window as
// in Lucene's MaxScoreBulkScorer). The segment's documents are cut into windows of WINDOW documents. In each
// one, a clause (a unit with its variants, or a bigram) is bounded by the largest score its postings can give
// there, from the block maxima of the skip tables. Clauses are taken in decreasing order of that bound:
// - A window whose bounds sum to less than the k-th best score found so far (the threshold) is skipped whole.
// - The essential clauses, the first ones until the bounds left sum to less than the threshold, are read
//   through: every document they find there becomes a candidate. No other document can reach the threshold.
// - The others only complete the candidates that can still reach it: by probing them through the skip
//   tables, or by one pass over the window's postings. A candidate drops out as soon as even the bounds left
//   cannot lift it to the threshold. Ties are kept, so the result is exact.
//
// Long questions have dozens of clauses (units and Hangul bigrams). Bounded over the whole segment (MaxScore
// alone), their bounds summed far above the threshold, nearly every list was read through, and into
// segment-wide arrays that did not fit in the CPU cache. In a window, a rare clause without a posting there
// bounds nothing, so fewer clauses are essential; the window's arrays stay in the cache; and long lists are
// read from their decoded arrays (decoded-lists.ts) while those are kept.
//
// Term at a time within a window beat document at a time: in JavaScript a tight loop over one varint list
// into a typed array costs a few nanoseconds per posting, while a document-at-a-time step over twenty
// cursors cost close to a microsecond per document (measured on T2, 100k passages).
import type { Segment } from '../index/segment.ts';
import { openCursor, SKIP_MIN_POSTINGS, type PostingCursor } from '../index/posting-cursor.ts';
import { fieldFactors } from '../rank/field-factors.ts';
import type { Bm25fParams, FieldStatistics } from '../rank/bm25f.ts';
import type { Bitset } from '../index/bitset.ts';
import type { QueryPlan } from './plan.ts';
import { kthLargest, topIndexes } from './top-k.ts';

export interface SegmentScoring {
  stats: FieldStatistics;
  params: Bm25fParams;
  bigramWeight: number;
  /** Live ∩ filter. */
  allowed: Bitset;
  idfOf(term: string): number;
}

/** What one segment yields: its best candidates (at most k, unordered) and how many documents matched. */
export interface SegmentResult {
  locals: number[];
  scores: number[];
  masks: number[];
  /** Matching documents: exact when nothing was pruned, else a lower bound. */
  matched: number;
}

interface ClauseList {
  cursor: PostingCursor;
  /** weight · idf · (k1 + 1): a posting scores scale · pf / (pf + k1), the cursor's `sat`. */
  scale: number;
}

interface Clause {
  lists: ClauseList[];
  /** The unit's bit in the match mask; 0 for bigrams. */
  bit: number;
  /** No posting of the clause scores more in the current window. */
  windowBound: number;
}

/**
 * Documents per window: a multiple of 32. Smaller windows bound the clauses more tightly but cost a bound per
 * clause each. On the slowest T2 questions, 1,024 to 16,384 differed by less than 10 %; 4,096 keeps the window's
 * arrays (~90 kB) near the CPU.
 */
const WINDOW = 4096;
/** A candidate count this small a fraction of a list's postings in the window is probed, not read. */
const PROBE_RATIO = 8;

/**
 * Scores the segment and returns its `k` best candidates (all of them when k is Infinity), pruning
 * documents that cannot beat `threshold` — a lower bound of the global k-th best score, from the
 * segments already scored (-Infinity when unknown).
 */
export function scoreSegment(segment: Segment, plan: QueryPlan, scoring: SegmentScoring, k: number, threshold: number, requireAll: boolean): SegmentResult {
  const factors = fieldFactors(segment, scoring.stats, scoring.params);
  const k1 = scoring.params.k1;
  const clauses: Clause[] = [];
  let longest = 0;
  const addClause = (variants: ReadonlyArray<{ term: string; weight: number }>, weight: number, bit: number): void => {
    const lists: ClauseList[] = [];
    for (const v of variants) {
      const ordinal = segment.findTerm(v.term);
      if (ordinal < 0) continue;
      lists.push({ cursor: openCursor(segment, ordinal, factors, k1), scale: weight * v.weight * scoring.idfOf(v.term) * (k1 + 1) });
      longest = Math.max(longest, segment.data.docFreq[ordinal]!);
    }
    if (lists.length > 0) clauses.push({ lists, bit, windowBound: 0 });
  };
  plan.units.forEach((unit, u) => addClause(unit.variants, 1, 1 << Math.min(u, 31)));
  for (const bigram of plan.bigrams) addClause([bigram], scoring.bigramWeight, 0);

  const scorer = new WindowScorer(segment, k1, scoring.allowed);
  try {
    const result = scorer.run(clauses, k, threshold, requireAll ? fullMask(plan) : null);
    if (result.pruned) result.matched = Math.max(result.matched, longest);
    return { locals: result.locals, scores: result.scores, masks: result.masks, matched: Math.min(result.matched, segment.docCount) };
  } finally {
    scorer.release();
  }
}

/**
 * The allowed set in the segment's local numbering. Looking each posting's global number up instead
 * touched one more scattered array per posting; a segment's numbers are usually consecutive, and then
 * this is a shifted copy of the allowed words.
 */
function allowedLocals(segment: Segment, allowed: Bitset): Uint32Array {
  const docNums = segment.data.docNums;
  const n = docNums.length;
  const out = new Uint32Array((n + 31) >>> 5);
  const words = allowed.words;
  const first = segment.minDoc;
  if (n > 0 && segment.maxDoc - first === n - 1) {
    const shift = first & 31;
    const base = first >>> 5;
    for (let w = 0; w < out.length; w++) {
      const low = words[base + w] ?? 0;
      const high = words[base + w + 1] ?? 0;
      out[w] = shift === 0 ? low : (low >>> shift) | (high << (32 - shift));
    }
    if ((n & 31) !== 0) out[out.length - 1]! &= (1 << (n & 31)) - 1;
  } else
    for (let local = 0; local < n; local++) {
      const doc = docNums[local]!;
      if ((words[doc >>> 5]! & (1 << (doc & 31))) !== 0) out[local >>> 5]! |= 1 << (local & 31);
    }
  return out;
}

function fullMask(plan: QueryPlan): number {
  return plan.units.reduce((m, _, u) => m | (1 << Math.min(u, 31)), 0) >>> 0;
}

/**
 * One window's work arrays, shared by every call: scoring is synchronous. Indexed by document − window start;
 * every entry is back to zero between windows.
 */
const shared = {
  scores: new Float64Array(WINDOW),
  /** The best variant score of the unit being read. */
  best: new Float64Array(WINDOW),
  masks: new Uint32Array(WINDOW),
  /** Bit i: document i has a score. */
  touched: new Uint32Array(WINDOW >>> 5),
  /** Bit i: document i is a candidate, which the clause being completed must update. */
  kept: new Uint32Array(WINDOW >>> 5),
  /** The candidates, ascending: candidates[0 .. count). */
  candidates: new Int32Array(WINDOW),
  /** Documents with a variant score in the unit being read: unitDocs[0 .. unitCount). */
  unitDocs: new Int32Array(WINDOW),
  /** A list's postings in the window, decoded from its bytes (at most one per document). */
  windowDocs: new Int32Array(WINDOW),
  windowSats: new Float32Array(WINDOW),
  busy: false,
};

/** Scores a segment's windows one after the other, keeping the documents that reach the threshold. */
class WindowScorer {
  private readonly scores = shared.scores;
  private readonly best = shared.best;
  private readonly masks = shared.masks;
  private readonly touched = shared.touched;
  private readonly kept = shared.kept;
  private readonly candidates = shared.candidates;
  private readonly unitDocs = shared.unitDocs;
  private unitCount = 0;
  /** Bit `local` set when the document may be returned. */
  private readonly allowedLocals: Uint32Array;
  /** Documents found by the clauses read through. */
  private matched = 0;
  /** Documents that reached the threshold when their window was done (later ones may have raised it since). */
  private readonly results = { locals: [] as number[], scores: [] as number[], masks: [] as number[] };

  constructor(
    private readonly segment: Segment,
    private readonly k1: number,
    allowed: Bitset,
  ) {
    if (shared.busy) throw new Error('scoreSegment is not re-entrant');
    this.allowedLocals = allowedLocals(segment, allowed);
    // last: from here on the shared arrays are held, and the caller releases them in a finally
    shared.busy = true;
  }

  run(clauses: readonly Clause[], k: number, threshold: number, requiredMask: number | null) {
    // Documents that miss a required unit do not count towards the k best: no pruning then.
    const canPrune = k !== Infinity && requiredMask === null;
    if (!canPrune) threshold = -Infinity;
    const m = clauses.length;
    const order = clauses.map((_, i) => i);
    // boundsFrom[i]: the window bounds of the clauses order[i…] summed (exactly 0 past the last: no rounding drift)
    const boundsFrom = new Float64Array(m + 1);
    let pruned = false;
    const docCount = this.segment.docCount;
    for (let from = 0; from < docCount; from += WINDOW) {
      const to = Math.min(from + WINDOW, docCount);
      let total = 0;
      for (const c of clauses) total += c.windowBound = this.windowBound(c, from, to);
      if (total === 0) continue;
      if (total < threshold) {
        pruned = true;
        continue;
      }
      sortByWindowBound(order, clauses);
      for (let i = m - 1; i >= 0; i--) boundsFrom[i] = boundsFrom[i + 1]! + clauses[order[i]!]!.windowBound;
      let essential = 0;
      while (essential < m && boundsFrom[essential]! >= threshold) this.readClause(clauses[order[essential++]!]!, from, to, 0);
      const matchedBefore = this.matched;
      let count = this.collect(boundsFrom[essential]!, threshold);
      // Filtering the candidates costs a pass over them: worth it once the bounds left have shrunk by a quarter.
      let filteredWith = boundsFrom[essential]!;
      for (let i = essential; i < m && count > 0; i++) {
        const c = clauses[order[i]!]!;
        if (c.windowBound === 0) break; // so are the rest: sorted
        pruned = true;
        if (boundsFrom[i]! < 0.75 * filteredWith) count = this.keep(count, (filteredWith = boundsFrom[i]!), threshold);
        if (count > 0) this.readClause(c, from, to, count);
      }
      count = this.keep(count, 0, threshold);
      const added = this.takeResults(from, count, requiredMask);
      this.clearWindow(this.matched - matchedBefore);
      if (canPrune && added > 0 && this.results.scores.length >= k) threshold = this.raiseThreshold(k, threshold);
    }
    const { locals, scores, masks } = this.results;
    const best = k === Infinity || scores.length <= k ? null : topIndexes(scores, locals, k);
    return {
      locals: best ? best.map((i) => locals[i]!) : locals,
      scores: best ? best.map((i) => scores[i]!) : scores,
      masks: best ? best.map((i) => masks[i]!) : masks,
      matched: requiredMask === null ? this.matched : scores.length,
      pruned,
    };
  }

  /** Hands the shared arrays back (every entry is zero again). */
  release(): void {
    shared.busy = false;
  }

  /** The largest score the clause's postings can give in documents [from, to); 0 when it has none there. */
  private windowBound(c: Clause, from: number, to: number): number {
    let bound = 0;
    for (const list of c.lists) {
      const b = list.scale * list.cursor.maxSatIn(from, to);
      if (b > bound) bound = b;
    }
    return bound;
  }

  /**
   * Adds the clause's scores in the window [from, to): to every document when `candidateCount` is 0 (an
   * essential clause, whose documents become candidates), else to the candidates only. A unit of several variants
   * keeps the best of them per document; a bigram, or a unit of one variant (most of them), adds its scores directly.
   */
  private readClause(c: Clause, from: number, to: number, candidateCount: number): void {
    const viaBest = c.bit !== 0 && c.lists.length > 1;
    const only = candidateCount > 0;
    for (const list of c.lists) {
      const cursor = list.cursor;
      if (cursor.local >= to) continue;
      // Probing costs a skip-table search and up to a block's decoding per candidate: worth it for few candidates in a long list.
      if (only && cursor.count >= SKIP_MIN_POSTINGS && candidateCount * PROBE_RATIO * this.segment.docCount < cursor.count * (to - from)) this.probe(list, from, candidateCount, viaBest, c.bit);
      else {
        cursor.advance(from);
        this.readWindow(list, from, to, only, viaBest, c.bit);
      }
    }
    if (viaBest) this.foldUnit(c.bit, !only);
  }

  /** Adds the list's scores to the candidates it holds, seeking each through the skip table. */
  private probe(list: ClauseList, from: number, count: number, viaBest: boolean, bit: number): void {
    const { cursor, scale } = list;
    const candidates = this.candidates;
    for (let j = 0; j < count; j++) {
      const doc = candidates[j]!;
      cursor.advance(from + doc);
      if (cursor.local !== from + doc || cursor.sat <= 0) continue;
      const score = scale * cursor.sat;
      if (!viaBest) {
        this.scores[doc]! += score;
        this.masks[doc]! |= bit;
      } else if (score > this.best[doc]!) {
        if (this.best[doc] === 0) this.unitDocs[this.unitCount++] = doc;
        this.best[doc] = score;
      }
    }
  }

  /**
   * Reads the list's postings from its cursor (at or after `from`) up to `to`, and leaves the cursor on the first one
   * past: a decoded list from its arrays, another one decoded into the window's scratch arrays first.
   */
  private readWindow(list: ClauseList, from: number, to: number, only: boolean, viaBest: boolean, bit: number): void {
    const cursor = list.cursor;
    if (cursor.local >= to) return;
    if (cursor.docs === null) {
      const count = cursor.fill(to, shared.windowDocs, shared.windowSats);
      this.scorePostings(shared.windowDocs, shared.windowSats, 0, count, list.scale, from, to, only, viaBest, bit);
      return;
    }
    cursor.index = this.scorePostings(cursor.docs, cursor.sats!, cursor.index - 1, cursor.count, list.scale, from, to, only, viaBest, bit);
    cursor.next(); // onto the first posting past the window, as the bytes would leave it
  }

  /**
   * Scores postings[start …] while their document is below `to`, and returns where it stopped. Unless `only`, each
   * allowed document gets the score (and the unit's `bit` in its mask) and becomes touched; with `only`, just the
   * candidates (bit set in `kept`) are updated. `viaBest`: the list is one variant of several of a unit, whose scores
   * go to `best` (foldUnit adds the best of them). Most postings read go through this loop: everything it needs is
   * in locals, and it calls nothing.
   */
  private scorePostings(
    docs: Int32Array,
    sats: Float32Array,
    start: number,
    count: number,
    scale: number,
    from: number,
    to: number,
    only: boolean,
    viaBest: boolean,
    bit: number,
  ): number {
    const { allowedLocals, scores, masks, best, touched, kept, unitDocs } = this;
    let unitCount = this.unitCount;
    let i = start;
    for (; i < count; i++) {
      const local = docs[i]!;
      if (local >= to) break;
      const sat = sats[i]!;
      if (sat <= 0 || (allowedLocals[local >>> 5]! & (1 << (local & 31))) === 0) continue;
      const doc = local - from;
      if (only && (kept[doc >>> 5]! & (1 << (doc & 31))) === 0) continue;
      const s = scale * sat;
      if (viaBest) {
        if (s > best[doc]!) {
          if (best[doc] === 0) unitDocs[unitCount++] = doc;
          best[doc] = s;
        }
      } else {
        scores[doc]! += s;
        masks[doc]! |= bit;
        if (!only) touched[doc >>> 5]! |= 1 << (doc & 31);
      }
    }
    this.unitCount = unitCount;
    return i;
  }

  /** Adds the unit's best variant score to each document it matched (touching them when `open`), then clears `best`. */
  private foldUnit(bit: number, open: boolean): void {
    const { best, scores, masks, touched, unitDocs } = this;
    for (let i = 0; i < this.unitCount; i++) {
      const doc = unitDocs[i]!;
      if (open) touched[doc >>> 5]! |= 1 << (doc & 31);
      scores[doc]! += best[doc]!;
      masks[doc]! |= bit;
      best[doc] = 0;
    }
    this.unitCount = 0;
  }

  /**
   * Lists, in ascending order, the touched documents whose score plus the bounds left reaches the threshold
   * (ties kept: the result stays exact), marking them in `kept`; returns how many.
   */
  private collect(remaining: number, threshold: number): number {
    const { touched, kept, scores, candidates } = this;
    let count = 0;
    for (let w = 0; w < touched.length; w++) {
      let word = touched[w]!;
      while (word !== 0) {
        const lowest = word & -word;
        word ^= lowest;
        this.matched++;
        const doc = (w << 5) | (31 - Math.clz32(lowest));
        if (scores[doc]! + remaining < threshold) continue;
        candidates[count++] = doc;
        kept[w]! |= lowest;
      }
    }
    return count;
  }

  /** Keeps the candidates whose score plus the bounds left reaches the threshold; returns how many. */
  private keep(count: number, remaining: number, threshold: number): number {
    const { candidates, scores, kept } = this;
    let out = 0;
    for (let i = 0; i < count; i++) {
      const doc = candidates[i]!;
      if (scores[doc]! + remaining >= threshold) candidates[out++] = doc;
      else kept[doc >>> 5]! &= ~(1 << (doc & 31));
    }
    return out;
  }

  /** Moves the window's remaining candidates (those with every unit, given a required mask) to the results. */
  private takeResults(from: number, count: number, requiredMask: number | null): number {
    const { candidates, scores, masks, results } = this;
    let added = 0;
    for (let i = 0; i < count; i++) {
      const doc = candidates[i]!;
      if (requiredMask !== null && masks[doc] !== requiredMask) continue;
      results.locals.push(from + doc);
      results.scores.push(scores[doc]!);
      results.masks.push(masks[doc]!);
      added++;
    }
    return added;
  }

  /** Zeroes the window's scores, masks and marks, for the next window; `touchedCount` documents have a score. */
  private clearWindow(touchedCount: number): void {
    const { touched, kept, scores, masks } = this;
    if (touchedCount > WINDOW / 16) {
      // dense: filling the arrays costs less than finding the documents
      scores.fill(0);
      masks.fill(0);
      touched.fill(0);
      kept.fill(0);
      return;
    }
    for (let w = 0; w < touched.length; w++) {
      let word = touched[w]!;
      if (word === 0) continue;
      touched[w] = 0;
      kept[w] = 0;
      while (word !== 0) {
        const lowest = word & -word;
        word ^= lowest;
        const doc = (w << 5) | (31 - Math.clz32(lowest));
        scores[doc] = 0;
        masks[doc] = 0;
      }
    }
  }

  /** The k-th best result score (or `floor` when higher); results below it are dropped. */
  private raiseThreshold(k: number, floor: number): number {
    const { locals, scores, masks } = this.results;
    const threshold = Math.max(floor, kthLargest(Float64Array.from(scores), k));
    let out = 0;
    for (let i = 0; i < scores.length; i++) {
      if (scores[i]! < threshold) continue;
      locals[out] = locals[i]!;
      scores[out] = scores[i]!;
      masks[out++] = masks[i]!;
    }
    locals.length = scores.length = masks.length = out;
    return threshold;
  }
}

/** Orders the clause indexes by decreasing window bound (insertion sort: a few dozen, mostly in order already). */
function sortByWindowBound(order: number[], clauses: readonly Clause[]): void {
  for (let i = 1; i < order.length; i++) {
    const index = order[i]!;
    const bound = clauses[index]!.windowBound;
    let j = i - 1;
    while (j >= 0 && clauses[order[j]!]!.windowBound < bound) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = index;
  }
}
