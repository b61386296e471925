// The engine's ranking weights: how much each field and each bigram counts.
import type { FieldStatistics } from './bm25f.ts';

// Tuned once on the whole of T1 (KorQuAD dev, 5,774 questions; `npm run bench:relevance`), never on
// single questions: bigram weight 1 → 0.5, first-field weight 2 → 3, k1 1.2 → 0.9 and proximity
// 0.5 → 1 took R@1 from 0.924 to 0.935 and MRR@10 from 0.954 to 0.960.

/** Scores of bigrams relative to units (morphemes and words): bigrams find, morphemes decide. */
export const BIGRAM_WEIGHT = 0.5;

/**
 * Earlier attributes weigh more, as Meilisearch's `attribute` rule ranks them. The first attribute,
 * usually a title, counts 3; the next 1.5, 1.33, 1.25, … → 1.
 */
export function fieldWeight(id: number): number {
  return id === 0 ? 3 : 1 + 1 / (id + 1);
}

/**
 * Weights and average lengths of the fields named by `names` (field id → attribute name).
 * Fields outside `attributesToSearchOn` get weight 0, so they neither match nor score.
 */
export function fieldStatistics(names: readonly string[], averageLength: (field: number) => number, attributesToSearchOn?: readonly string[] | null): FieldStatistics {
  const weights = names.map((name, id) => {
    if (attributesToSearchOn && !attributesToSearchOn.some((a) => a === name || name.startsWith(`${a}.`))) return 0;
    return fieldWeight(id);
  });
  return { weights, averageLengths: names.map((_, id) => averageLength(id)) };
}
