// `explain`: the score of one hit as a tree — each unit's best variant, each bigram, proximity.
import type { KachiIndexImpl } from '../kachi-index.ts';
import type { Candidate } from '../query/execute.ts';
import type { QueryPlan, TermVariant } from '../query/plan.ts';
import type { Explanation } from '../search-types.ts';
import { DEFAULT_BM25F, explainTerm, idf, pseudoFrequency } from './bm25f.ts';
import { BIGRAM_WEIGHT, fieldStatistics } from './weights.ts';
import { BIGRAM_PREFIX } from '../query/expand.ts';

export function explainCandidate(index: KachiIndexImpl, plan: QueryPlan, candidate: Candidate): Explanation {
  const stats = fieldStatistics(index.fieldIds.names(), (id) => index.inverted.averageFieldLength(id));
  const count = Math.max(1, index.inverted.indexedDocumentCount);
  const termIn = (variant: TermVariant): Explanation | null => {
    const ordinal = candidate.segment.findTerm(variant.term);
    if (ordinal < 0) return null;
    let found: Explanation | null = null;
    candidate.segment.forEachPosting(ordinal, (local, fieldTfs) => {
      if (local !== candidate.local) return;
      const frequency = pseudoFrequency(fieldTfs, (f) => candidate.segment.fieldLength(local, f), stats, DEFAULT_BM25F);
      found = explainTerm(variant.term.startsWith(BIGRAM_PREFIX) ? `bigram:${variant.term.slice(1)}` : variant.term, idf(index.inverted.docFreq(variant.term), count), frequency, variant.weight, DEFAULT_BM25F);
    });
    return found;
  };
  const units: Explanation[] = plan.units.flatMap((unit) => {
    const options = unit.variants.map(termIn).filter((e): e is Explanation => e !== null);
    if (options.length === 0) return [];
    const best = options.reduce((a, b) => (b.value > a.value ? b : a));
    return [{ value: best.value, description: `unit "${unit.source}" (best of ${unit.variants.length} variants)`, details: [best] }];
  });
  const bigrams = plan.bigrams.map(termIn).filter((e): e is Explanation => e !== null).map((e) => ({ ...e, value: e.value * BIGRAM_WEIGHT }));
  const matched = [...units, ...bigrams].reduce((sum, e) => sum + e.value, 0);
  const details: Explanation[] = [...units, ...bigrams];
  if (candidate.score - matched > 1e-9) details.push({ value: candidate.score - matched, description: 'proximity bonus: consecutive query units close together' });
  return { value: candidate.score, description: 'sum of unit scores, bigram scores and proximity', details };
}
