// BM25F's per-(document, field) factor w_f / (1 − b + b · len_f / avglen_f), precomputed per segment so
// that scoring a posting is one multiplication per field. Cached per segment for the field statistics
// and parameters it was computed with: they change only when documents are added or removed, or when a
// search restricts attributesToSearchOn, and a segment keeps at most a few variants.
// Float32: scoring reads one factor per posting at scattered documents, and at 512k documents the
// array no longer fits in cache; halving it took about a fifth off a full-T2 question's time. Seven
// digits are plenty for a length norm, and every score and bound is computed from the same factors.
import type { Segment } from '../index/segment.ts';
import type { Bm25fParams, FieldStatistics } from './bm25f.ts';

const cache = new WeakMap<Segment, Map<string, Float32Array>>();
/** Statistics variants kept per segment (the live index's average lengths, plus a few attribute subsets). */
const MAX_VARIANTS = 4;

/** `factors[local * fieldCount + field]`; 0 for a field that is not searched. */
export function fieldFactors(segment: Segment, stats: FieldStatistics, params: Bm25fParams): Float32Array {
  const fieldCount = segment.data.fieldCount;
  const key = `${params.k1},${params.b}|${stats.weights.slice(0, fieldCount).join(',')}|${stats.averageLengths.slice(0, fieldCount).join(',')}`;
  let perSegment = cache.get(segment);
  const hit = perSegment?.get(key);
  if (hit) return hit;
  const lengths = segment.data.fieldLengths;
  const factors = new Float32Array(lengths.length);
  for (let field = 0; field < fieldCount; field++) {
    const weight = stats.weights[field] ?? 0;
    if (weight === 0) continue;
    const average = stats.averageLengths[field] ?? 1;
    for (let i = field; i < lengths.length; i += fieldCount) factors[i] = weight / (1 - params.b + (params.b * lengths[i]!) / average);
  }
  if (!perSegment) cache.set(segment, (perSegment = new Map()));
  if (perSegment.size >= MAX_VARIANTS) perSegment.delete(perSegment.keys().next().value!);
  perSegment.set(key, factors);
  return factors;
}
