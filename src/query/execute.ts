// Matches a QueryPlan against the segments and scores every candidate with BM25F, term at a time:
// each unit keeps the best of its variants, bigrams add to it, then phrase and exclusion checks.
import type { Bitset } from '../index/bitset.ts';
import type { InvertedIndex } from '../index/inverted-index.ts';
import type { Segment } from '../index/segment.ts';
import { idf as bm25Idf, pseudoFrequency, termScore, type Bm25fParams, type FieldStatistics } from '../rank/bm25f.ts';
import type { PhrasePlan, QueryPlan, TermVariant } from './plan.ts';
import { matchPhrases } from './phrase.ts';

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

export function executePlan(plan: QueryPlan, ctx: ExecuteContext): Candidate[] {
  const idfs = new Map<string, number>();
  const documentCount = Math.max(1, ctx.index.documentCount);
  const idfOf = (term: string): number => {
    let value = idfs.get(term);
    if (value === undefined) idfs.set(term, (value = bm25Idf(ctx.index.docFreq(term), documentCount)));
    return value;
  };
  const out: Candidate[] = [];
  for (const segment of ctx.index.segments) scoreSegment(segment, plan, ctx, idfOf, out);
  return out;
}

function scoreSegment(
  segment: Segment,
  plan: QueryPlan,
  ctx: ExecuteContext,
  idfOf: (term: string) => number,
  out: Candidate[],
): void {
  const n = segment.docCount;
  const docNums = segment.data.docNums;
  const allowed = ctx.allowed ?? ctx.index.live;
  const acc = new Float64Array(n);
  const mask = new Uint32Array(n);
  const best = new Float64Array(n);
  const touched: number[] = [];
  const everTouched = new Uint8Array(n);
  const candidates: number[] = [];
  const fieldLength = (local: number) => (field: number) => segment.fieldLength(local, field);

  const walk = (variant: TermVariant, visit: (local: number, score: number) => void): void => {
    const ordinal = segment.findTerm(variant.term);
    if (ordinal < 0) return;
    const termIdf = idfOf(variant.term);
    segment.forEachPosting(ordinal, (local, fieldTfs) => {
      if (!allowed.has(docNums[local]!)) return;
      const frequency = pseudoFrequency(fieldTfs, fieldLength(local), ctx.stats, ctx.params);
      if (frequency > 0) visit(local, variant.weight * termScore(termIdf, frequency, ctx.params));
    });
  };
  const touch = (local: number): void => {
    if (everTouched[local]) return;
    everTouched[local] = 1;
    candidates.push(local);
  };

  plan.units.forEach((unit, u) => {
    const bit = 1 << Math.min(u, 31);
    for (const variant of unit.variants)
      walk(variant, (local, score) => {
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
    walk(variant, (local, score) => {
      acc[local]! += ctx.bigramWeight * score;
      touch(local);
    });

  const fullMask = plan.units.reduce((m, _, u) => m | (1 << Math.min(u, 31)), 0) >>> 0;
  let kept = plan.requireAll ? candidates.filter((local) => mask[local] === fullMask) : candidates;
  if (plan.units.length === 0 && plan.bigrams.length === 0 && plan.phrases.length > 0) kept = [];
  kept = applyPhrases(segment, kept, plan.phrases, plan.excluded);
  for (const local of kept) out.push({ docNum: docNums[local]!, score: acc[local]!, unitMask: mask[local]!, segment, local });
}

function applyPhrases(segment: Segment, locals: number[], phrases: PhrasePlan[], excluded: PhrasePlan[]): number[] {
  let kept = locals;
  for (const phrase of phrases) {
    const matching = matchPhrases(segment, phrase, new Set(kept));
    kept = kept.filter((local) => matching.has(local));
  }
  for (const phrase of excluded) {
    const matching = matchPhrases(segment, phrase, new Set(kept));
    kept = kept.filter((local) => !matching.has(local));
  }
  return kept;
}
