// Indexing analysis (token columns, cached per eojeol, on two threads) against the plain analyzer:
// the same terms, kinds, positions and content-token offsets for every text, whichever path or thread
// produced them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import { createIndexingAnalyzer } from '../src/analysis/parallel-analyzer.ts';
import { TOKEN_KINDS, type TokenColumns } from '../src/analysis/token-columns.ts';
import type { AnalyzerConfig, Token } from '../src/analysis/types.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';
import { loadKorquad } from '../bench/lib/korquad.ts';

const CONFIG: AnalyzerConfig = {
  korean: DEFAULT_KOREAN,
  stopWords: [],
  dictionary: [],
  separatorTokens: [],
  nonSeparatorTokens: [],
};

const EDGE_CASES = [
  '',
  '검색엔진을 만들었어요',
  '회장이었다 고양이 놀이터에서 기술이 박대성이',
  '15일 iPhone15를 샀다. Kachi와 3.5 1,000원',
  'ㄱㅅㅇㅈ ㅋㅋ 정치ㆍ경제 c# 漢字 テスト 😀이모지',
  '\u1100\u1161\u11a8 NFD 검\u200B색',
  '학교 학교 학교에서 학교의 급식',
  '   앞뒤 공백   ',
  '한',
  '!!! ... ---',
];

/** Each text's tokens as `kind:term@position`, in order, with `[start,end)` in the original text for content tokens. */
function fromTokens(texts: ReadonlyArray<readonly Token[]>): string[][] {
  return texts.map((tokens) => tokens.map((t) => `${t.kind}:${t.term}@${t.position}${t.kind === 'bigram' ? '' : `[${t.start},${t.end})`}`));
}

function fromColumns(c: TokenColumns): string[][] {
  const out: string[][] = [];
  for (let i = 0; i + 1 < c.textStarts.length; i++) {
    const tokens: string[] = [];
    for (let k = c.textStarts[i]!; k < c.textStarts[i + 1]!; k++)
    {
      const kind = TOKEN_KINDS[c.kinds[c.entries[k]!]!];
      tokens.push(`${kind}:${c.terms[c.entries[k]!]}@${c.positions[k]}${kind === 'bigram' ? '' : `[${c.starts[k]},${c.ends[k]})`}`);
    }
    out.push(tokens);
  }
  return out;
}

test('analyzeColumns gives the tokens of analyzeBatch (edge cases, then again from the eojeol cache)', () => {
  const plain = createAnalyzer(CONFIG);
  const columns = createAnalyzer(CONFIG);
  const expected = fromTokens(plain.analyzeBatch(EDGE_CASES));
  assert.deepEqual(fromColumns(columns.analyzeColumns(EDGE_CASES)), expected);
  assert.deepEqual(fromColumns(columns.analyzeColumns(EDGE_CASES)), expected);
});

test('analyzeColumns with stop words and a user dictionary (not cached per eojeol) gives the same tokens', () => {
  const config = { ...CONFIG, stopWords: ['학교', 'the'], dictionary: ['카카오뱅크', '배달의 민족'] };
  const texts = ['학교에서 the 카카오뱅크로 배달의 민족을 썼다', ...EDGE_CASES];
  assert.deepEqual(
    fromColumns(createAnalyzer(config).analyzeColumns(texts)),
    fromTokens(createAnalyzer(config).analyzeBatch(texts)),
  );
});

test('analyzeColumns on random Korean-like text matches analyzeBatch', () => {
  const plain = createAnalyzer(CONFIG);
  const columns = createAnalyzer(CONFIG);
  const piece = fc.constantFrom(
    '검색',
    '엔진',
    '을',
    '이',
    '회장',
    '15',
    'a',
    'iPhone',
    ' ',
    ' ',
    '.',
    ',',
    'ㅋ',
    '학교에서',
    '3.5',
    '😀',
    '\u0301',
  );
  fc.assert(
    fc.property(
      fc.array(
        fc.array(piece, { maxLength: 12 }).map((p) => p.join('')),
        { minLength: 1, maxLength: 6 },
      ),
      (texts) => {
        assert.deepEqual(fromColumns(columns.analyzeColumns(texts)), fromTokens(plain.analyzeBatch(texts)));
      },
    ),
    { numRuns: 150 },
  );
});

test('the worker thread and the calling thread give the tokens of the plain analyzer (KorQuAD contexts)', () => {
  const texts = loadKorquad()
    .passages.slice(0, 200)
    .map((p) => p.text);
  const expected = fromTokens(createAnalyzer(CONFIG).analyzeBatch(texts));
  const parallel = createIndexingAnalyzer(CONFIG, { parallel: true, minParallelChars: 1 });
  try {
    assert.deepEqual(fromColumns(parallel.analyzeColumns(texts)), expected);
    assert.deepEqual(
      fromColumns(parallel.analyzeColumns(texts)),
      expected,
      'again, from both threads’ caches',
    );
  } finally {
    parallel.close();
  }
});
