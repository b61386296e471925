// Highlighting analyses only the words that may hold a query term: the filter's golden cases, and the
// property that matters, that it never changes which ranges are highlighted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { termKey } from '../src/query/expand.ts';
import { highlightRanges } from '../src/query/match-ranges.ts';
import { initialsSkeleton, wordFilter } from '../src/query/word-filter.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';

const analyzer = createAnalyzer({ stopWords: [], dictionary: [], separatorTokens: [], nonSeparatorTokens: [], korean: DEFAULT_KOREAN });
const BIGRAM = (pair: string) => termKey({ term: pair, kind: 'bigram' });

describe('word filter', () => {
  it('maps syllables to their initial consonants, other characters as they are', () => {
    assert.equal(initialsSkeleton('검색 api 2026'), 'ㄱㅅ api 2026');
  });

  const cases: Array<[string, string[], string, boolean]> = [
    ['a morpheme inside its word', ['학교'], '학교에서', true],
    ['하 contracted: 했', ['하'], '했다', true],
    ['ㅂ-irregular: 돕 → 도와', ['돕'], '도와주었다', true],
    ['르-irregular: 부르 → 불러', ['부르'], '불러요', true],
    ['final 하 merged into the ending: 피하 → 피치', ['피하'], '피치', true],
    ['thousands separators dropped: 1,601m', ['1601m'], '영랑봉(1,601m),', true],
    ['Latin case and width folded', ['api'], 'ＡＰＩ를', true],
    ['NFD Hangul', ['검색'], '검색'.normalize('NFD'), true],
    ['a bigram is exact', [BIGRAM('엔진')], '검색엔진', true],
    ['a bigram is not loose', [BIGRAM('엔진')], '엔지니어', false],
    ['another word', ['학교'], '도서관에서', false],
    ['other initials', ['검색'], '장바구니', false],
  ];
  for (const [name, terms, word, expected] of cases)
    it(name, () => assert.equal(wordFilter(new Set(terms))!(word), expected));

  it('gives up (null) when a term spans a space, as a dictionary entry may', () => {
    assert.equal(wordFilter(new Set(['검색 엔진'])), null);
  });
});

describe('highlighting with the word filter', () => {
  it('marks exactly the ranges a full analysis of each value marks', () => {
    for (const doc of KOREAN_DOCS) {
      const texts = Object.values(doc).filter((v): v is string => typeof v === 'string');
      for (const text of texts) {
        const tokens = analyzer.analyze(text);
        // every term of the document, one at a time and all together: each must highlight the same
        const keys = [...new Set(tokens.map(termKey))];
        for (const terms of [...keys.map((k) => new Set([k])), new Set(keys)]) {
          const expected = tokens.filter((t) => terms.has(termKey(t))).map((t) => ({ start: t.start, end: t.end }));
          const actual = highlightRanges({ text }, ['text'], analyzer, terms).get('text#0') ?? [];
          assert.deepEqual(actual, expected, `${[...terms].join(',')} in ${text}`);
        }
      }
    }
  });
});
