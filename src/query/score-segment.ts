// Scores one segment term at a time, with MaxScore's pruning (Turtle & Flood 1995, in its original
// term-at-a-time form): clauses (a unit with its variants, or a bigram) are read in decreasing order of
// their score bound into a dense accumulator array. Once the bounds of the clauses left sum to no more
// than the k-th best partial score (a lower bound of the final k-th score), no unseen document can enter
// the top k (ties included, so the result is exact): the remaining clauses only complete the scores of
// the candidates that still can, by
// probing them through the skip tables, or by one pass over a short list, and candidates drop out as
// soon as even the remaining bounds cannot lift them past the threshold.
//
// Term at a time beat document at a time here: in JavaScript a tight loop over one varint list into a
// typed array costs a few nanoseconds per posting, while a document-at-a-time step over twenty cursors
// cost close to a microsecond per document (measured on T2, 100k passages).
import { MULTI_FIELD, type Segment } from '../index/segment.ts';
import { listMaxPf, openCursor, SKIP_MIN_POSTINGS } from '../index/posting-cursor.ts';
import { fieldFactors } from '../rank/field-factors.ts';
import type { Bm25fParams, FieldStatistics } from '../rank/bm25f.ts';
import type { Bitset } from '../index/bitset.ts';
import type { QueryPlan } from './plan.ts';
import { kthLargest, topLocals } from './top-k.ts';

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

interface Clause {
  ordinals: number[];
  /** weight · idf · (k1 + 1) per list: a posting scores scale · pf / (pf + k1). */
  scales: number[];
  /** No posting of the clause scores more. */
  bound: number;
  /** The unit's bit in the match mask; 0 for bigrams. */
  bit: number;
}

/** A candidate whose remaining bound is this small a fraction of a list's length is probed, not read. */
const PROBE_RATIO = 8;

/**
 * Scores the segment and returns its `k` best candidates (all of them when k is Infinity), pruning
 * documents that cannot beat `threshold` — a lower bound of the global k-th best score, from the
 * segments already scored (-Infinity when unknown).
 */
export function scoreSegment(segment: Segment, plan: QueryPlan, scoring: SegmentScoring, k: number, threshold: number, requireAll: boolean): SegmentResult {
  const data = segment.data;
  const factors = fieldFactors(segment, scoring.stats, scoring.params);
  const k1 = scoring.params.k1;
  const clauses: Clause[] = [];
  const addClause = (variants: ReadonlyArray<{ term: string; weight: number }>, weight: number, bit: number): void => {
    const c: Clause = { ordinals: [], scales: [], bound: 0, bit };
    for (const v of variants) {
      const ordinal = segment.findTerm(v.term);
      if (ordinal < 0) continue;
      const scale = weight * v.weight * scoring.idfOf(v.term) * (k1 + 1);
      const maxPf = data.docFreq[ordinal]! >= SKIP_MIN_POSTINGS ? listMaxPf(segment, ordinal, factors) : Infinity;
      c.bound = Math.max(c.bound, maxPf === Infinity ? scale : (scale * maxPf) / (maxPf + k1));
      c.ordinals.push(ordinal);
      c.scales.push(scale);
    }
    if (c.ordinals.length > 0) clauses.push(c);
  };
  plan.units.forEach((unit, u) => addClause(unit.variants, 1, 1 << Math.min(u, 31)));
  for (const bigram of plan.bigrams) addClause([bigram], scoring.bigramWeight, 0);
  clauses.sort((a, b) => b.bound - a.bound);

  const acc = new Accumulator(segment, factors, k1, scoring.allowed);
  try {
    return acc.run(clauses, k, threshold, requireAll ? fullMask(plan) : null);
  } finally {
    acc.release();
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
 * Work arrays shared by every call, grown to the largest segment: scoring is synchronous, and fresh
 * arrays per segment and query (about 1 MB for 64k documents) cost page faults and garbage collection
 * on every posting they first touched. Every entry is back to zero between calls.
 */
const shared = {
  capacity: 0,
  scores: new Float64Array(0),
  best: new Float64Array(0),
  masks: new Uint32Array(0),
  /** 0: unseen; 1: a candidate; 2: a candidate that the list being read must update. */
  seen: new Uint8Array(0),
  touched: new Int32Array(0),
  unitLocals: new Int32Array(0),
  busy: false,
};

function workArrays(n: number): typeof shared {
  if (shared.busy) throw new Error('scoreSegment is not re-entrant');
  if (n > shared.capacity) {
    const capacity = Math.max(n, Math.ceil(shared.capacity * 1.5));
    Object.assign(shared, {
      capacity,
      scores: new Float64Array(capacity),
      best: new Float64Array(capacity),
      masks: new Uint32Array(capacity),
      seen: new Uint8Array(capacity),
      touched: new Int32Array(capacity),
      unitLocals: new Int32Array(capacity),
    });
  }
  shared.busy = true;
  return shared;
}

/** Scratch bitmap of `ascending`, all zero between calls: grown, never freed. */
let ascendingBits = new Uint32Array(0);

/**
 * The locals (distinct) in ascending order, in place. Marking them in a bitmap and reading it back costs one pass
 * over the segment's words (~20,000 for 624k passages); sorting the candidates of a long question on full T2 (up
 * to hundreds of thousands) cost milliseconds. Few candidates are sorted instead.
 */
function ascending(locals: Int32Array, docCount: number): Int32Array {
  const words = (docCount + 31) >>> 5;
  if (locals.length * 32 < words) return locals.sort();
  if (ascendingBits.length < words) ascendingBits = new Uint32Array(words);
  const bits = ascendingBits;
  for (let i = 0; i < locals.length; i++) {
    const local = locals[i]!;
    bits[local >>> 5]! |= 1 << (local & 31);
  }
  let n = 0;
  for (let w = 0; w < words; w++) {
    let word = bits[w]!;
    if (word === 0) continue;
    bits[w] = 0;
    while (word !== 0) {
      const lowest = word & -word;
      locals[n++] = (w << 5) | (31 - Math.clz32(lowest));
      word ^= lowest;
    }
  }
  return locals;
}

/** Scratch for kthScore, which runs several times per query over thousands of candidates: grown, never freed. */
let kthValues = new Float64Array(1024);

/** Dense per-segment scores and masks, filled one posting list at a time. */
class Accumulator {
  private readonly scores: Float64Array;
  private readonly masks: Uint32Array;
  private readonly best: Float64Array;
  private readonly seen: Uint8Array;
  /** Locals with a score, in the order first seen: touched[0 .. touchedCount). */
  private readonly touched: Int32Array;
  private touchedCount = 0;
  /** Locals with a variant score in the unit being read: unitLocals[0 .. unitCount). */
  private readonly unitLocals: Int32Array;
  private unitCount = 0;
  /** Bit `local` set when the document may be returned. */
  private readonly allowedLocals: Uint32Array;

  constructor(
    private readonly segment: Segment,
    private readonly factors: Float32Array,
    private readonly k1: number,
    allowed: Bitset,
  ) {
    this.allowedLocals = allowedLocals(segment, allowed);
    // last: from here on the shared arrays are held, and the caller releases them in a finally
    const work = workArrays(segment.docCount);
    this.scores = work.scores;
    this.masks = work.masks;
    this.best = work.best;
    this.seen = work.seen;
    this.touched = work.touched;
    this.unitLocals = work.unitLocals;
  }

  run(clauses: readonly Clause[], k: number, threshold: number, requiredMask: number | null): SegmentResult {
    const docFreq = this.segment.data.docFreq;
    // boundsFrom[i]: the bounds of clauses i… summed (exactly 0 past the last: no rounding drift)
    const boundsFrom = new Float64Array(clauses.length + 1);
    for (let i = clauses.length - 1; i >= 0; i--) boundsFrom[i] = boundsFrom[i + 1]! + clauses[i]!.bound;
    const canPrune = k !== Infinity && requiredMask === null;
    // Open phase: every document a clause finds becomes a candidate.
    let remaining = boundsFrom[0]!;
    let next = 0;
    let lastCheck = Infinity;
    for (; next < clauses.length; next++) {
      if (canPrune && remaining < threshold) break;
      const c = clauses[next]!;
      this.addClause(c);
      remaining = boundsFrom[next + 1]!;
      // The k-th best partial score only rises. It cannot exceed the bounds already read, so it is
      // worth computing once those outweigh the bounds left, and again each time these shrink by a quarter.
      if (canPrune && this.touchedCount >= k && remaining < boundsFrom[0]! - remaining && remaining <= 0.75 * lastCheck) {
        lastCheck = remaining;
        threshold = this.kthScore(this.touched.subarray(0, this.touchedCount), k, threshold);
      }
    }
    let matched = this.touchedCount;
    let candidates = this.touched.subarray(0, this.touchedCount);
    if (next < clauses.length) {
      // Closed phase: complete the candidates that can still make the top k, in ascending order (probing).
      candidates = ascending(this.keep(candidates, remaining, threshold), this.segment.docCount);
      for (; next < clauses.length && candidates.length > 0; next++) {
        const c = clauses[next]!;
        remaining = boundsFrom[next + 1]!;
        this.completeClause(c, candidates);
        for (const o of c.ordinals) matched = Math.max(matched, docFreq[o]!);
        if (candidates.length >= k) threshold = this.kthScore(candidates, k, threshold);
        candidates = this.keep(candidates, remaining, threshold);
      }
    }
    if (requiredMask !== null) {
      candidates = candidates.filter((local) => this.masks[local] === requiredMask);
      matched = candidates.length;
    }
    const best = candidates.length > k ? topLocals(candidates, this.scores, k) : Array.from(candidates);
    return {
      locals: best,
      scores: best.map((local) => this.scores[local]!),
      masks: best.map((local) => this.masks[local]!),
      matched: Math.min(matched, this.segment.docCount),
    };
  }

  /** Zeroes what this call wrote, for the next one. */
  release(): void {
    for (let i = 0; i < this.touchedCount; i++) {
      const local = this.touched[i]!;
      this.scores[local] = 0;
      this.masks[local] = 0;
      this.seen[local] = 0;
    }
    for (let i = 0; i < this.unitCount; i++) this.best[this.unitLocals[i]!] = 0;
    shared.busy = false;
  }

  /** The candidates whose score plus the bounds left reaches the threshold (ties kept: the result stays exact). */
  private keep(candidates: Int32Array, remaining: number, threshold: number): Int32Array {
    const scores = this.scores;
    const out = new Int32Array(candidates.length);
    let count = 0;
    for (let i = 0; i < candidates.length; i++) {
      const local = candidates[i]!;
      if (scores[local]! + remaining >= threshold) out[count++] = local;
    }
    return out.subarray(0, count);
  }

  /**
   * Reads every list of the clause: a unit of several variants keeps the best of them per document; a bigram, or a
   * unit of one variant (most of them), adds its scores directly, without the second pass over `best`.
   */
  private addClause(c: Clause): void {
    if (c.bit === 0 || c.ordinals.length === 1) {
      for (let j = 0; j < c.ordinals.length; j++) this.read(c.ordinals[j]!, c.scales[j]!, null, false, c.bit);
      return;
    }
    for (let j = 0; j < c.ordinals.length; j++) this.read(c.ordinals[j]!, c.scales[j]!, null, true, c.bit);
    this.foldUnit(c.bit, true);
  }

  /** Adds the unit's best variant score to each document it matched, then clears `best`. */
  private foldUnit(bit: number, open: boolean): void {
    const { best, scores, masks, seen, touched, unitLocals } = this;
    for (let i = 0; i < this.unitCount; i++) {
      const local = unitLocals[i]!;
      if (open && seen[local] === 0) {
        seen[local] = 1;
        touched[this.touchedCount++] = local;
      }
      scores[local]! += best[local]!;
      masks[local]! |= bit;
      best[local] = 0;
    }
    this.unitCount = 0;
  }

  /** Adds the clause's scores to the given candidates only (ascending locals). */
  private completeClause(c: Clause, candidates: Int32Array): void {
    const data = this.segment.data;
    const viaBest = c.bit !== 0 && c.ordinals.length > 1;
    for (let j = 0; j < c.ordinals.length; j++) {
      const ordinal = c.ordinals[j]!;
      const scale = c.scales[j]!;
      if (data.docFreq[ordinal]! >= SKIP_MIN_POSTINGS && candidates.length * PROBE_RATIO < data.docFreq[ordinal]!) {
        const cursor = openCursor(this.segment, ordinal, this.factors);
        for (let i = 0; i < candidates.length; i++) {
          const local = candidates[i]!;
          cursor.advance(local);
          if (cursor.local !== local) continue;
          const pf = cursor.pf;
          if (pf > 0) this.credit(local, (scale * pf) / (pf + this.k1), viaBest, c.bit);
        }
      } else {
        const seen = this.seen;
        for (let i = 0; i < candidates.length; i++) seen[candidates[i]!] = 2;
        this.read(ordinal, scale, seen, viaBest, c.bit);
        for (let i = 0; i < candidates.length; i++) seen[candidates[i]!] = 1;
      }
    }
    if (viaBest) this.foldUnit(c.bit, false);
  }

  private credit(local: number, score: number, viaBest: boolean, bit: number): void {
    if (!viaBest) {
      this.scores[local]! += score;
      if (bit !== 0) this.masks[local]! |= bit;
    } else if (score > this.best[local]!) {
      if (this.best[local] === 0) this.unitLocals[this.unitCount++] = local;
      this.best[local] = score;
    }
  }

  /**
   * Decodes one posting list. Without `only`, its scores are added (with the unit's `bit` in the mask) and its
   * documents become candidates; with `only`, just the locals marked 2 there are updated. `viaBest`: the list is
   * one variant of several of a unit, whose scores go to `best` (foldUnit adds the best of them). The posting decoding is PostingCursor.next's, written out
   * here on purpose: this loop runs for every posting read, and a call per posting cost more than the
   * decoding itself.
   */
  private read(ordinal: number, scale: number, only: Uint8Array | null, viaBest: boolean, bit: number): void {
    const data = this.segment.data;
    const bytes = data.postings;
    const factors = this.factors;
    const fieldCount = data.fieldCount;
    const k1 = this.k1;
    const allowedLocals = this.allowedLocals;
    const scores = this.scores;
    const masks = this.masks;
    const best = this.best;
    const seen = this.seen;
    const touched = this.touched;
    const unitLocals = this.unitLocals;
    let touchedCount = this.touchedCount;
    let unitCount = this.unitCount;
    let offset = data.postingsOffsets[ordinal]!;
    const count = data.docFreq[ordinal]!;
    let local = 0;
    for (let i = 0; i < count; i++) {
      let byte = bytes[offset++]!;
      let delta = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) delta |= ((byte = bytes[offset++]!) & 0x7f) << shift;
      local += delta;
      byte = bytes[offset++]!;
      let code = byte & 0x7f;
      for (let shift = 7; byte & 0x80; shift += 7) code |= ((byte = bytes[offset++]!) & 0x7f) << shift;
      let pf: number;
      const field = code & 7;
      if (field !== MULTI_FIELD) pf = field < fieldCount ? (code >>> 3) * factors[local * fieldCount + field]! : 0;
      else {
        pf = 0;
        for (let pairs = code >>> 3; pairs > 0; pairs--) {
          byte = bytes[offset++]!;
          let f = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) f |= ((byte = bytes[offset++]!) & 0x7f) << shift;
          byte = bytes[offset++]!;
          let tf = byte & 0x7f;
          for (let shift = 7; byte & 0x80; shift += 7) tf |= ((byte = bytes[offset++]!) & 0x7f) << shift;
          if (f < fieldCount) pf += tf * factors[local * fieldCount + f]!;
        }
      }
      if (pf <= 0) continue;
      if (only !== null && only[local] !== 2) continue;
      if ((allowedLocals[local >>> 5]! & (1 << (local & 31))) === 0) continue;
      const s = (scale * pf) / (pf + k1);
      if (viaBest) {
        if (s > best[local]!) {
          if (best[local] === 0) unitLocals[unitCount++] = local;
          best[local] = s;
        }
      } else {
        if (only === null && seen[local] === 0) {
          seen[local] = 1;
          touched[touchedCount++] = local;
        }
        scores[local]! += s;
        if (bit !== 0) masks[local]! |= bit;
      }
    }
    this.touchedCount = touchedCount;
    this.unitCount = unitCount;
  }

  /** The k-th best score among the given locals, or `floor` when that is higher. */
  private kthScore(locals: Int32Array, k: number, floor: number): number {
    if (kthValues.length < locals.length) kthValues = new Float64Array(Math.max(locals.length, 2 * kthValues.length));
    // Only scores above the floor can raise it: most partial scores are below, and the selection runs on the rest.
    const scores = this.scores;
    let n = 0;
    for (let i = 0; i < locals.length; i++) {
      const score = scores[locals[i]!]!;
      if (score > floor) kthValues[n++] = score;
    }
    return n < k ? floor : kthLargest(kthValues.subarray(0, n), k);
  }
}
