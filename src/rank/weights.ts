// The engine's ranking weights: how much each field and each bigram counts.
import type { FieldStatistics } from './bm25f.ts';

/** Scores of bigrams relative to units (morphemes and words). */
export const BIGRAM_WEIGHT = 1;

/** Earlier attributes weigh more, as Meilisearch's `attribute` rule ranks them: 2, 1.5, 1.33, … → 1. */
export function fieldWeight(id: number): number {
  return 1 + 1 / (id + 1);
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
