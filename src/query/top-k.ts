// Selecting the k best of many scored documents without sorting them all.

/**
 * The `k` locals with the highest `scores[local]`, ties broken by the lower local (= lower document
 * number, since a segment's document numbers ascend), in no particular order.
 * @example topLocals([4, 1, 2], Float64Array.of(0, 5, 5, 0, 9), 2) // → [4, 1]
 */
export function topLocals(locals: ArrayLike<number> & Iterable<number>, scores: Float64Array, k: number): number[] {
  if (locals.length <= k) return [...locals];
  if (k <= 0) return [];
  const values = new Float64Array(locals.length);
  for (let i = 0; i < locals.length; i++) values[i] = scores[locals[i]!]!;
  const threshold = kthLargest(values, k);
  const above: number[] = [];
  const tied: number[] = [];
  for (const local of locals) {
    const s = scores[local]!;
    if (s > threshold) above.push(local);
    else if (s === threshold) tied.push(local);
  }
  tied.sort((a, b) => a - b);
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
