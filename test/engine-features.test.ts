// The engine's document, filter, facet, sort, highlight and pagination behaviour.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withEngine } from './helpers/temp-engine.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';
import { KachiError } from '../src/errors.ts';
import type { Engine } from '../src/engine.ts';

function seeded(engine: Engine) {
  const index = engine.createIndex('docs');
  index.updateSettings({ searchableAttributes: ['title', 'body', 'tags'], filterableAttributes: ['genre', 'year', 'tags'], sortableAttributes: ['year'] });
  index.addDocuments(KOREAN_DOCS);
  return index;
}

test('primary key is inferred, documents are replaced, updated and deleted by id', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    assert.equal(index.info().primaryKey, 'id');
    index.addDocuments([{ id: 2, title: '카트' }]);
    assert.deepEqual(index.getDocument(2), { id: 2, title: '카트' });
    index.addDocuments([{ id: 2, body: '새 본문' }], { mode: 'update' });
    assert.deepEqual(index.getDocument('2'), { id: 2, title: '카트', body: '새 본문' });
    assert.equal(index.search({ q: '장바구니' }).hits.length, 0);
    assert.equal(index.deleteDocuments([2, 3]).deletedDocuments, 2);
    assert.throws(() => index.getDocument(3), (e: unknown) => e instanceof KachiError && e.code === 'document_not_found');
    assert.equal(index.stats().numberOfDocuments, 8);
  });
});

test('filters: comparison, IN, EXISTS, NOT, parentheses; syntax errors give their position', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const ids = (filter: string) => index.search({ q: '', filter, limit: 50 }).hits.map((h) => h.id).sort((a, b) => Number(a) - Number(b));
    assert.deepEqual(ids('genre = 기술'), [4, 6, 7]);
    assert.deepEqual(ids('year >= 2020 AND genre != 교육'), [6, 9]);
    assert.deepEqual(ids('genre IN [역사, 쇼핑]'), [1, 2]);
    assert.deepEqual(ids('NOT (tags = 검색 OR year < 2019)'), [3, 6, 8, 9, 10]);
    assert.throws(
      () => index.search({ q: '', filter: 'year >= AND' }),
      (e: unknown) => e instanceof KachiError && e.code === 'invalid_search_filter' && /\d+:\d+/.test(e.message),
    );
    assert.throws(() => index.search({ q: '', filter: 'body = x' }), (e: unknown) => e instanceof KachiError && /not filterable/.test(e.message));
  });
});

test('facets count the matching documents; sort orders them', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const response = index.search({ q: '검색', facets: ['genre'] });
    assert.equal(response.facetDistribution?.genre?.['기술'], 2);
    const sorted = index.search({ q: '', sort: ['year:desc'], limit: 3 }).hits.map((h) => h.year);
    assert.deepEqual(sorted, [2023, 2022, 2021]);
  });
});

test('highlighting and cropping never cut a Hangul syllable', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const hit = index.search({ q: '급식', attributesToHighlight: ['body'], attributesToCrop: ['body'], cropLength: 4 }).hits[0]!;
    const formatted = (hit._formatted as Record<string, string>).body!;
    assert.match(formatted, /<em>급식<\/em>/);
    assert.ok(formatted.length < String(hit.body).length + 20);
  });
});

test('pagination: offset/limit and page/hitsPerPage', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const first = index.search({ q: '', limit: 3, offset: 0 });
    const second = index.search({ q: '', limit: 3, offset: 3 });
    assert.equal(first.estimatedTotalHits, 10);
    assert.equal(new Set([...first.hits, ...second.hits].map((h) => h.id)).size, 6);
    const page = index.search({ q: '', page: 2, hitsPerPage: 4 });
    assert.equal(page.totalPages, 3);
    assert.equal(page.hits.length, 4);
  });
});

test('explain gives a score tree whose value is the hit score', async () => {
  await withEngine((engine) => {
    const index = seeded(engine);
    const hit = index.search({ q: '형태소 분석기', explain: true }).hits[0]!;
    const explanation = hit._explain as unknown as { value: number; details: unknown[] };
    assert.ok(explanation.value > 0 && explanation.details.length > 0);
  });
});

test('addDocuments with deleteFilter replaces a set of documents in one transaction', async () => {
  await withEngine((engine) => {
    const index = engine.createIndex('passages', { primaryKey: 'id' });
    index.updateSettings({ filterableAttributes: ['source', 'revision'] });
    index.addDocuments([
      { id: 'a-1-0', source: 'a.hwp', revision: '1', text: '옛 본문 하나' },
      { id: 'a-1-1', source: 'a.hwp', revision: '1', text: '옛 본문 둘' },
      { id: 'b-1-0', source: 'b.hwp', revision: '1', text: '다른 파일' },
    ]);
    const result = index.addDocuments([{ id: 'a-2-0', source: 'a.hwp', revision: '2', text: '새 본문' }], {
      deleteFilter: 'source = "a.hwp" AND revision != "2"',
    });
    assert.deepEqual(result, { indexedDocuments: 1, deletedDocuments: 2 });
    assert.deepEqual(index.search({ q: '본문' }).hits.map((h) => h.id), ['a-2-0']);
    assert.equal(index.stats().numberOfDocuments, 2);
    assert.deepEqual(index.addDocuments([], { deleteFilter: 'source = "b.hwp"' }), { indexedDocuments: 0, deletedDocuments: 1 });
  });
});

test('replaced and deleted documents leave no trace in ranking: same hits and scores as a fresh index', async () => {
  await withEngine((engine) => {
    const fresh = seeded(engine);
    const churned = engine.createIndex('churned');
    churned.updateSettings({ searchableAttributes: ['title', 'body', 'tags'] });
    // the same documents written three times over, and once deleted in between
    churned.addDocuments(KOREAN_DOCS);
    churned.addDocuments(KOREAN_DOCS);
    churned.deleteDocuments(KOREAN_DOCS.map((doc) => doc.id as number));
    assert.equal(churned.search({ q: '장바구니' }).hits.length, 0);
    churned.addDocuments(KOREAN_DOCS);
    churned.addDocuments(KOREAN_DOCS);
    for (const q of ['장바구니', '검색 엔진', 'rjator', '학교']) {
      const expected = fresh.search({ q, showRankingScore: true });
      const actual = churned.search({ q, showRankingScore: true });
      const scored = (hits: typeof expected.hits) => hits.map((hit) => [hit.id, hit._rankingScore]);
      assert.deepEqual(scored(actual.hits), scored(expected.hits), q);
      assert.ok(actual.hits.every((hit) => Number(hit._rankingScore) > 0), q);
    }
  });
});
