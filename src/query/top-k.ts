// Selecting the k best of many scored documents without sorting them all.

/**
 * Positions (in `scores` and `locals`, which run in parallel) of the `k` highest scores, ties broken by the lower
 * local (= lower document number, since a segment's document numbers ascend), in no particular order.
 * @example topIndexes([5, 9, 5], [1, 4, 2], 2) // → [1, 0]
 */
export function topIndexes(scores: ArrayLike<number>, locals: ArrayLike<number>, k: number): number[] {
  const n = scores.length;
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k <= 0) return [];
  const threshold = kthLargest(Float64Array.from(scores), k);
  const above: number[] = [];
  const tied: number[] = [];
  for (let i = 0; i < n; i++) {
    if (scores[i]! > threshold) above.push(i);
    else if (scores[i] === threshold) tied.push(i);
  }
  tied.sort((a, b) => locals[a]! - locals[b]!);
  for (let i = 0; above.length < k && i < tied.length; i++) above.push(tied[i]!);
  return above;
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
export function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! > pivot) i++;
      while (values[j]! < pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
