// Matches a QueryPlan against the segments and scores every candidate with BM25F, term at a time:
// each unit keeps the best of its variants, bigrams add to it, then phrase and exclusion checks.
//
// The posting loop is the engine's hottest code, so it decodes varints inline and multiplies each
// term frequency by a per-(document, field) factor w_f / (1 − b + b·len/avglen) computed once per
// segment and field statistics (field-factors.ts), instead of calling a closure per posting.
import type { Bitset } from '../index/bitset.ts';
import type { InvertedIndex } from '../index/inverted-index.ts';
import { MULTI_FIELD, type Segment } from '../index/segment.ts';
import { fieldFactors } from '../rank/field-factors.ts';
import { idf as bm25Idf, type Bm25fParams, type FieldStatistics } from '../rank/bm25f.ts';
import type { QueryPlan, TermVariant } from './plan.ts';
import { matchPhrases } from './phrase.ts';
import { canUseMaxScore, executeMaxScore, MAX_SCORE_MIN_POSTINGS } from './max-score.ts';
import { topLocals } from './top-k.ts';

export interface Candidate {
  docNum: number;
  score: number;
  /** Bit i set when unit i matched (units past 31 share bit 31). */
  unitMask: number;
  segment: Segment;
  local: number;
}

export interface ExecuteContext {
  index: InvertedIndex;
  stats: FieldStatistics;
  params: Bm25fParams;
  /** Weight of bigram scores relative to units. */
  bigramWeight: number;
  /** Allowed documents (live ∩ filter), or null for every live document. */
  allowed: Bitset | null;
}

/** Every matching document, scored (for facets, facet search and alerts). */
export function executePlan(plan: QueryPlan, ctx: ExecuteContext): Candidate[] {
  return executeTopK(plan, ctx, Infinity).candidates;
}

/**
 * The `k` best matching documents by score (ties: lower document number first), and how many matched
 * in all. Large queries go through MaxScore (max-score.ts), which skips most postings and estimates the
 * count; otherwise each segment scores everything and keeps only its own `k` best, which always contain
 * the global `k` best, so the caller sorts a few hundred candidates instead of every match.
 */
export function executeTopK(plan: QueryPlan, ctx: ExecuteContext, k: number): { candidates: Candidate[]; total: number } {
  if (plan.phrases.length > 0 || plan.excluded.length > 0) {
    // Phrases and exclusions are document filters: applied to the allowed set first, so that the
    // scoring below (MaxScore included) never considers a document they rule out.
    if (plan.units.length === 0 && plan.bigrams.length === 0) return { candidates: [], total: 0 };
    return executeTopK({ ...plan, phrases: [], excluded: [] }, { ...ctx, allowed: phraseFilter(plan, ctx) }, k);
  }
  const docFreqs = new Map<string, number>();
  const docFreq = (term: string): number => {
    let value = docFreqs.get(term);
    if (value === undefined) docFreqs.set(term, (value = ctx.index.docFreq(term)));
    return value;
  };
  const documentCount = Math.max(1, ctx.index.indexedDocumentCount);
  const idfOf = (term: string): number => bm25Idf(docFreq(term), documentCount);
  if (k !== Infinity && canUseMaxScore(plan)) {
    let postings = 0;
    for (const unit of plan.units) for (const v of unit.variants) postings += docFreq(v.term);
    for (const v of plan.bigrams) postings += docFreq(v.term);
    if (postings >= MAX_SCORE_MIN_POSTINGS) return executeMaxScore(plan, ctx, k, idfOf);
  }
  const candidates: Candidate[] = [];
  let total = 0;
  for (const segment of ctx.index.segments) total += scoreSegment(segment, plan, ctx, idfOf, k, candidates);
  return { candidates, total };
}

/** The allowed documents that contain every phrase of the plan and none of its excluded phrases. */
function phraseFilter(plan: QueryPlan, ctx: ExecuteContext): Bitset {
  const allowed = (ctx.allowed ?? ctx.index.live).clone();
  for (const segment of ctx.index.segments) {
    const docNums = segment.data.docNums;
    let locals: number[] = [];
    for (let local = 0; local < docNums.length; local++) if (allowed.has(docNums[local]!)) locals.push(local);
    for (const phrase of plan.phrases) {
      const matching = matchPhrases(segment, phrase, locals);
      locals = locals.filter((local) => matching.has(local));
    }
    const kept = new Set(locals);
    for (const phrase of plan.excluded) for (const local of matchPhrases(segment, phrase, locals)) kept.delete(local);
    for (let local = 0; local < docNums.length; local++) if (!kept.has(local)) allowed.remove(docNums[local]!);
  }
  return allowed;
}

/** Scores one segment; pushes its (up to k) best candidates and returns how many matched. */
function scoreSegment(
  segment: Segment,
  plan: QueryPlan,
  ctx: ExecuteContext,
  idfOf: (term: string) => number,
  k: number,
  out: Candidate[],
): number {
  const n = segment.docCount;
  const data = segment.data;
  const docNums = data.docNums;
  const allowedWords = (ctx.allowed ?? ctx.index.live).words;
  const factors = fieldFactors(segment, ctx.stats, ctx.params);
  const fieldCount = data.fieldCount;
  const k1 = ctx.params.k1;
  const acc = new Float64Array(n);
  const mask = new Uint32Array(n);
  const best = new Float64Array(n);
  const touched: number[] = [];
  const everTouched = new Uint8Array(n);
  const candidates: number[] = [];

  /** Calls visit(local, score) for each allowed document of the variant's posting list with a score > 0. */
  const walk = (variant: TermVariant, weight: number, visit: (local: number, score: number) => void): void => {
    const ordinal = segment.findTerm(variant.term);
    if (ordinal < 0) return;
    // termScore = idf · pf · (k1 + 1) / (pf + k1), times the variant's weight
    const scale = weight * idfOf(variant.term) * (k1 + 1);
    const bytes = data.postings;
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
      const doc = docNums[local]!;
      if ((allowedWords[doc >>> 5]! & (1 << (doc & 31))) === 0) continue;
      visit(local, (scale * pf) / (pf + k1));
    }
  };
  const touch = (local: number): void => {
    if (everTouched[local]) return;
    everTouched[local] = 1;
    candidates.push(local);
  };

  plan.units.forEach((unit, u) => {
    const bit = 1 << Math.min(u, 31);
    for (const variant of unit.variants)
      walk(variant, variant.weight, (local, score) => {
        if (best[local] === 0) touched.push(local);
        if (score > best[local]!) best[local] = score;
      });
    for (const local of touched) {
      acc[local]! += best[local]!;
      mask[local]! |= bit;
      best[local] = 0;
      touch(local);
    }
    touched.length = 0;
  });
  for (const variant of plan.bigrams)
    walk(variant, ctx.bigramWeight * variant.weight, (local, score) => {
      acc[local]! += score;
      touch(local);
    });

  const fullMask = plan.units.reduce((m, _, u) => m | (1 << Math.min(u, 31)), 0) >>> 0;
  let kept = plan.requireAll ? candidates.filter((local) => mask[local] === fullMask) : candidates;
  const total = kept.length;
  if (kept.length > k) kept = topLocals(kept, acc, k);
  for (const local of kept) out.push({ docNum: docNums[local]!, score: acc[local]!, unitMask: mask[local]!, segment, local });
  return total;
}
