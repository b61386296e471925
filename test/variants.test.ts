// TermVariants: golden tables for chosung, typos, partial syllables and keyboard layout, and every
// lookup checked against a brute-force scan of the terms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { chosungOf, isAllSyllables, toJamo } from '../src/analysis/hangul.ts';
import { TermVariants } from '../src/query/variants.ts';

const TERMS = [
  '검색',
  '검색엔진',
  '검사',
  '검수',
  '감사',
  '장바구니',
  '장바',
  '장',
  '바구니',
  '달걀',
  '과일',
  '사랑',
  'iphone',
  'iphone15',
  '엔진',
  '한국어',
];

function variants(terms: readonly string[] = TERMS, docFreq?: (t: string) => number): TermVariants {
  const v = new TermVariants(docFreq ? { docFreq } : {});
  for (const t of terms) v.add(t);
  return v;
}

test('chosung: exact initials, or initials that start with the query', () => {
  const v = variants();
  const rows: Array<[string, boolean, string[]]> = [
    ['ㄱㅅㅇㅈ', false, ['검색엔진']],
    ['ㄱㅅ', false, ['검색', '검사', '검수', '감사']],
    ['ㄱㅅ', true, ['검색', '검사', '검수', '감사', '검색엔진']], // fewest extra syllables first
    ['ㅈㅂㄱㄴ', false, ['장바구니']],
    ['ㅈㅂ', true, ['장바', '장바구니']],
    ['ㄳ', true, []], // never an initial consonant
    ['검', true, []],
  ];
  for (const [query, prefix, expected] of rows)
    assert.deepEqual(v.chosungMatches(query, { prefix, limit: 10 }), expected, `${query} prefix=${prefix}`);
});

test('typos: jamo-level edit distance', () => {
  const v = variants();
  const rows: Array<[string, number, string]> = [
    ['검샥', 1, '검색:1'], // ㅐ → ㅑ (검사 is two edits away: ㅑ → ㅏ and no ㄱ)
    ['검삭', 1, '검색:1 검사:1'], // ㅐ → ㅏ; 검사 has one jamo less
    ['겅색엔진', 1, '검색엔진:1'], // ㅁ → ㅇ
    ['겅색앤진', 2, '검색엔진:2'],
    ['살앙', 1, '사랑:1'], // ㅅㅏㄹㅇㅏㅇ against ㅅㅏㄹㅏㅇ: one inserted ㅇ
    ['iphnoe', 1, 'iphone:1'], // two neighbours swapped cost one edit
    ['검색', 0, '검색:0'],
    ['검색', 1, '검색:0'],
    ['검사', 1, '검사:0 검수:1 감사:1'], // ㅏ → ㅜ, ㅓ → ㅏ
  ];
  for (const [query, max, expected] of rows)
    assert.equal(
      v
        .typoMatches(query, max, 10)
        .map((m) => `${m.term}:${m.distance}`)
        .join(' '),
      expected,
      `${query} within ${max}`,
    );
});

test('partial syllables: jamo prefixes of a word still being composed', () => {
  const v = variants();
  const rows: Array<[string, string[]]> = [
    ['장바ㄱ', ['장바구니']],
    ['장박', ['장바구니']], // the IME state on the way to 장바구
    ['닭', ['달걀']], // ㄷㅏㄹㄱ: the IME state on the way to 달걀
    ['고', ['과일']], // ㄱㅗ: ㅘ is ㅗ + ㅏ
    ['검색ㅇ', ['검색엔진']],
    ['장', ['장', '장바', '장바구니']], // nearest first
    ['ip', ['iphone', 'iphone15']],
    ['없음', []],
  ];
  for (const [query, expected] of rows) assert.deepEqual(v.jamoPrefixMatches(query, 10), expected, query);
});

test('keyboard layout: the word as typed in the other input mode', () => {
  const v = variants();
  const rows: Array<[string, string[]]> = [
    ['rjator', ['검색']],
    ['wkdqkrnsl', ['장바구니']],
    ['ㅑㅔㅙㅜㄷ', ['iphone']],
    ['검색', []],
    ['iphone', []],
  ];
  for (const [query, expected] of rows) assert.deepEqual(v.keyboardAlternatives(query), expected, query);
});

test('ranking: distance first, then document frequency, then the order terms were added', () => {
  const freq: Record<string, number> = { 검수: 50, 검사: 10, 검색: 10 };
  const v = variants(TERMS, (t) => freq[t] ?? 0);
  assert.deepEqual(v.chosungMatches('ㄱㅅ', { prefix: false, limit: 3 }), ['검수', '검색', '검사']);
  assert.deepEqual(v.chosungMatches('ㄱㅅ', { prefix: false, limit: 1 }), ['검수']);
});

test('bigram keys and repeats are not added; deleted terms are not found', () => {
  const v = variants(['검색', '\u0001검색', '검색']);
  assert.equal(v.size, 1);
  v.delete('검색');
  assert.deepEqual(v.typoMatches('검색', 1, 10), []);
  assert.deepEqual(v.jamoPrefixMatches('검', 10), []);
  v.add('검색');
  assert.deepEqual(v.chosungMatches('ㄱㅅ', { prefix: false, limit: 10 }), ['검색']);
});

test('saved and loaded, the side indexes answer as before, and go on taking and dropping terms alike', () => {
  const saved = variants(TERMS);
  saved.delete('검사');
  saved.delete('바구니');
  const loaded = TermVariants.fromBytes(saved.toBytes())!;
  const answers = (v: TermVariants) =>
    ['검색', '검샥', '장바ㄱ', 'ㄱㅅ', 'ㅈㅂㄱㄴ', '바구니', '과'].map((q) => [
      v.typoMatches(q, 2, 20),
      v.jamoPrefixMatches(q, 20),
      v.chosungMatches(q, { prefix: true, limit: 20 }),
    ]);
  assert.equal(loaded.size, saved.size);
  assert.deepEqual(answers(loaded), answers(saved));
  for (const v of [saved, loaded]) {
    v.add('검사');
    v.add('검색기');
    v.delete('장바구니');
  }
  assert.deepEqual(answers(loaded), answers(saved));
  assert.ok(loaded.has('검색기') && !loaded.has('장바구니'));
  assert.deepEqual(loaded.toBytes(), saved.toBytes());
});

// Oracles: plain scans over the terms.
function osa(a: readonly string[], b: readonly string[]): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const row = d[i]!;
      row[j] = Math.min(
        d[i - 1]![j]! + 1,
        row[j - 1]! + 1,
        d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        row[j] = Math.min(row[j]!, d[i - 2]![j - 2]! + 1);
    }
  return d[a.length]![b.length]!;
}

// A small alphabet so random terms are often near each other.
const syllable = fc.constantFrom(
  '가',
  '각',
  '간',
  '거',
  '검',
  '색',
  '샥',
  '새',
  '엔',
  '진',
  '장',
  '바',
  '박',
  '구',
  '니',
  'a',
  'b',
);
const term = fc.array(syllable, { minLength: 1, maxLength: 4 }).map((s) => s.join(''));
const terms = fc.uniqueArray(term, { maxLength: 40 });

test('property: typoMatches equals a brute-force jamo edit distance over the terms that start with the same jamo', () => {
  fc.assert(
    fc.property(terms, term, fc.integer({ min: 0, max: 2 }), (list, query, max) => {
      const expected = list
        .filter((t) => toJamo(t)[0] === toJamo(query)[0])
        .map((t) => ({ term: t, distance: osa([...toJamo(query)], [...toJamo(t)]) }))
        .filter((m) => m.distance <= max)
        .sort((a, b) => a.distance - b.distance || list.indexOf(a.term) - list.indexOf(b.term));
      assert.deepEqual(variants(list).typoMatches(query, max, 1000), expected);
      assert.deepEqual(variants(list).typoMatches(query, max, 2), expected.slice(0, 2), 'a small limit keeps the nearest');
    }),
  );
});

test('property: jamoPrefixMatches equals a brute-force jamo prefix scan', () => {
  fc.assert(
    fc.property(terms, term, (list, query) => {
      const key = toJamo(query);
      const expected = list
        .filter((t) => toJamo(t).startsWith(key))
        .sort((a, b) => toJamo(a).length - toJamo(b).length || list.indexOf(a) - list.indexOf(b));
      assert.deepEqual(variants(list).jamoPrefixMatches(query, 1000), expected);
    }),
  );
});

test('property: chosungMatches equals a brute-force scan of initials, exact and prefix', () => {
  const chosung = fc
    .array(fc.constantFrom('ㄱ', 'ㅅ', 'ㅇ', 'ㅈ', 'ㅂ', 'ㄴ'), { minLength: 1, maxLength: 3 })
    .map((c) => c.join(''));
  fc.assert(
    fc.property(terms, chosung, (list, query) => {
      const hangul = list.filter(isAllSyllables);
      const exact = hangul.filter((t) => chosungOf(t) === query);
      const prefix = hangul
        .filter((t) => chosungOf(t).startsWith(query))
        .sort((a, b) => a.length - b.length || list.indexOf(a) - list.indexOf(b));
      const v = variants(list);
      assert.deepEqual(v.chosungMatches(query, { prefix: false, limit: 1000 }), exact);
      assert.deepEqual(v.chosungMatches(query, { prefix: true, limit: 1000 }), prefix);
    }),
  );
});

test('property: with a limit, the nearest candidates are kept', () => {
  fc.assert(
    fc.property(terms, term, fc.integer({ min: 1, max: 5 }), (list, query, limit) => {
      const v = variants(list);
      const all = v.typoMatches(query, 2, 1000);
      assert.deepEqual(v.typoMatches(query, 2, limit), all.slice(0, limit));
      const prefixes = v.jamoPrefixMatches(query.slice(0, 1), 1000);
      assert.deepEqual(v.jamoPrefixMatches(query.slice(0, 1), limit), prefixes.slice(0, limit));
    }),
  );
});
