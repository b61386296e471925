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
import { kthLargest } from './top-k.ts';

export interface SegmentScoring {
  stats: FieldStatistics;
  params: Bm25fParams;
  bigramWeight: number;
  /** Live ∩ filter. */
  allowed: Bitset;
  idfOf(term: string): number;
}

/** What one segment yields: its best candidates (locals, with their accumulated scores and masks). */
export interface SegmentResult {
  locals: number[];
  scores: Float64Array;
  masks: Uint32Array;
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
  const n = segment.docCount;
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
  // Open phase: every document a clause finds becomes a candidate.
  // boundsFrom[i]: the bounds of clauses i… summed (exactly 0 past the last, so no rounding drift)
  const boundsFrom = new Float64Array(clauses.length + 1);
  for (let i = clauses.length - 1; i >= 0; i--) boundsFrom[i] = boundsFrom[i + 1]! + clauses[i]!.bound;
  let remaining = boundsFrom[0]!;
  let next = 0;
  const canPrune = k !== Infinity && !requireAll;
  let lastCheck = Infinity;
  for (; next < clauses.length; next++) {
    if (canPrune && remaining < threshold) break;
    const c = clauses[next]!;
    acc.addClause(c);
    remaining = boundsFrom[next + 1]!;
    // The k-th best partial score only ever rises; it is worth computing once the bounds left are at
    // most the scores already seen, and again each time they have shrunk by a quarter.
    if (canPrune && acc.touched.length >= k && remaining <= 0.75 * lastCheck) {
      lastCheck = remaining;
      threshold = Math.max(threshold, acc.kthScore(k));
    }
  }
  let matched = acc.touched.length;
  let candidates = acc.touched;
  if (next < clauses.length) {
    // Closed phase: complete the candidates that can still make the top k.
    candidates = candidates.filter((local) => acc.scores[local]! + remaining >= threshold);
    candidates.sort((a, b) => a - b);
    for (; next < clauses.length && candidates.length > 0; next++) {
      const c = clauses[next]!;
      remaining = boundsFrom[next + 1]!;
      acc.completeClause(c, candidates);
      matched = Math.max(matched, ...c.ordinals.map((o) => data.docFreq[o]!));
      if (candidates.length >= k) threshold = Math.max(threshold, acc.kthScoreOf(candidates, k));
      candidates = candidates.filter((local) => acc.scores[local]! + remaining >= threshold);
    }
  }
  if (requireAll) {
    const full = plan.units.reduce((m, _, u) => m | (1 << Math.min(u, 31)), 0) >>> 0;
    candidates = candidates.filter((local) => acc.masks[local] === full);
    matched = candidates.length;
  }
  return { locals: candidates, scores: acc.scores, masks: acc.masks, matched: Math.min(matched, n) };
}

/** Dense per-segment score and mask arrays, filled one posting list at a time. */
class Accumulator {
  readonly scores: Float64Array;
  readonly masks: Uint32Array;
  /** Locals with a score, in the order first seen. */
  readonly touched: number[] = [];
  /** Best variant score per local within the unit being read. */
  private readonly best: Float64Array;
  private readonly seen: Uint8Array;
  private readonly unitLocals: number[] = [];
  private readonly docNums: Uint32Array | Int32Array;
  private readonly allowedWords: Uint32Array | Int32Array;

  constructor(
    private readonly segment: Segment,
    private readonly factors: Float64Array,
    private readonly k1: number,
    allowed: Bitset,
  ) {
    const n = segment.docCount;
    this.scores = new Float64Array(n);
    this.masks = new Uint32Array(n);
    this.best = new Float64Array(n);
    this.seen = new Uint8Array(n);
    this.docNums = segment.data.docNums;
    this.allowedWords = allowed.words;
  }

  /** Reads every list of the clause: a unit keeps the best of its variants per document, a bigram adds. */
  addClause(c: Clause): void {
    if (c.bit === 0) {
      for (let j = 0; j < c.ordinals.length; j++) this.read(c.ordinals[j]!, c.scales[j]!, null);
      return;
    }
    const best = this.best;
    const locals = this.unitLocals;
    for (let j = 0; j < c.ordinals.length; j++) this.read(c.ordinals[j]!, c.scales[j]!, null, true);
    for (const local of locals) {
      if (this.seen[local] === 0) {
        this.seen[local] = 1;
        this.touched.push(local);
      }
      this.scores[local]! += best[local]!;
      this.masks[local]! |= c.bit;
      best[local] = 0;
    }
    locals.length = 0;
  }

  /** Adds the clause's scores to the given candidates only (ascending locals). */
  completeClause(c: Clause, candidates: readonly number[]): void {
    const data = this.segment.data;
    const best = this.best;
    const locals = this.unitLocals;
    for (let j = 0; j < c.ordinals.length; j++) {
      const ordinal = c.ordinals[j]!;
      const scale = c.scales[j]!;
      const unit = c.bit !== 0;
      if (data.docFreq[ordinal]! >= SKIP_MIN_POSTINGS && candidates.length * PROBE_RATIO < data.docFreq[ordinal]!) {
        const cursor = openCursor(this.segment, ordinal, this.factors);
        for (const local of candidates) {
          cursor.advance(local);
          if (cursor.local !== local) continue;
          const pf = cursor.pf;
          if (pf <= 0) continue;
          const s = (scale * pf) / (pf + this.k1);
          if (!unit) this.scores[local]! += s;
          else if (s > best[local]!) {
            if (best[local] === 0) locals.push(local);
            best[local] = s;
          }
        }
      } else {
        const wanted = this.seen;
        for (const local of candidates) wanted[local] = 2;
        this.read(ordinal, scale, wanted, unit);
        for (const local of candidates) wanted[local] = 1;
      }
    }
    for (const local of locals) {
      this.scores[local]! += best[local]!;
      this.masks[local]! |= c.bit;
      best[local] = 0;
    }
    locals.length = 0;
  }

  /**
   * Decodes one posting list. Without `only`, a bigram's score is added and its documents become
   * candidates; with `only`, just the locals marked 2 there are updated. A unit's variant scores go to
   * `best` (the caller adds the best of them).
   */
  private read(ordinal: number, scale: number, only: Uint8Array | null, unit = false): void {
    const data = this.segment.data;
    const bytes = data.postings;
    const factors = this.factors;
    const fieldCount = data.fieldCount;
    const k1 = this.k1;
    const docNums = this.docNums;
    const allowedWords = this.allowedWords;
    const scores = this.scores;
    const best = this.best;
    const seen = this.seen;
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
      const doc = docNums[local]!;
      if ((allowedWords[doc >>> 5]! & (1 << (doc & 31))) === 0) continue;
      const s = (scale * pf) / (pf + k1);
      if (unit) {
        if (s > best[local]!) {
          if (best[local] === 0) this.unitLocals.push(local);
          best[local] = s;
        }
      } else {
        if (only === null && seen[local] === 0) {
          seen[local] = 1;
          this.touched.push(local);
        }
        scores[local]! += s;
      }
    }
  }

  /** The k-th best score among every candidate so far. */
  kthScore(k: number): number {
    return this.kthScoreOf(this.touched, k);
  }

  kthScoreOf(locals: readonly number[], k: number): number {
    const values = new Float64Array(locals.length);
    for (let i = 0; i < locals.length; i++) values[i] = this.scores[locals[i]!]!;
    return kthLargest(values, k);
  }
}
