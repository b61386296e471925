// Keyboard layout: golden tables both ways, and the Korean round trip as a property.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { convertHangulToQwerty } from 'es-hangul';
import { toHangulLayout, toLatinLayout } from '../src/analysis/keyboard-layout.ts';

test('Latin typed while meaning Hangul', () => {
  const rows: Array<[string, string | null]> = [
    ['rjator', '검색'],
    ['dkssud', '안녕'],
    ['gksrmf', '한글'],
    ['wkdqkrnl', '장바귀'],
    ['wkdqkrnsl', '장바구니'],
    ['dkssudg', '안녕ㅎ'], // the last syllable still being typed
    ['Rkcl', '까치'], // shift gives the tense consonant
    ['iphone', null], // ㅑㅔㅙㅜㄷ: real Latin words do not assemble
    ['hello', null],
    ['qwer', null], // ㅂㅈㄷㄱ: consonants only
    ['abc1', null], // not letters only
    ['검색', null],
  ];
  for (const [input, expected] of rows) assert.equal(toHangulLayout(input), expected, input);
});

test('Hangul typed while meaning Latin', () => {
  const rows: Array<[string, string | null]> = [
    ['ㅑㅔㅙㅜㄷ', 'iphone'],
    ['햐ㅔㅙㅜㄷ', 'giphone'], // 햐 is g + i: the keys as typed, not a guess
    ['해ㅐ히ㄷ', 'google'],
    ['ㅜㅑㅏㄷ', 'nike'],
    ['검색', null], // all complete syllables: Korean as typed
    ['ㄱㅅㅇㅈ', null], // rtdw has no vowel: a chosung query, not a Latin word
    ['ㅋㅋ', null],
    ['rjator', null],
  ];
  for (const [input, expected] of rows) assert.equal(toLatinLayout(input), expected, input);
});

test('property: any syllable string typed in English mode is repaired exactly', () => {
  const syllable = fc.integer({ min: 0xac00, max: 0xd7a3 }).map((c) => String.fromCharCode(c));
  const word = fc.array(syllable, { minLength: 1, maxLength: 5 }).map((s) => s.join(''));
  fc.assert(fc.property(word, (w) => assert.equal(toHangulLayout(convertHangulToQwerty(w)), w)));
});
