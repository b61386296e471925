// Where a hit matched: re-analyses the hit's searchable values and keeps the offsets of tokens
// whose term is one the query looked for. Feeds highlighting, cropping and `_matchesPosition`.
import type { Analyzer } from '../analysis/types.ts';
import { flattenValues } from '../document-fields.ts';
import type { Document } from '../search-types.ts';
import { termKey } from './expand.ts';
import { wordFilter } from './word-filter.ts';

/** `${path}#${valueIndex}` → UTF-16 ranges in that value's text (may overlap; formatting merges them). */
export type MatchRanges = Map<string, Array<{ start: number; end: number }>>;

export function highlightRanges(document: Document, searchable: readonly string[], analyzer: Analyzer, terms: ReadonlySet<string>): MatchRanges {
  const out: MatchRanges = new Map();
  if (terms.size === 0) return out;
  const mayHold = wordFilter(terms);
  for (const value of flattenValues(document, searchable)) {
    const text = mayHold ? blankWordsWithout(value.text, mayHold) : value.text;
    if (text === null) continue;
    const ranges = analyzer
      .analyze(text)
      .filter((token) => terms.has(termKey(token)))
      .map((token) => ({ start: token.start, end: token.end }));
    if (ranges.length > 0) out.set(`${value.path}#${value.valueIndex}`, ranges);
  }
  return out;
}

const WORD = /\S+/gu;

/**
 * The text with every word that cannot hold a term replaced by spaces of the same length, so the analyser
 * skips it and the offsets of the rest stay those of the original; null when no word is left.
 */
function blankWordsWithout(text: string, mayHold: (word: string) => boolean): string | null {
  let out = '';
  let kept = false;
  let from = 0;
  for (const match of text.matchAll(WORD)) {
    const word = match[0];
    const start = match.index;
    if (mayHold(word)) {
      kept = true;
      continue;
    }
    out += text.slice(from, start) + ' '.repeat(word.length);
    from = start + word.length;
  }
  return kept ? out + text.slice(from) : null;
}
