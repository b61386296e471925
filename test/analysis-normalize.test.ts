// normalize: golden tables per phenomenon, and properties of the offset map.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalize } from '../src/analysis/normalize.ts';

const NFD = (s: string) => s.normalize('NFD');

function table(rows: ReadonlyArray<readonly [string, string]>) {
  for (const [input, expected] of rows)
    assert.equal(normalize(input).text, expected, `normalize(${JSON.stringify(input)})`);
}

test('NFD input (macOS file names) becomes NFC', () => {
  table([
    [NFD('검색엔진'), '검색엔진'],
    [NFD('도서관_보고서.pdf'), '도서관_보고서.pdf'],
    [NFD('Café'), 'café'],
    ['\u1100\u1161\u11a8', '각'], // conjoining L V T → one syllable
  ]);
});

test('full- and half-width forms fold', () => {
  table([
    ['ＡＢＣ１２３', 'abc123'],
    ['ｉＰｈｏｎｅ　１５', 'iphone 15'], // U+3000 ideographic space → space
    ['\uFFA1\uFFB5', 'ㄱㅅ'], // halfwidth Hangul jamo → compatibility jamo
    ['ￂ', 'ㅏ'],
    ['￦1,000', '₩1,000'],
  ]);
});

test('case folds, but compatibility characters other than widths stay (ㄱ stays ㄱ, ① stays ①)', () => {
  table([
    ['iPhone', 'iphone'],
    ['KACHI 까치', 'kachi 까치'],
    ['ㄱㅅㅇㅈ', 'ㄱㅅㅇㅈ'],
    ['①', '①'],
  ]);
});

test('conjoining jamo standing alone become compatibility jamo', () => {
  table([
    ['\u1100', 'ㄱ'],
    ['\u1100\u1109', 'ㄱㅅ'], // two initials do not compose
    ['\u11a8', 'ㄱ'], // a final alone
    ['\u1161', 'ㅏ'],
    ['장바\u1100', '장바ㄱ'],
  ]);
});

test('zero-width characters inside words are dropped', () => {
  table([
    ['검\u200b색', '검색'],
    ['\ufeff학교', '학교'],
    ['soft\u00adware', 'software'],
  ]);
});

test('offsets point into the original text: NFD 검색 (6 code units) → 검 at 0, 색 at 3', () => {
  const { text, offsets } = normalize(NFD('검색') + 'A');
  assert.equal(text, '검색a');
  assert.deepEqual(offsets, [0, 3, 6, 7]);
});

test('a surrogate pair is never split', () => {
  const { text, offsets } = normalize('a𠀀b😀');
  assert.equal(text, 'a𠀀b😀');
  assert.deepEqual(offsets, [0, 1, 1, 3, 4, 4, 6]);
});

test("regression: a lone high surrogate before a pair does not take the pair's first half", () => {
  const { text, offsets } = normalize('\ud800𠀀');
  assert.equal(text, '\ud800𠀀');
  assert.deepEqual(offsets, [0, 1, 1, 3]);
});

// Text that exercises every branch: NFD Hangul, width forms, case, marks, jamo, surrogates, ignorables.
const piece = fc.constantFrom(
  '검',
  NFD('색'),
  '엔',
  'A',
  'ｂ',
  'Ｃ',
  'é',
  NFD('é'),
  '\u0301',
  '\u1100',
  '\u1161',
  '\u11a8',
  'ﾡ',
  '𠀀',
  '😀',
  '\u200b',
  ' ',
  '1',
  'İ',
  'ß',
  '\ud800',
);
const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

test('property: offsets are non-decreasing, in range, and end at the original length', () => {
  fc.assert(
    fc.property(text, (input) => {
      const { text: out, offsets } = normalize(input);
      assert.equal(offsets.length, out.length + 1);
      assert.equal(offsets[out.length], input.length);
      for (let i = 1; i < offsets.length; i++) assert.ok(offsets[i - 1]! <= offsets[i]!);
      for (const o of offsets) assert.ok(o >= 0 && o <= input.length);
    }),
  );
});

test('property: the original span of any normalized chunk normalizes back to that chunk', () => {
  fc.assert(
    fc.property(text, (input) => {
      const { text: out, offsets } = normalize(input);
      // chunk starts: where the offset moves on (characters of one chunk share an offset)
      const starts = [
        0,
        ...offsets.slice(1, out.length).flatMap((o, i) => (o !== offsets[i] ? [i + 1] : [])),
        out.length,
      ];
      for (let a = 0; a + 1 < starts.length; a++) {
        const i = starts[a]!;
        const j = starts[a + 1]!;
        assert.equal(normalize(input.slice(offsets[i], offsets[j])).text, out.slice(i, j));
      }
    }),
  );
});

test('property: normalization is idempotent and never starts a span on a low surrogate', () => {
  fc.assert(
    fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 20 })), (input) => {
      const { text: out, offsets } = normalize(input);
      assert.equal(normalize(out).text, out);
      for (const o of offsets.slice(0, -1)) {
        const code = input.charCodeAt(o);
        const afterHigh = o > 0 && input.charCodeAt(o - 1) >= 0xd800 && input.charCodeAt(o - 1) <= 0xdbff;
        assert.ok(
          !(code >= 0xdc00 && code <= 0xdfff && afterHigh),
          `offset ${o} splits a pair in ${JSON.stringify(input)}`,
        );
      }
    }),
  );
});

test('property: on Hangul syllables and ASCII, normalize equals NFC + lowercase (the oracle)', () => {
  const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
  const ascii = fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c));
  const word = fc
    .array(fc.oneof(syllable, syllable.map(NFD), ascii), { maxLength: 15 })
    .map((p) => p.join(''));
  fc.assert(
    fc.property(word, (input) => assert.equal(normalize(input).text, input.normalize('NFC').toLowerCase())),
  );
});

test('an ignorable character between a letter and its combining mark does not keep them apart', () => {
  // found by the idempotence property: the mark used to compose only on a second pass
  for (const [input, expected] of [
    ['A\u200B\u0301', 'á'],
    ['\u1100\u200B\u1161', '가'],
  ]) {
    const { text } = normalize(input!);
    assert.equal(text, expected);
    assert.equal(normalize(text).text, text);
  }
});
