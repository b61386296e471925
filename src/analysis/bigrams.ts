// Hangul character bigrams inside an eojeol: recall for words morphology splits differently or not at all.
import { isSyllableCode } from './hangul.ts';
import type { Token } from './types.ts';

/**
 * Bigrams of each stretch of syllables in `text[start, end)`, appended to `out`; an eojeol that is one
 * syllable alone gives that syllable, so it stays findable. Offsets are into `text`; positions are 0
 * until placed.
 * @example hangulBigrams('검색엔진을', 0, 5, out) // → 검색, 색엔, 엔진, 진을
 * @example hangulBigrams('iphone15를', 0, 9, out) // → (none: 를 is one syllable, but not the whole eojeol)
 * @example hangulBigrams('책', 0, 1, out) // → 책
 */
export function hangulBigrams(text: string, start: number, end: number, out: Token[]): void {
  if (end - start === 1 && isSyllableCode(text.charCodeAt(start))) {
    out.push({ term: text[start]!, kind: 'bigram', start, end, position: 0 });
    return;
  }
  for (let i = start; i + 1 < end; i++) {
    if (isSyllableCode(text.charCodeAt(i)) && isSyllableCode(text.charCodeAt(i + 1)))
      out.push({ term: text.slice(i, i + 2), kind: 'bigram', start: i, end: i + 2, position: 0 });
  }
}
