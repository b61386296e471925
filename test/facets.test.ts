// The facet index outside filters: facetDistribution, facetStats, facet search (Korean prefixes and
// chosung), large posting lists, and save-then-load.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KachiError } from '../src/errors.ts';
import { Bitset } from '../src/index/bitset.ts';
import { BITSET_THRESHOLD } from '../src/index/facet-postings.ts';
import { facetDistribution, facetStats } from '../src/index/facet-distribution.ts';
import { facetSearch } from '../src/index/facet-search.ts';
import { FacetIndex } from '../src/index/facets.ts';
import { evaluateFilter, matchesFilter } from '../src/query/filter-eval.ts';
import { parseFilter } from '../src/query/filter-parse.ts';
import type { Document } from '../src/search-types.ts';

const SHOWS: Document[] = [
  { genre: ['드라마', 'Thriller'], city: '서울 특별시', year: 2019, price: 12000, author: { name: '김은숙' } },
  { genre: 'drama', city: 'Busan', year: 2020, price: 9900.5, author: { name: '김은숙' } },
  { genre: '드라마', city: '서울 특별시', year: 2020, price: 15000 },
  { genre: '다큐멘터리', city: 'Café Seoul', year: 2018, price: 0 },
  { genre: 'Drama', city: 'café seoul', year: '2021', author: { name: 'Kim' } },
  { genre: '들판 이야기', year: null },
];

function build(docs: readonly Document[], attributes = ['genre', 'city', 'year', 'price', 'author']): { facets: FacetIndex; all: Bitset } {
  const facets = new FacetIndex(attributes);
  const all = new Bitset(docs.length);
  docs.forEach((doc, i) => {
    facets.add(i, doc);
    all.add(i);
  });
  return { facets, all };
}

function docsOf(...ids: number[]): Bitset {
  const set = new Bitset(8);
  for (const id of ids) set.add(id);
  return set;
}

describe('facetDistribution', () => {
  const { facets, all } = build(SHOWS);

  it('counts values within the hits, showing the first spelling, numbers first then alpha', () => {
    assert.deepEqual(facetDistribution(facets, ['genre', 'year'], all), {
      genre: { drama: 2, Thriller: 1, 다큐멘터리: 1, 드라마: 2, '들판 이야기': 1 },
      year: { 2018: 1, 2019: 1, 2020: 2, 2021: 1 },
    });
    // Keys are the first spelling seen ('Thriller'), and 'drama'/'Drama' are one value.
    assert.deepEqual(Object.keys(facetDistribution(facets, ['genre'], all).genre!), ['drama', 'Thriller', '다큐멘터리', '드라마', '들판 이야기']);
  });

  it('only counts the given documents, and omits values with no hit', () => {
    assert.deepEqual(facetDistribution(facets, ['genre'], docsOf(1, 2)), { genre: { drama: 1, 드라마: 1 } });
  });

  it('sortFacetValuesBy count and maxValuesPerFacet', () => {
    const result = facetDistribution(facets, ['city'], all, { sortFacetValuesBy: { '*': 'count' }, maxValuesPerFacet: 2 });
    // Equal counts keep alpha order: 'café seoul' sorts before '서울 특별시'; Busan (1) is cut.
    assert.deepEqual(Object.entries(result.city!), [['Café Seoul', 2], ['서울 특별시', 2]]);
  });

  it('expands * and parents of nested fields; unknown facets come back empty', () => {
    assert.deepEqual(facetDistribution(facets, ['author'], all), { 'author.name': { Kim: 1, 김은숙: 2 } });
    assert.deepEqual(Object.keys(facetDistribution(facets, ['*'], all)).sort(), ['author.name', 'city', 'genre', 'price', 'year']);
    assert.deepEqual(facetDistribution(facets, ['평점'], all), { 평점: {} });
  });

  it('refuses facets that are not filterable, in Meilisearch words', () => {
    assert.throws(
      () => facetDistribution(facets, ['doggo'], all, { filterable: ['title'] }),
      (e: unknown) => e instanceof KachiError && e.code === 'invalid_search_facets' && e.message === 'Invalid facet distribution, attribute `doggo` is not filterable. The available filterable attribute is `title`.',
    );
    assert.throws(
      () => facetDistribution(facets, ['doggo'], all, { filterable: ['장르', 'city'] }),
      (e: unknown) => e instanceof KachiError && e.message.endsWith('The available filterable attributes are `city, 장르`.'),
    );
  });

  it('counting by documents and counting by postings agree', () => {
    const docs = Array.from({ length: 3000 }, (_, i): Document => ({ id: i, tag: [`t${i % 7}`, `u${i % 3}`] }));
    const big = build(docs, ['id', 'tag']);
    const brute = (hits: Bitset): Record<string, number> => {
      const out: Record<string, number> = {};
      for (const i of hits) for (const tag of docs[i]!.tag as string[]) out[tag] = (out[tag] ?? 0) + 1;
      return out;
    };
    // 3 hits walk the hits' values; all 3000 hits walk the postings of the 10 tags.
    const few = docsOf(1, 2, 8);
    assert.deepEqual(facetDistribution(big.facets, ['tag'], few).tag, { t1: 2, t2: 1, u1: 1, u2: 2 });
    assert.deepEqual(facetDistribution(big.facets, ['tag'], big.all).tag, brute(big.all));
    assert.deepEqual(Object.keys(facetDistribution(big.facets, ['tag'], big.all).tag!), ['t0', 't1', 't2', 't3', 't4', 't5', 't6', 'u0', 'u1', 'u2']);
    assert.equal(Object.keys(facetDistribution(big.facets, ['id'], big.all).id!).length, 100, 'maxValuesPerFacet defaults to 100');
  });
});

describe('facetStats', () => {
  const { facets, all } = build(SHOWS);

  it('gives min and max of numeric values among the hits, and skips facets without numbers', () => {
    assert.deepEqual(facetStats(facets, ['price', 'year', 'genre'], all), { price: { min: 0, max: 15000 }, year: { min: 2018, max: 2020 } });
    assert.deepEqual(facetStats(facets, ['price'], docsOf(0, 1)), { price: { min: 9900.5, max: 12000 } });
    assert.deepEqual(facetStats(facets, ['price'], docsOf(5)), {});
  });
});

describe('facetSearch', () => {
  const { facets, all } = build(SHOWS);
  const search = (field: string, query: string | null, docs = all): string[] => facetSearch(facets, field, query, docs).map((h) => `${h.value}:${h.count}`);

  it('matches prefixes case- and accent-insensitively', () => {
    assert.deepEqual(search('city', 'cafe'), ['Café Seoul:2']);
    assert.deepEqual(search('genre', 'DR'), ['drama:2']);
  });

  it('matches Korean prefixes, half-typed syllables and chosung', () => {
    // Jamo-level prefixes: '드' may still become '들', so 들판 matches too.
    assert.deepEqual(search('genre', '드'), ['드라마:2', '들판 이야기:1']);
    assert.deepEqual(search('genre', '드라'), ['드라마:2']);
    // A Korean IME shows '들' while typing 드라…; it must also find 들판.
    assert.deepEqual(search('genre', '들'), ['드라마:2', '들판 이야기:1']);
    assert.deepEqual(search('genre', 'ㄷㄹ'), ['드라마:2']);
    assert.deepEqual(search('genre', 'ㄷ'), ['다큐멘터리:1', '드라마:2', '들판 이야기:1']);
    assert.deepEqual(search('genre', 'ㄷㅍ ㅇ'), ['들판 이야기:1']);
    assert.deepEqual(search('city', '서울 특'), ['서울 특별시:2']);
  });

  it('counts within the given documents, lists everything for an empty query, and sorts by count on request', () => {
    assert.deepEqual(search('genre', '', docsOf(0, 1)), ['drama:1', 'Thriller:1', '드라마:1']);
    assert.deepEqual(search('genre', null, docsOf(3)), ['다큐멘터리:1']);
    const byCount = facetSearch(facets, 'genre', null, all, { sortFacetValuesBy: 'count', maxFacetHits: 2 });
    assert.deepEqual(byCount, [{ value: 'drama', count: 2 }, { value: '드라마', count: 2 }]);
    assert.deepEqual(search('없는필드', '드'), []);
  });
});

describe('FacetIndex storage', () => {
  it('switches large posting lists to bitsets and still removes documents', () => {
    const n = 2 * BITSET_THRESHOLD + 500;
    const docs = Array.from({ length: n }, (_, i): Document => ({ genre: i % 2 === 0 ? '드라마' : 'SF', rank: i }));
    const { facets, all } = build(docs, ['genre', 'rank']);
    const value = facets.value(facets.field('genre')!.idOf('드라마')!)!;
    assert.notEqual(value.docs.bits, null, 'the 드라마 postings are a bitset');
    for (let i = 0; i < n; i += 4) {
      facets.remove(i);
      all.remove(i);
    }
    const node = parseFilter('genre = 드라마 AND rank < 100')!;
    const expected = docs.flatMap((doc, i) => (all.has(i) && matchesFilter(node, doc) ? [i] : []));
    assert.deepEqual([...evaluateFilter(node, facets, all, ['genre', 'rank'])], expected);
    const loaded = FacetIndex.deserialize(facets.serialize());
    assert.deepEqual([...evaluateFilter(node, loaded, all, ['genre', 'rank'])], expected);
    assert.deepEqual(facetDistribution(loaded, ['genre'], all), facetDistribution(facets, ['genre'], all));
  });

  it('save-then-load keeps distributions, stats and later updates working (fast-check)', () => {
    const doc = fc.record({ genre: fc.constantFrom('드라마', 'Drama', 'SF', '예능'), year: fc.integer({ min: 1990, max: 2030 }) }, { requiredKeys: [] });
    fc.assert(
      fc.property(fc.array(doc, { minLength: 1, maxLength: 30 }), (docs) => {
        const { facets, all } = build(docs, ['genre', 'year']);
        const loaded = FacetIndex.deserialize(facets.serialize());
        assert.deepEqual(facetDistribution(loaded, ['*'], all), facetDistribution(facets, ['*'], all));
        assert.deepEqual(facetStats(loaded, ['year'], all), facetStats(facets, ['year'], all));
        loaded.add(0, { genre: '시사' });
        assert.deepEqual(facetSearch(loaded, 'genre', 'ㅅㅅ', all), [{ value: '시사', count: 1 }]);
      }),
      { numRuns: 100 },
    );
  });

  it('refuses bytes that are not a facet index', () => {
    assert.throws(() => FacetIndex.deserialize(new Uint8Array(16)), (e: unknown) => e instanceof KachiError && e.code === 'unsupported_format_version');
  });

  it('setAttributes empties the index only when the attributes change', () => {
    const { facets } = build(SHOWS);
    assert.equal(facets.setAttributes(['year', 'price', 'author', 'city', 'genre']), false);
    assert.equal(facets.setAttributes(['genre']), true);
    assert.deepEqual(facets.fieldNames(), []);
  });
});
