// The contract between text analysis and the index: what a token is, and which options shape it.
import type { TokenColumns } from './token-columns.ts';

/**
 * Where a token came from:
 * - `word`: a Latin word, a number or any non-Hangul run (`iPhone15` → `iphone15`; see the analyzer for splits)
 * - `morph`: a Hangul content morpheme from mecab-ko-dic (`학교에` → `학교`)
 * - `compound`: a whole compound noun, emitted beside its parts (`검색엔진` → `검색엔진`, `검색`, `엔진`)
 * - `bigram`: two adjacent Hangul syllables inside one eojeol (`검색엔진` → `검색`, `색엔`, `엔진`)
 */
export type TokenKind = 'word' | 'morph' | 'compound' | 'bigram';

export interface Token {
  /** Normalized term (NFC, width- and case-folded). The index keeps kinds apart, so a bigram never equals a morph. */
  term: string;
  kind: TokenKind;
  /** UTF-16 offsets into the ORIGINAL text (before normalization), for highlighting. */
  start: number;
  end: number;
  /**
   * Word position for phrases and proximity. Consecutive content units (morphs, words) count up by one,
   * dropped particles and endings leave no gap, a compound shares the position of its first part,
   * and a bigram carries the position of the morph or word it overlaps first.
   */
  position: number;
}

/** Kachi's `korean` settings. Every feature is on by default and can be switched off. */
export interface KoreanOptions {
  /** Morphological analysis with mecab-ko-dic (lindera). Default true. */
  morphology: boolean;
  /** Hangul character bigrams beside morphemes. Default true. */
  bigrams: boolean;
  /** Keep a compound and its parts (Nori's "mixed" mode). Default true. */
  decompound: boolean;
  /** Query side: chosung search, ㄱㅅㅇㅈ → 검색엔진. Default true. */
  chosung: boolean;
  /** Query side: keyboard-layout repair, rjator → 검색 and ㅑㅔㅙㅜㄷ → iphone. Default true. */
  keyboardLayout: boolean;
  /** Query side: jamo-level typo tolerance, 검샥 → 검색. Default true. */
  jamoTypo: boolean;
  /** Query side: a half-composed last syllable, 장바ㄱ → 장바구니. Default true. */
  partialSyllable: boolean;
  /** Match across spacing differences, 검색 엔진 ⇄ 검색엔진. Default true. */
  spacing: boolean;
  /** POS tags dropped from the token stream (mecab-ko-dic tags; default: Nori's stop tags). */
  stopTags: string[];
}

/** Everything that shapes analysis; built by the engine from an index's settings. */
export interface AnalyzerConfig {
  korean: KoreanOptions;
  /** Terms dropped at index and query time (after normalization). */
  stopWords: string[];
  /** User dictionary: words kept whole, never split by morphology (Meilisearch's `dictionary`). */
  dictionary: string[];
  /** Extra characters or strings that separate words. */
  separatorTokens: string[];
  /** Characters that would separate words but must not (e.g. `#`, `@`). */
  nonSeparatorTokens: string[];
}

/** One thing the user typed that must match in "all terms" mode, e.g. `검색엔진` at position 0. */
export interface QueryUnit {
  position: number;
  /** Tokens any of which satisfies the unit: `검색엔진` (compound) and `검색` (its first part). */
  alternatives: Token[];
  /** The typed text of the unit (normalized), e.g. `ㄱㅅㅇㅈ` or `rjator`. */
  source: string;
  /** The last unit of the text, eligible for prefix search. */
  isLast: boolean;
}

export interface QueryAnalysis {
  units: QueryUnit[];
  bigrams: Token[];
}

export interface Analyzer {
  /** Tokens of one field value, for indexing: words, morphs, compounds and bigrams. */
  analyze(text: string): Token[];
  /** The same pipeline on a query, grouped into units. */
  analyzeQuery(text: string): QueryAnalysis;
}

/** The analyzer `createAnalyzer` builds: batching many values shares one morphology call among them. */
export interface BatchAnalyzer extends Analyzer {
  /** `analyze` over many texts at once, same results, faster (uncached eojeols go to lindera together). */
  analyzeBatch(texts: readonly string[]): Token[][];
  /**
   * What indexing needs of `analyzeBatch` (term, kind and position of each token; no offsets), as
   * columns; cached per eojeol when the settings allow it.
   */
  analyzeColumns(texts: readonly string[]): TokenColumns;
}
