// Baseline tokenizers for the benchmarks' reference engines (not Kachi's analyzer, which lives in src/).

// Precomposed Hangul syllables 가..힣 (U+AC00–U+D7A3). Jamo and compatibility jamo are not syllables
// and stay in the non-Hangul runs, like Latin letters and digits.
const SYLLABLE_RUNS = /[\uAC00-\uD7A3]+|[^\uAC00-\uD7A3]+/gu;
const SYLLABLES = /^[\uAC00-\uD7A3]/u;
// Anything that is not a letter, a mark or a digit separates words.
const SEPARATORS = /[^\p{L}\p{M}\p{N}]+/u;

/**
 * Words: NFKC, lowercase, split on every non-letter, non-digit character.
 * @example wordTokens('임종석이 1989년에') // → ['임종석이', '1989년에']
 */
export function wordTokens(text: string): string[] {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .split(SEPARATORS)
    .filter((w) => w !== '');
}

/**
 * Hangul character bigrams: each word is cut into Hangul runs and other runs; a Hangul run of two or
 * more syllables gives its overlapping bigrams, a lone syllable stays a unigram, other runs stay whole.
 * Bigrams need no dictionary and match a stem through any particle (`임종석이` ⊃ `임종`, `종석`).
 * @example hangulBigrams('임종석이 iPhone15를') // → ['임종', '종석', '석이', 'iphone15', '를']
 */
export function hangulBigrams(text: string): string[] {
  const tokens: string[] = [];
  for (const word of wordTokens(text)) {
    for (const run of word.match(SYLLABLE_RUNS) ?? []) {
      if (!SYLLABLES.test(run) || run.length < 2) {
        tokens.push(run);
        continue;
      }
      for (let i = 0; i + 1 < run.length; i++) tokens.push(run.slice(i, i + 2));
    }
  }
  return tokens;
}
