// Morphology (lindera, mecab-ko-dic): golden tables per phenomenon; batching and caching change nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createMorphology, type MorphToken } from '../src/analysis/morphology.ts';
import { DEFAULT_STOP_TAGS } from '../src/settings.ts';

const mixed = createMorphology({ stopTags: DEFAULT_STOP_TAGS, decompound: true });
const whole = createMorphology({ stopTags: DEFAULT_STOP_TAGS, decompound: false });

/** `검색엔진+` is a compound; `@n` is a position step 0 (shares the previous position) when `=`. */
function show(tokens: readonly MorphToken[]): string {
  return tokens
    .map((t) => `${t.step === 0 ? '=' : ''}${t.term}${t.kind === 'compound' ? '+' : ''}[${t.start},${t.end})`)
    .join(' ');
}

function table(rows: ReadonlyArray<readonly [string, string]>, morphology = mixed) {
  const results = morphology.analyze(rows.map(([input]) => input));
  rows.forEach(([input, expected], i) => assert.equal(show(results[i]!), expected, input));
}

test('particles and endings are dropped, inflected forms give their stem', () => {
  table([
    ['학교에서', '학교[0,2)'],
    ['학교에', '학교[0,2)'],
    ['친구에게서', '친구[0,2)'],
    ['갔습니다', '가[0,1)'], // 갔 = 가/VV + 았/EP
    ['먹었다', '먹[0,1)'],
    ['아름다운', '아름답[0,4)'], // the stem is not in the surface, so it keeps the whole span
    ['도와주세요', '돕[0,2) 주[2,3)'],
    ['입니다', ''],
  ]);
});

test('the particle 이, lost from lindera-wasm 1.1.0 ko-dic, is repaired', () => {
  table([
    ['회장이', '회장[0,2)'], // lindera alone: 회/NNBC 장이/XSN
    ['기술이', '기술[0,2)'], // lindera alone: 기술/NNG 이/UNK
    ['입장이었다', '입장[0,2)'], // lindera alone: 입/NNG 장이/XSN 었/EP 다/EF
    ['상황이었지만', '상황[0,2)'],
    ['박대성이', '박대성[0,3)'], // the name read alone; 박대성을 would read 박대/NNG 성/XSN
    ['고양이가', '고양이[0,3)'], // 이 belongs to the word
    ['받아들이면', '받아들이[0,4)'],
    ['먹이의', '먹이[0,2)'], // 먹을 would read 먹/VV, and 이 never follows a verb stem
    ['길이가', '길이[0,2)'], // 길을가 would turn 가/JKS into 가/VV
    ['이', ''], // the determiner 이 alone: lost entry, not content
  ]);
});

test('compounds give the compound and its parts (Nori mixed mode)', () => {
  table([
    ['검색엔진을', '검색엔진+[0,4) =검색[0,2) 엔진[2,4)'],
    ['장바구니에', '장바구니+[0,4) =장[0,1) 바구니[1,4)'],
    ['정보검색시스템', '정보검색시스템+[0,7) =정보[0,2) 검색[2,4) 시스템[4,7)'],
    ['서울특별시', '서울특별시+[0,5) =서울[0,2) 특별시+[2,5) =특별[2,4) 시[4,5)'],
    ['대한민국의', '대한민국+[0,4) =대한[0,2) 민국[2,4)'],
    ['학교의', '학교[0,2)'],
  ]);
});

test('without decompounding, dictionary compounds stay whole and nouns are not joined', () => {
  table(
    [
      ['검색엔진을', '검색[0,2) 엔진[2,4)'],
      ['장바구니에', '장바구니[0,4)'],
    ],
    whole,
  );
});

test('a context character gives Hangul after a number or a Latin word its reading', () => {
  table([
    ['1일', '일[0,1)'], // alone, 일 reads 이/VCP + ㄹ/ETM and vanishes
    ['1개월', '개월[0,2)'],
    ['a와', ''], // alone, 와 reads 오/VV + 아/EC
    ['a를', ''],
  ]);
});

const EOJEOLS = [
  '학교에서',
  '회장이',
  '검색엔진을',
  '장바구니에',
  '갔습니다',
  '1일',
  'a와',
  '고양이가',
  '서울특별시',
  '아름다운',
  '먹이의',
  '꽊꽊',
];

test('property: batched analysis equals one eojeol at a time, in any order, cached or not', () => {
  const alone = new Map(
    EOJEOLS.map((e) => [
      e,
      show(createMorphology({ stopTags: DEFAULT_STOP_TAGS, decompound: true }).analyze([e])[0]!),
    ]),
  );
  fc.assert(
    fc.property(
      fc.shuffledSubarray(EOJEOLS),
      fc.array(fc.constantFrom(...EOJEOLS), { maxLength: 5 }),
      (some, repeats) => {
        const batch = [...some, ...repeats];
        const fresh = createMorphology({ stopTags: DEFAULT_STOP_TAGS, decompound: true });
        for (const round of [1, 2])
          fresh
            .analyze(batch)
            .forEach((tokens, i) =>
              assert.equal(show(tokens), alone.get(batch[i]!), `${batch[i]} (round ${round})`),
            );
      },
    ),
    { numRuns: 30 },
  );
});
