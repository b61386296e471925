// eojeolBounds (indexing's lean eojeol cut) must cut exactly where segment() does under the default options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalize } from '../src/analysis/normalize.ts';
import { eojeolBounds, segment } from '../src/analysis/segment.ts';

const DEFAULTS = { separatorTokens: [], nonSeparatorTokens: [], dictionary: null };

function segmentBounds(text: string): number[] {
  return segment(text, DEFAULTS).flatMap((e) => [e.start, e.end]);
}

const PIECES = ['학교에서', ' ', '  ', 'iPhone15를', '3.5', '1,000원', '.', ',', 'ㄱㅅ', '정치ㆍ경제', '😀', '𠀀자', '(까치)', '—', '\t', '\n', 'é', 'ＡＢＣ', '「인용」', 'a.b', '-'];

test('eojeolBounds cuts where segment does', () => {
  for (const text of ['', ' ', '학교에서 공부했다', '  iPhone15를 3.5만원에 샀다.  ', '정치ㆍ경제·사회', '😀까치😀 𠀀', 'ㄱㅅ ㅋㅋ'])
    assert.deepEqual([...eojeolBounds(normalize(text).text)], segmentBounds(normalize(text).text), text);
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }), (pieces) => {
      const text = normalize(pieces.join('')).text;
      assert.deepEqual([...eojeolBounds(text)], segmentBounds(text));
    }),
    { numRuns: 500 },
  );
});
