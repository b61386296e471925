// analyzeQuery: golden tables of query units (position, source, alternatives) per phenomenon.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createAnalyzer } from '../src/analysis/analyzer.ts';
import type { QueryAnalysis } from '../src/analysis/types.ts';
import { DEFAULT_KOREAN } from '../src/settings.ts';

const analyzer = createAnalyzer({
  korean: DEFAULT_KOREAN,
  stopWords: [],
  dictionary: [],
  separatorTokens: [],
  nonSeparatorTokens: [],
});

/** Units as `position:source=alternative|alternative`, `+` marking a compound and `#` a word, `*` the last unit. */
function show(q: QueryAnalysis): string {
  return q.units
    .map(
      (u) =>
        `${u.position}:${u.source}=${u.alternatives.map((t) => `${t.term}${t.kind === 'compound' ? '+' : t.kind === 'word' ? '#' : ''}`).join('|')}${u.isLast ? '*' : ''}`,
    )
    .join(' ');
}

function table(rows: ReadonlyArray<readonly [string, string]>) {
  for (const [input, expected] of rows) assert.equal(show(analyzer.analyzeQuery(input)), expected, input);
}

test('particles stay in the source of their unit; compounds give one unit per part', () => {
  table([
    ['학교에서', '0:학교에서=학교*'],
    ['장바구니를', '0:장=장바구니+|장 1:바구니를=바구니*'],
    ['검색엔진', '0:검색=검색엔진+|검색 1:엔진=엔진*'],
    ['검색 엔진 최적화', '0:검색=검색 1:엔진=엔진 2:최적화=최적*'],
    ['한국어 형태소', '0:한국=한국어+|한국 1:어=어 2:형태=형태소+|형태 3:소=소*'],
  ]);
});

test('mixed script and numbers', () => {
  table([
    ['iPhone 15 배터리', '0:iphone=iphone# 1:15=15# 2:배터리=배터리*'],
    ['iphone15', '0:iphone=iphone15#|iphone# 1:15=15#*'],
    ['usb-c', '0:usb=usb# 1:c=c#*'],
    ['1995년', '0:1995=1995# 1:년=년*'],
    ['ＡＢＣ', '0:abc=abc#*'],
  ]);
});

test('chosung and keyboard-layout queries stay one unit each, for expansion to repair', () => {
  table([
    ['ㄱㅅㅇㅈ', '0:ㄱㅅㅇㅈ=ㄱㅅㅇㅈ#*'],
    ['rjator', '0:rjator=rjator#*'],
    ['ㅑㅔㅙㅜㄷ', '0:ㅑㅔㅙㅜㄷ=ㅑㅔㅙㅜㄷ#*'],
    ['rjator 엔진', '0:rjator=rjator# 1:엔진=엔진*'],
  ]);
});

test('partial syllables: a word still being typed keeps all of its typed text', () => {
  table([
    ['장바ㄱ', '0:장바ㄱ=장바ㄱ#*'], // one unit, left to jamo-prefix expansion
    ['쇼핑 장바ㄱ', '0:쇼핑=쇼핑 1:장바ㄱ=장바ㄱ#*'],
    ['장박', '0:장박=장박*'], // the IME state of 장바구: complete syllables, matched by jamo prefix
    ['검색엔', '0:검색엔=검색*'], // 엔 is read as a particle, but stays in the source for prefix search
    ['ㄱ', '0:ㄱ=ㄱ#*'],
    ['검색 에', '0:검색=검색 1:에=에#*'], // 에 alone reads as a particle, but may be the start of 에어컨
    ['검색 에 ', '0:검색=검색*'], // typing is over: the particle is dropped
    ['빨리', ''], // an adverb (a stop tag): no unit, only its bigram can match
  ]);
});

test('bigrams of the query are listed apart from the units', () => {
  const q = analyzer.analyzeQuery('검색엔진을 찾다');
  assert.deepEqual(
    q.bigrams.map((t) => `${t.term}@${t.position}`),
    ['검색@0', '색엔@0', '엔진@1', '진을@1', '찾다@2'],
  );
});

test('offsets of alternatives point into the query as typed', () => {
  const typed = 'ＮＦＤ ' + '검색엔진'.normalize('NFD');
  const q = analyzer.analyzeQuery(typed);
  const engine = q.units.flatMap((u) => u.alternatives).find((t) => t.term === '엔진')!;
  assert.equal(typed.slice(engine.start, engine.end).normalize('NFC'), '엔진');
  assert.equal(q.units[1]?.source, '검색');
});
