// Highlighting analyses only the words that may hold a query term: the filter's golden cases, and the
// property that matters, that it never changes which ranges are highlighted.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { termKey } from '../src/query/expand.ts';
import { highlightRanges, selectRanges } from '../src/query/match-ranges.ts';
import { wordFilter } from '../src/query/word-filter.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';

const analyzer = createAnalyzer({ stopWords: [], dictionary: [], separatorTokens: [], nonSeparatorTokens: [], korean: DEFAULT_KOREAN });
const BIGRAM = (pair: string) => termKey({ term: pair, kind: 'bigram' });

describe('word filter', () => {
  const cases: Array<[string, string[], string, boolean]> = [
    ['a morpheme inside its word', ['학교'], '학교에서', true],
    ['하 contracted: 했', ['하'], '했다', true],
    ['a vowel-final stem gains a final: 가 → 갔', ['가'], '갔다', true],
    ['stem vowel contracted: 되 → 됐', ['되'], '됐다', true],
    ['ㅂ-irregular: 돕 → 도와', ['돕'], '도와주었다', true],
    ['ㅎ-irregular: 파랗 → 파래', ['파랗'], '파래서', true],
    ['것+이 → 게', ['것'], '그게', true],
    ['two syllables of a stem contracted: 이루어지 → 이뤄진', ['이루어지'], '이뤄진', true],
    ['보이 → 뵈', ['선보이'], '선뵌다', true],
    ['르-irregular: 부르 → 불러', ['부르'], '불러요', true],
    ['final 하 merged into the ending: 피하 → 피치', ['피하'], '피치', true],
    ['thousands separators dropped: 1,601m', ['1601m'], '영랑봉(1,601m),', true],
    ['Latin case and width folded', ['api'], 'ＡＰＩ를', true],
    ['NFD Hangul', ['검색'], '검색'.normalize('NFD'), true],
    ['a bigram is exact', [BIGRAM('엔진')], '검색엔진', true],
    ['a bigram is not loose', [BIGRAM('엔진')], '엔지니어', false],
    ['another word', ['학교'], '도서관에서', false],
    ['other initials', ['검색'], '장바구니', false],
    ['same initials, other vowels', ['검색'], '공사', false],
    ['a stable final is kept: 있 is not 이', ['있'], '이것이', false],
    ['a one-syllable stem keeps its vowel: 되 is not 대', ['되'], '대학에서', false],
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
        const all = highlightRanges({ text }, ['text'], analyzer, new Set(keys));
        for (const terms of [...keys.map((k) => new Set([k])), new Set(keys)]) {
          const expected = tokens
            .filter((t) => terms.has(termKey(t)))
            .map((t) => ({ start: t.start, end: t.end, key: termKey(t) }));
          const actual = highlightRanges({ text }, ['text'], analyzer, terms).get('text#0') ?? [];
          assert.deepEqual(actual, expected, `${[...terms].join(',')} in ${text}`);
          // found once for every term, then picked per term set (alerts matching one document)
          assert.deepEqual(selectRanges(all, terms).get('text#0') ?? [], expected, `selected ${[...terms].join(',')}`);
        }
      }
    }
  });
});
