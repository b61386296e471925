// BM25F scoring: per-field term frequencies, each normalised by its field's length and weighted,
// summed into one pseudo-frequency that BM25's saturation is applied to (Robertson & Zaragoza).
import type { Explanation } from '../search-types.ts';

export interface Bm25fParams {
  /** Saturation of term frequency. Default 0.9 (see weights.ts for how it was chosen). */
  k1: number;
  /** Length normalisation. Default 0.75. */
  b: number;
}

export const DEFAULT_BM25F: Bm25fParams = { k1: 0.9, b: 0.75 };

/** Collection statistics of the fields, read at query time. */
export interface FieldStatistics {
  /** Weight of each field id (0 = not searched). */
  weights: readonly number[];
  /** Average length of each field id over live documents. */
  averageLengths: readonly number[];
}

/** BM25's idf, never negative: ln(1 + (N − df + 0.5) / (df + 0.5)). */
export function idf(docFreq: number, documentCount: number): number {
  return Math.log(1 + (documentCount - docFreq + 0.5) / (docFreq + 0.5));
}

/** Σ_f weight_f · tf_f / (1 − b + b · len_f / avglen_f), from flat [field, tf, ...] pairs. */
export function pseudoFrequency(
  fieldTfs: readonly number[],
  fieldLength: (field: number) => number,
  stats: FieldStatistics,
  params: Bm25fParams,
): number {
  let total = 0;
  for (let i = 0; i < fieldTfs.length; i += 2) {
    const field = fieldTfs[i]!;
    const weight = stats.weights[field] ?? 0;
    if (weight === 0) continue;
    const norm = 1 - params.b + (params.b * fieldLength(field)) / (stats.averageLengths[field] ?? 1);
    total += (weight * fieldTfs[i + 1]!) / norm;
  }
  return total;
}

/** The saturated score of one term in one document. */
export function termScore(termIdf: number, frequency: number, params: Bm25fParams): number {
  return frequency === 0 ? 0 : (termIdf * frequency * (params.k1 + 1)) / (frequency + params.k1);
}

/** The largest score a term can reach (infinite frequency), used to normalise `_rankingScore`. */
export function maxTermScore(termIdf: number, params: Bm25fParams): number {
  return termIdf * (params.k1 + 1);
}

export function explainTerm(term: string, termIdf: number, frequency: number, weight: number, params: Bm25fParams): Explanation {
  return {
    value: weight * termScore(termIdf, frequency, params),
    description: `weight(${term})`,
    details: [
      { value: weight, description: 'query weight (1 for exact; lower for typo, prefix, chosung, layout and synonym variants)' },
      { value: termIdf, description: 'idf = ln(1 + (N − df + 0.5) / (df + 0.5))' },
      { value: frequency, description: 'BM25F pseudo-frequency Σ w_f·tf_f / (1 − b + b·len_f/avglen_f)' },
      { value: params.k1, description: 'k1' },
      { value: params.b, description: 'b' },
    ],
  };
}
