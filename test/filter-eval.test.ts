// Filter evaluation over the facet index: Meilisearch's value semantics on a small Korean corpus,
// then property tests against `matchesFilter`, the brute-force scan of the JSON documents.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { KachiError } from '../src/errors.ts';
import { Bitset } from '../src/index/bitset.ts';
import { FacetIndex } from '../src/index/facets.ts';
import { evaluateFilter, matchesFilter } from '../src/query/filter-eval.ts';
import { parseFilter } from '../src/query/filter-parse.ts';
import type { Document, Filter } from '../src/search-types.ts';

const FILTERABLE = ['장르', 'genre', 'year', 'city', 'tags', 'meta', 'flag', 'title', 'overview', 'rating.users'];

const MOVIES: Document[] = [
  { id: 0, title: '기생충', genre: '드라마', 장르: ['드라마', 'Thriller'], year: 2019, city: '서울 특별시', flag: true, meta: { score: 8.5, 감독: '봉준호' }, overview: '' },
  { id: 1, title: 'Drama Queen', genre: 'Drama', 장르: 'COMEDY', year: '2020', city: ' 서울 특별시 ', flag: false, meta: { score: '9' }, overview: null },
  { id: 2, title: '괴물', genre: 'SF', 장르: [], year: 2006, tags: ['괴수', 'Monster', 10], meta: [{ score: 7 }, { score: 6.5 }], overview: '한강에 괴물이 나타난다' },
  { id: 3, title: 'Café Society', genre: 'comedy', year: 2016.5, city: 'Paris', meta: {}, rating: { users: 85 }, tags: [] },
  // Decomposed Hangul (NFD) must equal the composed form.
  { id: 4, title: '드라마 스페셜', genre: '드라마'.normalize('NFD'), 'rating.users': 92, year: -5 },
];

function index(docs: readonly Document[], attributes = FILTERABLE): { facets: FacetIndex; universe: Bitset } {
  const facets = new FacetIndex(attributes);
  const universe = new Bitset(docs.length);
  docs.forEach((doc, i) => {
    facets.add(i, doc);
    universe.add(i);
  });
  return { facets, universe };
}

function run(filter: Filter, docs: readonly Document[] = MOVIES, facets = index(docs)): number[] {
  const node = parseFilter(filter);
  if (node === null) return [...facets.universe];
  return [...evaluateFilter(node, facets.facets, facets.universe, FILTERABLE)];
}

const CASES: Array<[string, number[]]> = [
  ['genre = 드라마', [0, 4]],
  ['genre = drama', [1]],
  ['genre = "  DRAMA "', [1]],
  ['genre != 드라마', [1, 2, 3]],
  ['장르 = thriller', [0]],
  ['장르 = 드라마 OR 장르 = comedy', [0, 1]],
  ['city = "서울 특별시"', [0, 1]],
  ['year = 2020', [1]],
  ['year = 2019.0', [0]],
  // Doc 1 holds the string '2020': since Meilisearch 1.x ranges also compare strings, by code point.
  ['year > 2010', [0, 1, 3]],
  ['year >= 2016.5', [0, 1, 3]],
  ['year < 0', [4]],
  ['year 2000 TO 2019', [0, 2, 3]],
  ['year 2019 TO 2000', []],
  ['year > abc', []],
  ['year < 3', [1, 4]],
  ['flag = true', [0]],
  ['flag = FALSE', [1]],
  ['tags = monster', [2]],
  ['tags = 10', [2]],
  ['tags IN [괴수, nothing]', [2]],
  ['tags NOT IN [괴수]', [0, 1, 3, 4]],
  ['tags IN []', []],
  ['meta.score = 9', [1]],
  ['meta.score 6 TO 7', [2]],
  ['meta.감독 = 봉준호', [0]],
  ['rating.users > 90', [4]],
  ['rating.users EXISTS', [3, 4]],
  ['meta EXISTS', [0, 1, 2, 3]],
  ['meta.score NOT EXISTS', [3, 4]],
  ['overview IS NULL', [1]],
  ['overview IS NOT NULL', [0, 2, 3, 4]],
  ['overview IS EMPTY', [0]],
  ['장르 IS EMPTY', [2]],
  ['tags IS EMPTY', [3]],
  ['meta IS EMPTY', [3]],
  ['overview = ""', []],
  ['title CONTAINS 괴물', [2]],
  ['title CONTAINS "drama"', [1]],
  ['title STARTS WITH 드라', [4]],
  ['title NOT STARTS WITH 드라', [0, 1, 2, 3]],
  ['NOT genre = 드라마', [1, 2, 3]],
  ['NOT NOT genre = 드라마', [0, 4]],
  ['(genre = 드라마 OR genre = sf) AND year > 2010', [0]],
  ['genre = 드라마 OR genre = sf AND year > 2010', [0, 4]],
  ['genre = nothing', []],
  ['genre != nothing', [0, 1, 2, 3, 4]],
];

describe('evaluateFilter: Meilisearch semantics', () => {
  const built = index(MOVIES);
  for (const [filter, expected] of CASES) {
    it(filter, () => {
      assert.deepEqual(run(filter, MOVIES, built), expected);
      const oracle = MOVIES.flatMap((doc, i) => (matchesFilter(parseFilter(filter)!, doc) ? [i] : []));
      assert.deepEqual(oracle, expected, 'matchesFilter must agree');
    });
  }

  it('string ranges compare normalized strings by code point', () => {
    assert.deepEqual(run('genre > d'), [0, 1, 2, 4]);
    assert.deepEqual(run('genre 가 TO 힣'), [0, 4]);
  });

  it('array form: outer AND of inner OR', () => {
    assert.deepEqual(run([['genre = sf', 'genre = comedy'], 'year > 2010']), [3]);
  });

  it('a filter on a non-filterable attribute names it, the filterable ones and its position', () => {
    const { facets, universe } = index(MOVIES);
    const node = parseFilter('genre = 드라마 AND 감독 = 봉준호')!;
    assert.throws(
      () => evaluateFilter(node, facets, universe, ['genre', 'year']),
      (error: unknown) =>
        error instanceof KachiError &&
        error.code === 'invalid_search_filter' &&
        error.message === 'Attribute `감독` is not filterable. Available filterable attributes are: `genre`, `year`.\n17:19 genre = 드라마 AND 감독 = 봉준호',
    );
    assert.throws(
      () => evaluateFilter(parseFilter(['many = Glass'])!, facets, universe, [], { code: 'invalid_document_filter' }),
      (error: unknown) =>
        error instanceof KachiError &&
        error.code === 'invalid_document_filter' &&
        error.message === 'Attribute `many` is not filterable. This index does not have configured filterable attributes.\n1:5 many = Glass',
    );
  });

  it('nested attributes are filterable through their parent', () => {
    const { facets, universe } = index(MOVIES, ['meta']);
    assert.deepEqual([...evaluateFilter(parseFilter('meta.score > 8')!, facets, universe, ['meta'])], [0, 1]);
  });

  it('NOT is taken within the universe it is given (deleted documents stay out)', () => {
    const { facets, universe } = index(MOVIES);
    universe.remove(3);
    assert.deepEqual([...evaluateFilter(parseFilter('NOT genre = 드라마')!, facets, universe, FILTERABLE)], [1, 2]);
  });

  it('updates and removals need no old document', () => {
    const built = index(MOVIES);
    built.facets.add(2, { genre: '드라마', year: 2021 });
    built.facets.remove(0);
    built.universe.remove(0);
    assert.deepEqual(run('genre = 드라마', MOVIES, built), [2, 4]);
    assert.deepEqual(run('tags EXISTS', MOVIES, built), [3]);
    assert.deepEqual(run('year > 2020', MOVIES, built), [2]);
  });
});

// Random documents and random filters: the index must agree with the brute-force scan.
const ATTRIBUTES = ['장르', 'year', 'tags', 'meta.score', 'meta', 'flag'];
const STRINGS = ['드라마', 'Drama', ' DRAMA ', 'SF', 'sf', '서울 특별시', 'café', '10', '2.5', 'true', '', '가', '힣'];
const NUMBERS = [-1, 0, 2.5, 10, 2020, 1e6];

const scalar = fc.oneof(fc.constantFrom(...STRINGS), fc.constantFrom(...NUMBERS), fc.boolean(), fc.constant(null));
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }));
const meta = fc.oneof(
  fc.record({ score: value }, { requiredKeys: [] }),
  fc.array(fc.record({ score: scalar }), { maxLength: 2 }),
  value,
);
const documentArb: fc.Arbitrary<Document> = fc.record(
  { 장르: value, year: value, tags: value, meta, flag: value, 'meta.score': scalar },
  { requiredKeys: [] },
) as fc.Arbitrary<Document>;

const quoted = (text: string): string => `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
const filterValue = fc.constantFrom('드라마', 'drama', 'sf', '10', '2.5', '2020', '-1', 'true', 'cafe', 'café', '서울', '0', '가', '');
const attribute = fc.constantFrom(...ATTRIBUTES);
const leaf = fc.oneof(
  fc.tuple(attribute, fc.constantFrom('=', '!=', '>', '>=', '<', '<='), filterValue).map(([a, op, v]) => `${a} ${op} ${quoted(v)}`),
  fc.tuple(attribute, filterValue, filterValue).map(([a, from, to]) => `${a} ${quoted(from)} TO ${quoted(to)}`),
  fc.tuple(attribute, fc.array(filterValue, { maxLength: 3 }), fc.boolean()).map(([a, vs, not]) => `${a} ${not ? 'NOT IN' : 'IN'} [${vs.map(quoted).join(', ')}]`),
  fc.tuple(attribute, fc.constantFrom('EXISTS', 'NOT EXISTS', 'IS NULL', 'IS NOT NULL', 'IS EMPTY', 'IS NOT EMPTY')).map(([a, op]) => `${a} ${op}`),
  fc.tuple(attribute, fc.constantFrom('CONTAINS', 'STARTS WITH', 'NOT CONTAINS'), filterValue).map(([a, op, v]) => `${a} ${op} ${quoted(v)}`),
);
const { filter: filterArb } = fc.letrec<{ filter: string }>((tie) => ({
  filter: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(tie('filter'), fc.constantFrom('AND', 'OR'), tie('filter')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('filter').map((f) => `NOT (${f})`),
  ),
}));

describe('evaluateFilter equals the brute-force scan (fast-check)', () => {
  it('random documents × random filters', () => {
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 1, maxLength: 25 }), fc.array(filterArb, { minLength: 1, maxLength: 5 }), (docs, filters) => {
        const built = index(docs, ATTRIBUTES);
        for (const filter of filters) {
          const node = parseFilter(filter)!;
          const expected = docs.flatMap((doc, i) => (matchesFilter(node, doc) ? [i] : []));
          assert.deepEqual([...evaluateFilter(node, built.facets, built.universe, ATTRIBUTES)], expected, filter);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('after removals, updates and a save-then-load round trip', () => {
    fc.assert(
      fc.property(
        fc.array(documentArb, { minLength: 2, maxLength: 20 }),
        fc.array(fc.tuple(fc.nat(19), fc.option(documentArb)), { maxLength: 10 }),
        filterArb,
        (initial, edits, filter) => {
          const docs: Array<Document | null> = [...initial];
          const built = index(initial, ATTRIBUTES);
          for (const [at, replacement] of edits) {
            const doc = at % docs.length;
            docs[doc] = replacement;
            if (replacement === null) built.facets.remove(doc);
            else built.facets.add(doc, replacement);
          }
          const loaded = FacetIndex.deserialize(built.facets.serialize());
          const live = new Bitset(docs.length);
          docs.forEach((doc, i) => doc !== null && live.add(i));
          const node = parseFilter(filter)!;
          const expected = docs.flatMap((doc, i) => (doc !== null && matchesFilter(node, doc) ? [i] : []));
          assert.deepEqual([...evaluateFilter(node, built.facets, live, ATTRIBUTES)], expected);
          assert.deepEqual([...evaluateFilter(node, loaded, live, ATTRIBUTES)], expected);
        },
      ),
      { numRuns: 200 },
    );
  });
});
