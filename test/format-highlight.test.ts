// Golden tables for highlighting: merged analyzer ranges on Korean mixed with English, numbers and emoji.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { boundariesOf, highlight, mergeRanges, type TextRange } from '../src/query/highlight.ts';

const EM = { preTag: '<em>', postTag: '</em>' };

/** Every occurrence of `word` in `text` as a range, the way the analyzer reports a matched token. */
function occurrences(text: string, word: string): TextRange[] {
  const out: TextRange[] = [];
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1))
    out.push({ start: i, end: i + word.length });
  return out;
}

describe('highlight', () => {
  const cases: Array<[string, string, TextRange[], string]> = [
    ['one Korean word', '까치가 날아요', [{ start: 0, end: 2 }], '<em>까치</em>가 날아요'],
    [
      'compound and its parts overlap: one tag',
      '까치집을 지어요',
      [
        { start: 0, end: 3 },
        { start: 0, end: 2 },
        { start: 2, end: 3 },
      ],
      '<em>까치집</em>을 지어요',
    ],
    [
      'bigrams overlap: merged',
      '검색엔진',
      [
        { start: 0, end: 2 },
        { start: 1, end: 3 },
        { start: 2, end: 4 },
      ],
      '<em>검색엔진</em>',
    ],
    [
      'touching morphemes merge',
      '서울특별시',
      [
        { start: 2, end: 5 },
        { start: 0, end: 2 },
      ],
      '<em>서울특별시</em>',
    ],
    [
      'separate words keep separate tags',
      '까치 까치',
      [
        { start: 3, end: 5 },
        { start: 0, end: 2 },
      ],
      '<em>까치</em> <em>까치</em>',
    ],
    [
      'unsorted ranges',
      'Kachi는 까치',
      [
        { start: 7, end: 9 },
        { start: 0, end: 5 },
      ],
      '<em>Kachi</em>는 <em>까치</em>',
    ],
    ['numbers', '인구 940만 명', [{ start: 3, end: 6 }], '인구 <em>940</em>만 명'],
    ['emoji before the match', '🐦까치 🐦', [{ start: 2, end: 4 }], '🐦<em>까치</em> 🐦'],
    [
      'a range cutting a surrogate pair grows to the whole emoji',
      '🐦까치',
      [{ start: 1, end: 3 }],
      '<em>🐦까</em>치',
    ],
    ['a range ending inside a surrogate pair grows too', '까🐦치', [{ start: 0, end: 2 }], '<em>까🐦</em>치'],
    ['ZWJ emoji stays whole', '👩‍💻 개발자', [{ start: 0, end: 1 }], '<em>👩‍💻</em> 개발자'],
    [
      'out-of-range and empty ranges are ignored',
      '까치',
      [
        { start: 5, end: 9 },
        { start: 1, end: 1 },
        { start: -3, end: 1 },
      ],
      '<em>까</em>치',
    ],
    ['no ranges', '까치 Kachi 🐦', [], '까치 Kachi 🐦'],
    ['empty text', '', [{ start: 0, end: 3 }], ''],
  ];
  for (const [name, text, ranges, expected] of cases)
    it(name, () => assert.equal(highlight(text, ranges, EM), expected));

  it('uses the given tags', () => {
    assert.equal(
      highlight(
        '까치와 Kachi',
        [
          { start: 0, end: 2 },
          { start: 4, end: 9 },
        ],
        { preTag: '**', postTag: '**' },
      ),
      '**까치**와 **Kachi**',
    );
    assert.equal(highlight('까치', [{ start: 0, end: 2 }], { preTag: '', postTag: '' }), '까치');
  });

  it('highlights every analyzer match of a mixed sentence', () => {
    const text = 'Kachi(까치)는 한국어 검색엔진이다 🔍 v1.2, 2024년 출시';
    const ranges = [
      ...occurrences(text, 'Kachi'),
      ...occurrences(text, '까치'),
      ...occurrences(text, '검색'),
      ...occurrences(text, '엔진'),
      ...occurrences(text, '2024'),
    ];
    assert.equal(
      highlight(text, ranges, EM),
      '<em>Kachi</em>(<em>까치</em>)는 한국어 <em>검색엔진</em>이다 🔍 v1.2, <em>2024</em>년 출시',
    );
  });

  it('NFD Hangul: a range inside a decomposed syllable covers the whole syllable', () => {
    const text = '까치'.normalize('NFD'); // ᄁ ᅡ ᄎ ᅵ: four code units, two syllables
    assert.equal(
      highlight(text, [{ start: 1, end: 2 }], EM),
      `<em>${'까'.normalize('NFD')}</em>${'치'.normalize('NFD')}`,
    );
  });
});

describe('mergeRanges', () => {
  it('sorts, snaps and merges: the input order and overlaps do not matter', () => {
    assert.deepEqual(
      mergeRanges('🐦 까치집 🐦', [
        { start: 5, end: 6 },
        { start: 3, end: 5 },
        { start: 7, end: 8 },
      ]),
      [
        { start: 3, end: 6 },
        { start: 7, end: 9 },
      ],
    );
  });

  it('does not change the ranges it is given', () => {
    const ranges = [
      { start: 0, end: 2 },
      { start: 1, end: 3 },
    ];
    mergeRanges('까치집', ranges);
    assert.deepEqual(ranges, [
      { start: 0, end: 2 },
      { start: 1, end: 3 },
    ]);
  });
});

describe('boundariesOf', () => {
  it('never stops inside a surrogate pair', () => {
    const bounds = boundariesOf('a🐦b');
    assert.equal(bounds.down(2), 1);
    assert.equal(bounds.up(2), 3);
  });

  it('keeps CRLF and combining marks whole, and plain Hangul is cut anywhere', () => {
    assert.equal(boundariesOf('a\r\nb').up(2), 3);
    assert.equal(boundariesOf('e\u0301x').down(1), 0);
    assert.equal(boundariesOf('까치집').down(2), 2);
  });
});
