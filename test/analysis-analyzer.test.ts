// The analyzer on documents: golden tables per phenomenon (terms and positions), offsets, settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { normalize } from '../src/analysis/normalize.ts';
import type { AnalyzerConfig, KoreanOptions, Token } from '../src/analysis/types.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';

function analyzer(
  config: Partial<Omit<AnalyzerConfig, 'korean'>> & { korean?: Partial<KoreanOptions> } = {},
) {
  return createAnalyzer({
    stopWords: [],
    dictionary: [],
    separatorTokens: [],
    nonSeparatorTokens: [],
    ...config,
    korean: { ...DEFAULT_KOREAN, ...config.korean },
  });
}

const standard = analyzer();

/** Content tokens as `term@position`, marked `+` for a compound and `#` for a word. */
const content = (tokens: readonly Token[]) =>
  tokens
    .filter((t) => t.kind !== 'bigram')
    .map((t) => `${t.term}${t.kind === 'compound' ? '+' : t.kind === 'word' ? '#' : ''}@${t.position}`)
    .join(' ');
const bigrams = (tokens: readonly Token[]) =>
  tokens
    .filter((t) => t.kind === 'bigram')
    .map((t) => `${t.term}@${t.position}`)
    .join(' ');

function table(rows: ReadonlyArray<readonly [string, string]>, a = standard) {
  const results = a.analyzeBatch(rows.map(([input]) => input));
  rows.forEach(([input, expected], i) => assert.equal(content(results[i]!), expected, input));
}

test('particles: dropped, leaving no gap in positions', () => {
  table([
    ['학교에서', '학교@0'],
    ['학교에 갔습니다', '학교@0 가@1'],
    ['나는 밥을 먹었다', '나@0 밥@1 먹@2'],
    ['서울에서부터 부산까지', '서울@0 부산@1'],
    ['까치가 날아갔다', '까치@0 날아가@1'],
    ['회장이 기술이 상황이었지만', '회장@0 기술@1 상황@2'],
    ['장바구니를', '장바구니+@0 장@0 바구니@1'],
  ]);
});

test('compounds: the compound shares the position of its first part', () => {
  table([
    ['검색엔진을 만들었어요', '검색엔진+@0 검색@0 엔진@1 만들@2'],
    ['한국어 형태소 분석기', '한국어+@0 한국@0 어@1 형태소+@2 형태@2 소@3 분석기+@4 분석@4 기@5'],
    ['정보검색시스템', '정보검색시스템+@0 정보@0 검색@1 시스템@2'],
    ['검색 엔진', '검색@0 엔진@1'],
    ['학교와 도서관', '학교@0 도서관+@1 도서@1 관@2'],
  ]);
  table([['검색엔진을 만들었어요', '검색@0 엔진@1 만들@2']], analyzer({ korean: { decompound: false } }));
});

test('mixed script: Latin words, parts of mixed words, other scripts', () => {
  table([
    ['iPhone15를 샀다', 'iphone15#@0 iphone#@0 15#@1 사@2'],
    ['Kachi와 검색', 'kachi#@0 검색@1'],
    ['mecab-ko-dic 사전', 'mecab#@0 ko#@1 dic#@2 사전@3'],
    ['USB-C 포트', 'usb#@0 c#@1 포트@2'],
    ['세종(世宗)', '세종@0 世宗#@1'],
    ['ㅋㅋㅋ 재밌다', 'ㅋㅋㅋ#@0 재밌@1'],
    ['Café', 'café#@0'],
    ['ＳＥＯ 최적화', 'seo#@0 최적@1'], // 최적/NNG + 화/XSN: suffixes are stop tags
    ['정치ㆍ경제', '정치@0 경제@1'], // ㆍ (U+318D) is a middle dot in Korean text, not a jamo
  ]);
});

test('numbers: decimals stay whole, digit-group commas go, counters after numbers are read as counters', () => {
  table([
    ['3.5버전', '3.5#@0 버전@1'],
    ['1,000원', '1000#@0 원@1'],
    ['2024년 1월 15일', '2024#@0 년@1 1#@2 월@3 15#@4 일@5'],
    ['3,349mAh', '3349mah#@0 3349#@0 mah#@1'],
    ['v1.2.3', 'v1.2.3#@0 v#@0 1.2.3#@1'],
    ['12.5%', '12.5#@0'],
    ['010-1234-5678', '010#@0 1234#@1 5678#@2'],
    ['３개월', '3#@0 개월@1'],
  ]);
});

test('NFD input (macOS file names) gives the NFC tokens, with offsets into the NFD text', () => {
  const nfc = '까치_검색엔진_소개.pdf';
  const nfd = nfc.normalize('NFD');
  assert.equal(content(standard.analyze(nfd)), content(standard.analyze(nfc)));
  assert.equal(content(standard.analyze(nfd)), '까치@0 검색엔진+@1 검색@1 엔진@2 소개@3 pdf#@4');
  const engine = standard.analyze(nfd).find((t) => t.term === '엔진' && t.kind === 'morph')!;
  assert.equal(nfd.slice(engine.start, engine.end).normalize('NFC'), '엔진');
});

test('bigrams: inside each eojeol, at the position of the first token they overlap', () => {
  const rows: Array<[string, string]> = [
    ['검색엔진을', '검색@0 색엔@0 엔진@1 진을@1'],
    ['학교에 갔다', '학교@0 교에@0 갔다@1'],
    ['책', '책@0'], // a one-syllable eojeol is still findable
    ['iPhone15를', ''], // 를 is one syllable, but not a whole eojeol
    ['그리고 책', '그리@0 리고@0 책@0'], // 그리고 (MAJ) has no content: its bigrams take the next position there is
  ];
  for (const [input, expected] of rows) assert.equal(bigrams(standard.analyze(input)), expected, input);
  assert.equal(bigrams(analyzer({ korean: { bigrams: false } }).analyze('검색엔진을')), '');
});

test('without morphology, a Hangul run is one word and bigrams still give recall', () => {
  const a = analyzer({ korean: { morphology: false } });
  assert.equal(content(a.analyze('학교에서 공부')), '학교에서#@0 공부#@1');
  assert.equal(bigrams(a.analyze('학교에서')), '학교@0 교에@0 에서@0');
});

test('stop words are dropped without a gap, matched after normalization', () => {
  table(
    [
      ['서울의 날씨', '날씨@0'],
      ['SEO 최적화', '최적@0'],
    ],
    analyzer({ stopWords: ['서울', 'ＳＥＯ'] }),
  );
});

test('user dictionary words are kept whole, found before morphology', () => {
  const a = analyzer({ dictionary: ['시립도서관', '카카오뱅크', 'C++', '배달의 민족', 'go'] });
  table(
    [
      ['시립도서관 공지', '시립도서관@0 공지@1'],
      ['카카오뱅크에서 송금', '카카오뱅크@0 송금@1'],
      ['C++로 만든', 'c++#@0 만들@1'],
      ['배달의 민족 앱', '배달의 민족#@0 앱@1'],
      ['google', 'google#@0'], // a Latin dictionary word needs word boundaries
    ],
    a,
  );
});

test('separator and non-separator tokens', () => {
  table([['1920x1080', '1920#@0 1080#@1']], analyzer({ separatorTokens: ['x'] }));
  // c# is a word with the part c; 그리고 (MAJ) is dropped
  table([['c# 그리고 c++', 'c##@0 c#@0 c++#@1 c#@1']], analyzer({ nonSeparatorTokens: ['#', '+'] }));
});

test('offsets: every token maps back to the original text, for highlighting', () => {
  const text = 'ＮＦＤ 파일 ' + '검색엔진'.normalize('NFD') + '을 iPhone15로!';
  for (const t of standard.analyze(text)) {
    const original = normalize(text.slice(t.start, t.end)).text;
    if (t.kind === 'bigram' || t.kind === 'compound' || t.kind === 'word')
      assert.equal(original, t.term, JSON.stringify(t));
    else assert.ok(original.includes(t.term) || t.term.length > 0, JSON.stringify(t));
  }
});

test('property: analyze equals analyzeBatch, tokens are in range, positions never decrease within kinds', () => {
  const piece = fc.constantFrom(
    '검색엔진을 ',
    '학교에서',
    ' ',
    'iPhone15',
    '3.5',
    ',',
    '장바구니',
    'ㄱㅅ',
    '회장이',
    'Ａ',
    '검'.normalize('NFD'),
    '😀',
    '-',
  );
  const texts = fc.array(
    fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
    { maxLength: 4 },
  );
  fc.assert(
    fc.property(texts, (list) => {
      const batch = standard.analyzeBatch(list);
      list.forEach((text, i) => {
        assert.deepEqual(standard.analyze(text), batch[i]);
        let last = -1;
        for (const t of batch[i]!) {
          assert.ok(
            t.start >= 0 && t.start < t.end && t.end <= text.length && t.term !== '',
            JSON.stringify(t),
          );
          if (t.kind !== 'bigram') {
            assert.ok(t.position >= last && t.position <= last + 1, `position ${t.position} after ${last}`);
            last = t.position;
          }
        }
      });
    }),
    { numRuns: 60 },
  );
});
