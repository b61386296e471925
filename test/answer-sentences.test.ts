// Sentence splitting: golden tables per phenomenon (endings, numbers, abbreviations, quotes, dates), and offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitSentences } from '../src/answer/sentences.ts';

function table(rows: ReadonlyArray<readonly [string, string[]]>) {
  for (const [input, expected] of rows)
    assert.deepEqual(
      splitSentences(input).map((s) => s.text),
      expected,
      `splitSentences(${JSON.stringify(input)})`,
    );
}

test('Korean endings with . ? ! end sentences', () => {
  table([
    ['까치는 새다. 참새목에 속한다.', ['까치는 새다.', '참새목에 속한다.']],
    ['맞아요? 네, 맞아요! 그렇군요.', ['맞아요?', '네, 맞아요!', '그렇군요.']],
    ['무엇일까? 아무도 모른다…  끝', ['무엇일까?', '아무도 모른다…', '끝']],
    ['정말?! 놀랍다.', ['정말?!', '놀랍다.']],
    ['마지막 문장에는 마침표가 없다', ['마지막 문장에는 마침표가 없다']],
  ]);
});

test('decimal numbers and digit groups are not boundaries', () => {
  table([
    [
      '매출은 3.5조 원이었다. 다음 해에는 4.2조 원이었다.',
      ['매출은 3.5조 원이었다.', '다음 해에는 4.2조 원이었다.'],
    ],
    ['버전 2.0.1이 나왔다. 좋다.', ['버전 2.0.1이 나왔다.', '좋다.']],
    ['인구는 1,234.5만 명이다.', ['인구는 1,234.5만 명이다.']],
  ]);
});

test('abbreviations and initials are not boundaries', () => {
  table([
    ['J. R. R. 톨킨이 썼다. 유명하다.', ['J. R. R. 톨킨이 썼다.', '유명하다.']],
    ['Alexander Haig, Jr. 는 군인이었다.', ['Alexander Haig, Jr. 는 군인이었다.']],
    ['U.S. Army에 입대했다. 그 뒤 떠났다.', ['U.S. Army에 입대했다.', '그 뒤 떠났다.']],
    ['Dr. Kim과 Mr. Lee가 왔다.', ['Dr. Kim과 Mr. Lee가 왔다.']],
    ['오전 9 a.m. 회의가 있다. 늦지 말자.', ['오전 9 a.m. 회의가 있다.', '늦지 말자.']],
  ]);
});

test('quotes: a closed quote followed by 고/라고 goes on; one followed by a space ends', () => {
  table([
    ['그는 "크다."고 말했다. 끝이다.', ['그는 "크다."고 말했다.', '끝이다.']],
    ['그는 "간다." 라고 했다', ['그는 "간다." 라고 했다']],
    ['"정말 좋다." 그녀가 웃었다.', ['"정말 좋다."', '그녀가 웃었다.']],
    ['‘왜?’ 하고 물었다.', ['‘왜?’ 하고 물었다.']],
    ['(참고: 끝.) 다음 문장.', ['(참고: 끝.)', '다음 문장.']],
  ]);
});

test('Korean dates with periods and list numbers are not boundaries', () => {
  table([
    ['2020. 3. 5. 발표했다. 다음', ['2020. 3. 5. 발표했다.', '다음']],
    ['1. 개요\n2. 역사', ['1. 개요', '2. 역사']],
    ['첫 줄\n\n둘째 줄', ['첫 줄', '둘째 줄']],
  ]);
});

test('offsets point into the text and sentences never overlap', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('까치', '3.5', '다.', ' ', '요?', '"', 'Jr.', '\n', '!', '2020.', 'A.'), {
        maxLength: 30,
      }),
      (parts) => {
        const text = parts.join('');
        let last = 0;
        for (const s of splitSentences(text)) {
          assert.equal(text.slice(s.start, s.end), s.text);
          assert.ok(s.start >= last && s.end > s.start);
          assert.equal(s.text, s.text.trim());
          last = s.end;
        }
      },
    ),
  );
});
