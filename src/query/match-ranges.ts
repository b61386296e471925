// Where hits matched: re-analyses the words of their searchable values that may hold a query term and keeps
// the offsets of tokens whose term is one the query looked for. Feeds highlighting, cropping and
// `_matchesPosition`.
import { BoundedCache } from '../analysis/bounded-cache.ts';
import type { BatchAnalyzer, Token } from '../analysis/types.ts';
import { flattenValues } from '../document-fields.ts';
import { findMatchTokens } from '../index/match-tokens.ts';
import type { Document } from '../search-types.ts';
import { termKey } from './expand.ts';
import type { TextRange } from './highlight.ts';
import { wordFilter } from './word-filter.ts';

/** `${path}#${valueIndex}` → UTF-16 ranges in that value's text (may overlap; formatting merges them). */
export type MatchRanges = Map<string, TextRange[]>;

/** A range and the term (index key) it matched. */
export interface KeyedRange extends TextRange {
  key: string;
}

/** Match ranges that tell which term each one is: one pass for several term sets (`selectRanges`). */
export type KeyedMatchRanges = Map<string, KeyedRange[]>;

const WORD = /\S+/gu;

/** A word's tokens as highlighting needs them: the index key of each and its offsets in the word. */
interface WordTokens {
  keys: string[];
  /** start, end of each token */
  offsets: Int32Array;
}

// Words analysed for highlighting, for every analyzer (index) of the process together: hits share most of
// their common words, and going through the analyzer costs ~13 µs a word even when its morphology is cached.
// About 20 MB when full.
const WORD_CACHE_SIZE = 50_000;
const wordCache = new BoundedCache<string, WordTokens>(WORD_CACHE_SIZE);
// Keyed by the analyzer's analyzeBatch function: indexes sharing one analyzer (shared-analyzer.ts)
// hold distinct handles to the same function, and share its cached words.
const analyzerIds = new WeakMap<BatchAnalyzer['analyzeBatch'], number>();
let nextAnalyzerId = 0;

function analyzerId(analyzer: BatchAnalyzer): number {
  let id = analyzerIds.get(analyzer.analyzeBatch);
  if (id === undefined) analyzerIds.set(analyzer.analyzeBatch, (id = nextAnalyzerId++));
  return id;
}

function toWordTokens(tokens: readonly Token[]): WordTokens {
  const offsets = new Int32Array(tokens.length * 2);
  tokens.forEach((t, i) => {
    offsets[2 * i] = t.start;
    offsets[2 * i + 1] = t.end;
  });
  return { keys: tokens.map(termKey), offsets };
}

/** The offsets of the tokens whose key is one of `terms`. */
function rangesOf({ keys, offsets }: WordTokens, terms: ReadonlySet<string>): KeyedRange[] {
  const ranges: KeyedRange[] = [];
  keys.forEach((key, i) => {
    if (terms.has(key)) ranges.push({ start: offsets[2 * i]!, end: offsets[2 * i + 1]!, key });
  });
  return ranges;
}

/** The tokens of each word, from the cache or analysed together in one batch. */
function wordTokens(words: readonly string[], analyzer: BatchAnalyzer): WordTokens[] {
  const prefix = `${analyzerId(analyzer)}\u0000`;
  const out = words.map((word) => wordCache.get(prefix + word));
  const missing = words.filter((_, i) => out[i] === undefined);
  if (missing.length === 0) return out as WordTokens[];
  const analysed = analyzer.analyzeBatch(missing);
  let next = 0;
  return out.map((cached, i) => {
    if (cached !== undefined) return cached;
    const fresh = toWordTokens(analysed[next++]!);
    wordCache.set(prefix + words[i]!, fresh);
    return fresh;
  });
}

/** The match ranges of one document (from its match tokens when given, see highlightRangesOf). */
export function highlightRanges(document: Document, searchable: readonly string[], analyzer: BatchAnalyzer, terms: ReadonlySet<string>, stored: Uint8Array | null = null): KeyedMatchRanges {
  return highlightRangesOf([document], searchable, analyzer, [terms], [stored])[0]!;
}

/** A word filter and its answers so far, for one set of terms. */
interface Finder {
  terms: ReadonlySet<string>;
  mayHold: ((word: string) => boolean) | null;
  kept: Map<string, boolean>;
}

/**
 * The match ranges of each document. A document whose match tokens were stored at indexing (`stored[d]`,
 * index/match-tokens.ts) has them read from there. For the others, a word's tokens depend on the word alone
 * (the analyzer segments at whitespace), so the words that may hold a term are analysed once each, all
 * documents' in one batch, and their ranges are placed at every occurrence. Document d is searched for the
 * terms of `terms[d]` (documents sharing a set share its word filter).
 */
export function highlightRangesOf(
  documents: readonly Document[],
  searchable: readonly string[],
  analyzer: BatchAnalyzer,
  terms: ReadonlyArray<ReadonlySet<string>>,
  stored: ReadonlyArray<Uint8Array | null> = [],
): KeyedMatchRanges[] {
  const out: KeyedMatchRanges[] = documents.map(() => new Map());
  const finders = new Map<ReadonlySet<string>, Finder>();
  const finderOf = (set: ReadonlySet<string>): Finder => {
    let finder = finders.get(set);
    if (finder === undefined) finders.set(set, (finder = { terms: set, mayHold: wordFilter(set), kept: new Map() }));
    return finder;
  };
  const occurrences: Array<{ into: KeyedMatchRanges; key: string; start: number; word: string; finder: Finder }> = [];
  documents.forEach((document, d) => {
    const set = terms[d]!;
    if (set.size === 0) return;
    const tokens = stored[d];
    if (tokens !== null && tokens !== undefined) {
      const texts = new Map(flattenValues(document, searchable).map((value) => [`${value.path}#${value.valueIndex}`, value.text]));
      out[d] = findMatchTokens(tokens, (value) => texts.get(value), set);
      return;
    }
    const finder = finderOf(set);
    const { mayHold, kept } = finder;
    if (mayHold === null) {
      // a term spans words (a user dictionary entry with a space): whole values, as indexing saw them
      for (const value of flattenValues(document, searchable)) {
        const ranges = rangesOf(toWordTokens(analyzer.analyze(value.text)), set);
        if (ranges.length > 0) out[d]!.set(`${value.path}#${value.valueIndex}`, ranges);
      }
      return;
    }
    for (const value of flattenValues(document, searchable))
      for (const match of value.text.matchAll(WORD)) {
        const word = match[0];
        let keep = kept.get(word);
        if (keep === undefined) kept.set(word, (keep = mayHold(word)));
        if (keep) occurrences.push({ into: out[d]!, key: `${value.path}#${value.valueIndex}`, start: match.index, word, finder });
      }
  });
  if (occurrences.length === 0) return out;
  const words = [...new Set(occurrences.map((o) => o.word))];
  const tokens = wordTokens(words, analyzer);
  const tokensByWord = new Map(words.map((word, w) => [word, tokens[w]!]));
  // ranges of a word for each finder's terms, computed once per (finder, word)
  const rangesByFinder = new Map<Finder, Map<string, KeyedRange[]>>();
  for (const { into, key, start, word, finder } of occurrences) {
    let byWord = rangesByFinder.get(finder);
    if (byWord === undefined) rangesByFinder.set(finder, (byWord = new Map()));
    let ranges = byWord.get(word);
    if (ranges === undefined) byWord.set(word, (ranges = rangesOf(tokensByWord.get(word)!, finder.terms)));
    if (ranges.length === 0) continue;
    let list = into.get(key);
    if (list === undefined) into.set(key, (list = []));
    for (const range of ranges) list.push({ start: start + range.start, end: start + range.end, key: range.key });
  }
  return out;
}

/**
 * The ranges of `keyed` whose term is in `terms`: what highlightRanges gives for `terms` when `keyed` was found
 * for a superset of them whose words all stay single words (no term with a space, see wordFilter).
 */
export function selectRanges(keyed: KeyedMatchRanges, terms: ReadonlySet<string>): MatchRanges {
  const out: MatchRanges = new Map();
  for (const [value, ranges] of keyed) {
    const kept = ranges.filter((range) => terms.has(range.key));
    if (kept.length > 0) out.set(value, kept);
  }
  return out;
}
