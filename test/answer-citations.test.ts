// Citation checking: markers to passages not given are removed, whole or streamed in any split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkCitations, citedNumbers, createCitationFilter } from '../src/answer/citation-filter.ts';

test('valid markers stay, invalid ones go (with the space before them)', () => {
  const rows: ReadonlyArray<readonly [string, number, string]> = [
    ['서울이에요 [1].', 2, '서울이에요 [1].'],
    ['서울이에요 [3].', 2, '서울이에요.'],
    ['서울 [1][7], 부산 [2].', 2, '서울 [1], 부산 [2].'],
    ['둘 다예요 [1, 9, 2].', 2, '둘 다예요 [1, 2].'],
    ['없는 문서 [0].', 2, '없는 문서.'],
    ['배열 a[i]와 [링크]는 그대로', 1, '배열 a[i]와 [링크]는 그대로'],
  ];
  for (const [text, count, expected] of rows) assert.equal(checkCitations(text, count), expected, text);
  assert.deepEqual(citedNumbers('서울 [2], 부산 [1, 2].'), [2, 1]);
});

test('streamed in any pieces, the filter gives what checking the whole text gives', () => {
  const piece = fc.constantFrom(
    '서울',
    '이에요',
    ' ',
    '[',
    ']',
    '1',
    '2',
    '7',
    ', ',
    '.',
    '답',
    '[1]',
    ' [3]',
    'a[i]',
  );
  fc.assert(
    fc.property(fc.array(piece, { maxLength: 40 }), fc.integer({ min: 0, max: 3 }), (pieces, count) => {
      const filter = createCitationFilter(count);
      const streamed = pieces.map((p) => filter.push(p)).join('') + filter.flush();
      assert.equal(streamed, checkCitations(pieces.join(''), count));
    }),
    { numRuns: 500 },
  );
});

test('a removed citation never reaches the reader, even split across tokens', () => {
  const filter = createCitationFilter(2);
  const out = [
    filter.push('답은 서울 ['),
    filter.push('3'),
    filter.push('] 이에요 ['),
    filter.push('2]'),
    filter.flush(),
  ];
  assert.ok(!out.some((piece) => piece.includes('3')));
  assert.equal(out.join(''), '답은 서울 이에요 [2]');
});
