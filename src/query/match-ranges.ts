// Where a hit matched: re-analyses the hit's searchable values and keeps the offsets of tokens
// whose term is one the query looked for. Feeds highlighting, cropping and `_matchesPosition`.
import type { Analyzer } from '../analysis/types.ts';
import { flattenValues } from '../document-fields.ts';
import type { Document } from '../search-types.ts';
import { termKey } from './expand.ts';

/** `${path}#${valueIndex}` → UTF-16 ranges in that value's text (may overlap; formatting merges them). */
export type MatchRanges = Map<string, Array<{ start: number; end: number }>>;

export function highlightRanges(document: Document, searchable: readonly string[], analyzer: Analyzer, terms: ReadonlySet<string>): MatchRanges {
  const out: MatchRanges = new Map();
  if (terms.size === 0) return out;
  for (const value of flattenValues(document, searchable)) {
    const ranges = analyzer
      .analyze(value.text)
      .filter((token) => terms.has(termKey(token)))
      .map((token) => ({ start: token.start, end: token.end }));
    if (ranges.length > 0) out.set(`${value.path}#${value.valueIndex}`, ranges);
  }
  return out;
}
