// Jamo edit distance for typo keys: deletion neighbourhoods (SymSpell) to find candidates, then an exact check.

/**
 * Every string reachable from `s` by at most `depth` deletions, `s` included. Two strings within k edits (swaps of
 * neighbours included) share a string reachable by at most k deletions from each.
 */
export function deletionNeighbourhood(s: string, depth: number, out = new Set<string>()): Set<string> {
  out.add(s);
  if (depth > 0)
    for (let i = 0; i < s.length; i++) deletionNeighbourhood(s.slice(0, i) + s.slice(i + 1), depth - 1, out);
  return out;
}

/**
 * Whether `a` and `b` are within `max` edits by optimal string alignment (Levenshtein plus swapping neighbours), the
 * distance of the jamo index. Shared deletions only bound the distance by twice the depth, so hits are checked here.
 * @example withinEdits('ㄱㅓㅁㅅㅑㄱ', 'ㄱㅓㅁㅅㅐㄱ', 1) // → true (검샥 ~ 검색)
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
      best = Math.min(best, d);
    }
    // Every later row is at least this row's minimum (a swap costs at least the step it replaces).
    if (best > max) return false;
    before = previous;
    previous = row;
  }
  return previous[b.length]! <= max;
}
