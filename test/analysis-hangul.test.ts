// Hangul helpers: golden tables for jamo, chosung and partial syllables; decompose∘compose = identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assemble } from 'es-hangul';
import {
  chosungOf,
  hasPartialLastSyllable,
  isAllSyllables,
  isChosungOnly,
  toCompatibilityJamo,
  toJamo,
} from '../src/analysis/hangul.ts';

test('toJamo splits syllables, complex vowels and complex finals', () => {
  const rows: Array<[string, string]> = [
    ['검색', 'ㄱㅓㅁㅅㅐㄱ'],
    ['과', 'ㄱㅗㅏ'], // ㅘ = ㅗ + ㅏ, so the IME state 고 is a prefix of 과
    ['닭', 'ㄷㅏㄹㄱ'], // ㄺ = ㄹ + ㄱ, so the IME state 닭 is a prefix of 달걀
    ['장박', 'ㅈㅏㅇㅂㅏㄱ'],
    ['장바ㄱ', 'ㅈㅏㅇㅂㅏㄱ'],
    ['iPhone 15', 'iPhone 15'],
  ];
  for (const [input, expected] of rows) assert.equal(toJamo(input), expected, input);
});

test('chosung: initial consonants of each syllable', () => {
  const rows: Array<[string, string]> = [
    ['검색엔진', 'ㄱㅅㅇㅈ'],
    ['장바구니', 'ㅈㅂㄱㄴ'],
    ['까치', 'ㄲㅊ'],
    ['ㄱㅅ', 'ㄱㅅ'],
  ];
  for (const [input, expected] of rows) assert.equal(chosungOf(input), expected, input);
});

test('isChosungOnly: only consonants that can start a syllable', () => {
  const rows: Array<[string, boolean]> = [
    ['ㄱㅅㅇㅈ', true],
    ['ㄲㅊ', true],
    ['ㄳ', false], // only ever a final
    ['ㄱㅏ', false],
    ['검', false],
    ['', false],
  ];
  for (const [input, expected] of rows) assert.equal(isChosungOnly(input), expected, input);
});

test('partial syllables: a word still being composed ends in one lone jamo', () => {
  const rows: Array<[string, boolean]> = [
    ['장바ㄱ', true],
    ['검색ㅇ', true],
    ['가ㅏ', true],
    ['장박', false], // complete syllables (the IME state is handled by jamo prefixes)
    ['ㄱ', false],
    ['ㄱㅅ', false],
  ];
  for (const [input, expected] of rows) assert.equal(hasPartialLastSyllable(input), expected, input);
});

test('conjoining jamo map to compatibility jamo', () => {
  const rows: Array<[number, string | null]> = [
    [0x1100, 'ㄱ'],
    [0x1112, 'ㅎ'],
    [0x1161, 'ㅏ'],
    [0x1175, 'ㅣ'],
    [0x11a8, 'ㄱ'],
    [0x11aa, 'ㄳ'],
    [0x11c2, 'ㅎ'],
    [0x1160, ''],
    [0x0041, null],
  ];
  for (const [code, expected] of rows) assert.equal(toCompatibilityJamo(code), expected, code.toString(16));
});

const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
const word = fc.array(syllable, { minLength: 1, maxLength: 6 }).map((s) => s.join(''));

test('property: decompose∘compose is the identity on syllable strings', () => {
  fc.assert(fc.property(word, (w) => assert.equal(assemble([...toJamo(w)]), w)));
});

test('property: chosung has one consonant per syllable, each a prefix of that syllable', () => {
  fc.assert(
    fc.property(word, (w) => {
      const c = chosungOf(w);
      assert.equal(c.length, w.length);
      assert.ok(isChosungOnly(c) && isAllSyllables(w));
      [...w].forEach((s, i) => assert.ok(toJamo(s).startsWith(c[i]!)));
    }),
  );
});
