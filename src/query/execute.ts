// Matches a QueryPlan against the segments and keeps the k best documents by BM25F: each unit keeps
// the best of its variants, bigrams add to it; phrases and exclusions filter the documents first.
// Each segment is scored term at a time with MaxScore pruning (score-segment.ts); the k-th best score
// of the segments already done lets the next ones prune from their start.
import { Bitset } from '../index/bitset.ts';
import type { InvertedIndex } from '../index/inverted-index.ts';
import type { Segment } from '../index/segment.ts';
import { idf as bm25Idf, type Bm25fParams, type FieldStatistics } from '../rank/bm25f.ts';
import type { QueryPlan } from './plan.ts';
import { matchPhrases } from './phrase.ts';
import { scoreSegment, type SegmentScoring } from './score-segment.ts';
import { kthLargest } from './top-k.ts';

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
 * The `k` best matching documents by score (ties: lower document number first; unordered), and how
 * many matched in all — exact when nothing could be pruned, else an estimate (Meilisearch's
 * estimatedTotalHits is one too). Each segment returns at most its own `k` best, which together hold
 * the global `k` best, so the caller sorts a few hundred candidates instead of every match.
 */
export function executeTopK(plan: QueryPlan, ctx: ExecuteContext, k: number): { candidates: Candidate[]; total: number } {
  if (plan.phrases.length > 0 || plan.excluded.length > 0) {
    // Phrases and exclusions are document filters: applied to the allowed set first, so that scoring
    // (and its pruning) never considers a document they rule out.
    if (plan.units.length === 0 && plan.bigrams.length === 0) return { candidates: [], total: 0 };
    return executeTopK({ ...plan, phrases: [], excluded: [] }, { ...ctx, allowed: phraseFilter(plan, ctx) }, k);
  }
  const docFreqs = new Map<string, number>();
  const documentCount = Math.max(1, ctx.index.indexedDocumentCount);
  const scoring: SegmentScoring = {
    stats: ctx.stats,
    params: ctx.params,
    bigramWeight: ctx.bigramWeight,
    allowed: ctx.allowed ?? ctx.index.live,
    idfOf(term) {
      let value = docFreqs.get(term);
      if (value === undefined) docFreqs.set(term, (value = ctx.index.docFreq(term)));
      return bm25Idf(value, documentCount);
    },
  };
  const candidates: Candidate[] = [];
  let total = 0;
  // The k-th best score found so far: a floor that lets later segments prune.
  let threshold = -Infinity;
  for (const segment of ctx.index.segments) {
    const result = scoreSegment(segment, plan, scoring, k, threshold, plan.requireAll);
    total += result.matched;
    const docNums = segment.data.docNums;
    result.locals.forEach((local, i) => candidates.push({ docNum: docNums[local]!, score: result.scores[i]!, unitMask: result.masks[i]!, segment, local }));
    if (k !== Infinity && candidates.length >= k) threshold = Math.max(threshold, kthLargest(Float64Array.from(candidates, (c) => c.score), k));
  }
  return { candidates, total };
}

/**
 * The allowed documents that contain every phrase of the plan and none of its excluded phrases. With phrases, the
 * result is built up from the documents their postings reach; exclusions are taken out of it.
 */
function phraseFilter(plan: QueryPlan, ctx: ExecuteContext): Bitset {
  const allowed = ctx.allowed ?? ctx.index.live;
  const out = plan.phrases.length > 0 ? new Bitset(allowed.capacity) : allowed.clone();
  for (const segment of ctx.index.segments) {
    const docNums = segment.data.docNums;
    if (plan.phrases.length > 0) {
      let kept: ReadonlySet<number> | null = null;
      for (const phrase of plan.phrases) {
        const within: ReadonlySet<number> | null = kept;
        kept = matchPhrases(segment, phrase, within === null ? (local) => allowed.has(docNums[local]!) : (local) => within.has(local));
        if (kept.size === 0) break;
      }
      for (const local of kept ?? []) out.add(docNums[local]!);
    }
    for (const phrase of plan.excluded)
      for (const local of matchPhrases(segment, phrase, (local) => out.has(docNums[local]!))) out.remove(docNums[local]!);
  }
  return out;
}
