import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery } from '../src/query/parse.ts';

test('query syntax: phrases, exclusions and prefix on the last word being typed', () => {
  const table: Array<[string, ReturnType<typeof parseQuery>]> = [
    ['검색엔진', { text: '검색엔진', phrases: [], excluded: [], prefixLast: true }],
    ['검색엔진 ', { text: '검색엔진', phrases: [], excluded: [], prefixLast: false }],
    ['까치네는 무엇인가?', { text: '까치네는 무엇인가?', phrases: [], excluded: [], prefixLast: false }],
    ['검색엔진이다.', { text: '검색엔진이다.', phrases: [], excluded: [], prefixLast: false }],
    ['검색 "형태소 분석" -광고', { text: '검색', phrases: ['형태소 분석'], excluded: ['광고'], prefixLast: false }],
    ['-"스팸 메일" 까치 iPhone', { text: '까치 iPhone', phrases: [], excluded: ['스팸 메일'], prefixLast: true }],
    ['"열린 따옴표', { text: '열린 따옴표', phrases: [], excluded: [], prefixLast: true }],
    ['"박정희 정권 지지 철회\' 인터뷰', { text: "박정희 정권 지지 철회' 인터뷰", phrases: [], excluded: [], prefixLast: true }],
    ['체스에서 "행"은', { text: '체스에서 은', phrases: ['행'], excluded: [], prefixLast: true }],
    ['3-4 e-mail', { text: '3-4 e-mail', phrases: [], excluded: [], prefixLast: true }],
    ['- 단독', { text: '- 단독', phrases: [], excluded: [], prefixLast: true }],
  ];
  for (const [q, expected] of table) assert.deepEqual(parseQuery(q), expected, q);
});
