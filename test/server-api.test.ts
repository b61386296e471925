// The HTTP API driven by the official `meilisearch` client against a real Kachi server on 127.0.0.1.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Meilisearch } from 'meilisearch';
import { BOOKS, type Book } from './helpers/korean-docs.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let t: TestServer;
let client: Meilisearch;

before(async () => {
  t = await startTestServer();
  client = t.client;
  await client.createIndex('books', { primaryKey: 'id' }).waitTask();
  await client
    .index('books')
    .updateSettings({ filterableAttributes: ['genre', 'year', 'price', 'tags'], sortableAttributes: ['year', 'price'] })
    .waitTask();
  const task = await client.index<Book>('books').addDocuments(BOOKS).waitTask();
  assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
});

after(async () => {
  await t?.close();
});

describe('indexes', () => {
  it('creates, lists, gets, updates, swaps and deletes an index through tasks', async () => {
    const created = await client.createIndex('temp_a').waitTask();
    assert.equal(created.status, 'succeeded');
    assert.equal(created.type, 'indexCreation');
    assert.equal(created.indexUid, 'temp_a');
    assert.match(created.duration ?? '', /^PT[\d.]+S$/);
    assert.equal((await client.updateIndex('temp_a', { primaryKey: 'key' }).waitTask()).status, 'succeeded');
    assert.equal((await client.index('temp_a').getRawInfo()).primaryKey, 'key');
    const duplicate = await client.createIndex('temp_a').waitTask();
    assert.equal(duplicate.status, 'failed');
    assert.equal(duplicate.error?.code, 'index_already_exists');

    await client.createIndex('temp_b').waitTask();
    await client.index('temp_b').addDocuments([{ id: 'b1' }]).waitTask();
    const swap = await client.swapIndexes([{ indexes: ['temp_a', 'temp_b'], rename: false }]).waitTask();
    assert.equal(swap.status, 'succeeded', JSON.stringify(swap.error));
    assert.equal((await client.index('temp_a').getStats()).numberOfDocuments, 1);

    const list = await client.getRawIndexes({ limit: 100 });
    assert.ok(list.results.some((index) => index.uid === 'temp_b'));
    for (const uid of ['temp_a', 'temp_b']) assert.equal((await client.deleteIndex(uid).waitTask()).status, 'succeeded');
    const gone = await t.request('GET', '/indexes/temp_a');
    assert.equal(gone.status, 404);
    assert.equal((gone.body as { code: string }).code, 'index_not_found');
  });

  it('paginates the index list with offset and limit', async () => {
    const page = await client.getRawIndexes({ offset: 0, limit: 1 });
    assert.equal(page.limit, 1);
    assert.equal(page.results.length, 1);
    assert.ok(page.total >= 1);
  });
});

describe('documents', () => {
  it('adds JSON, NDJSON and CSV bodies, inferring the primary key', async () => {
    const index = client.index('formats');
    const json = await index.addDocuments([{ product_id: 'p1', name: '사과' }]).waitTask();
    assert.equal(json.status, 'succeeded', JSON.stringify(json.error));
    assert.equal((await index.getRawInfo()).primaryKey, 'product_id');
    const ndjson = await index
      .addDocumentsFromString('{"product_id":"p2","name":"배"}\n{"product_id":"p3","name":"감"}\n', 'application/x-ndjson')
      .waitTask();
    assert.equal(ndjson.status, 'succeeded', JSON.stringify(ndjson.error));
    assert.deepEqual(ndjson.details, { receivedDocuments: 2, indexedDocuments: 2 });
    const csv = await index.addDocumentsFromString('product_id,name,price:number\np4,"귤, 제주",3000\n', 'text/csv').waitTask();
    assert.equal(csv.status, 'succeeded', JSON.stringify(csv.error));
    const p4 = await index.getDocument('p4');
    assert.deepEqual(p4, { product_id: 'p4', name: '귤, 제주', price: 3000 });
    assert.equal((await index.getDocuments({ limit: 10 })).total, 4);
  });

  it('fails a task whose primary key cannot be inferred', async () => {
    const task = await client.index('no_key').addDocuments([{ title: '제목' }]).waitTask();
    assert.equal(task.status, 'failed');
    assert.equal(task.error?.code, 'index_primary_key_no_candidate_found');
  });

  it('gets one document with fields, and lists with offset, limit, fields and filter', async () => {
    const index = client.index<Book>('books');
    assert.deepEqual(await index.getDocument(2, { fields: ['title'] }), { title: '까치의 노래' });
    const page = await index.getDocuments({ offset: 1, limit: 2, fields: ['id'] });
    assert.equal(page.results.length, 2);
    assert.equal(page.offset, 1);
    assert.equal(page.total, BOOKS.length);
    assert.deepEqual(Object.keys(page.results[0] ?? {}), ['id']);
    const novels = await index.getDocuments({ filter: 'genre = 소설', limit: 20 });
    assert.deepEqual(novels.results.map((doc) => doc.id).sort(), [2, 4]);
    const missing = await t.request('GET', '/indexes/books/documents/999');
    assert.equal(missing.status, 404);
    assert.equal((missing.body as { code: string }).code, 'document_not_found');
  });

  it('replaces with POST, merges with PUT, and deletes one, a batch, by filter and all', async () => {
    const index = client.index('edits');
    await index.addDocuments([{ id: 1, a: '하나', b: '둘' }, { id: 2, a: '셋' }, { id: 3, a: '넷', kind: 'x' }, { id: 4, kind: 'x' }]).waitTask();
    await index.updateDocuments([{ id: 1, b: '바뀜' }]).waitTask();
    assert.deepEqual(await index.getDocument(1), { id: 1, a: '하나', b: '바뀜' });
    await index.addDocuments([{ id: 1, c: '새것' }]).waitTask();
    assert.deepEqual(await index.getDocument(1), { id: 1, c: '새것' });
    assert.equal((await index.deleteDocument(1).waitTask()).details?.deletedDocuments, 1);
    assert.equal((await index.deleteDocuments([2, 99]).waitTask()).details?.deletedDocuments, 1);
    await index.updateFilterableAttributes(['kind']).waitTask();
    const byFilter = await index.deleteDocuments({ filter: 'kind = x' }).waitTask();
    assert.equal(byFilter.status, 'succeeded', JSON.stringify(byFilter.error));
    assert.equal(byFilter.details?.deletedDocuments, 2);
    await index.addDocuments([{ id: 5 }]).waitTask();
    assert.equal((await index.deleteAllDocuments().waitTask()).details?.deletedDocuments, 1);
    assert.equal((await index.getStats()).numberOfDocuments, 0);
  });
});

describe('search', () => {
  const books = () => client.index<Book>('books');

  it('finds Korean words inside compounds and sentences', async () => {
    const result = await books().search('검색');
    const ids = result.hits.map((hit) => hit.id);
    assert.ok(ids.includes(1) && ids.includes(7), `hits: ${ids.join(',')}`);
    assert.equal(result.query, '검색');
    assert.equal(typeof result.processingTimeMs, 'number');
  });

  it('filters with the string and array forms', async () => {
    const text = await books().search('', { filter: 'genre = 기술 AND year >= 2019' });
    assert.deepEqual(text.hits.map((hit) => hit.id).sort(), [1, 3]);
    const array = await books().search('', { filter: [['genre = 소설', 'genre = 동화'], 'price < 14500'] });
    assert.deepEqual(array.hits.map((hit) => hit.id).sort(), [2, 6]);
  });

  it('returns facetDistribution and facetStats', async () => {
    const result = await books().search('', { facets: ['genre', 'price'] });
    assert.equal(result.facetDistribution?.genre?.['기술'], 3);
    assert.deepEqual(result.facetStats?.price, { min: 12000, max: 32000 });
  });

  it('sorts, paginates by page and by offset', async () => {
    const sorted = await books().search('', { sort: ['price:asc'], limit: 3 });
    assert.deepEqual(sorted.hits.map((hit) => hit.price), [12000, 14000, 15000]);
    const paged = await books().search('', { sort: ['year:desc'], page: 2, hitsPerPage: 3 });
    assert.equal(paged.page, 2);
    assert.equal(paged.hitsPerPage, 3);
    assert.equal(paged.totalHits, BOOKS.length);
    assert.equal(paged.totalPages, 3);
    assert.deepEqual(paged.hits.map((hit) => hit.year), [2020, 2019, 2018]);
    const offset = await books().search('', { sort: ['year:desc'], offset: 3, limit: 3 });
    assert.deepEqual(offset.hits.map((hit) => hit.year), [2020, 2019, 2018]);
    assert.equal(offset.offset, 3);
    assert.equal(offset.limit, 3);
  });

  it('highlights, crops, retrieves attributes and shows scores and match positions', async () => {
    const result = await books().search('까치', {
      attributesToHighlight: ['title'],
      attributesToCrop: ['overview'],
      cropLength: 3,
      highlightPreTag: '<b>',
      highlightPostTag: '</b>',
      attributesToRetrieve: ['id', 'title'],
      showRankingScore: true,
      showRankingScoreDetails: true,
      showMatchesPosition: true,
    });
    const hit = result.hits[0];
    assert.ok(hit !== undefined);
    assert.deepEqual(Object.keys(hit).filter((key) => !key.startsWith('_')).sort(), ['id', 'title']);
    assert.match(String(hit._formatted?.title), /<b>까치<\/b>/);
    assert.equal(typeof hit._rankingScore, 'number');
    assert.ok(hit._rankingScoreDetails !== undefined);
    assert.ok(hit._matchesPosition !== undefined);
  });

  it('supports matchingStrategy, distinct and GET search', async () => {
    const all = await books().search('까치 바다', { matchingStrategy: 'all' });
    assert.deepEqual(all.hits.map((hit) => hit.id), [6]);
    const last = await books().search('까치 바다', { matchingStrategy: 'last' });
    assert.ok(last.hits.length > 1);
    const distinct = await books().search('', { distinct: 'genre', filter: 'genre = 기술' });
    assert.equal(distinct.hits.length, 1);
    const viaGet = await books().searchGet('서울', { filter: 'genre = 소설', attributesToRetrieve: ['id'] });
    assert.deepEqual(viaGet.hits, [{ id: 4 }]);
  });

  it('searches facet values', async () => {
    const result = await books().searchForFacetValues({ facetName: 'genre', facetQuery: '소' });
    assert.deepEqual(result.facetHits, [{ value: '소설', count: 2 }]);
  });

  it('facet search ignores the search parameters clients send beside it (instant-meilisearch got a 400)', async () => {
    // What instant-meilisearch 0.31 posts for a searchable refinementList; Meilisearch ignores unknown fields here.
    const body = JSON.stringify({
      q: '',
      attributesToHighlight: ['*'],
      highlightPreTag: '__ais-highlight__',
      highlightPostTag: '__/ais-highlight__',
      hitsPerPage: 20,
      page: 1,
      facetQuery: '소',
      facetName: 'genre',
    });
    const response = await t.request('POST', '/indexes/books/facet-search', { body });
    assert.equal(response.status, 200, response.text);
    assert.deepEqual((response.body as { facetHits: unknown }).facetHits, [{ value: '소설', count: 2 }]);
    const badType = await t.request('POST', '/indexes/books/facet-search', {
      body: JSON.stringify({ facetName: 'genre', facetQuery: 3, hitsPerPage: 20 }),
    });
    // Known fields are still checked.
    assert.equal((badType.body as { code: string }).code, 'invalid_facet_search_facet_query');
  });

  it('runs multi-search queries and federated search with weights', async () => {
    await client.createIndex('movies', { primaryKey: 'id' }).waitTask();
    await client.index('movies').addDocuments([{ id: 'm1', title: '까치 영화' }]).waitTask();
    const multi = await client.multiSearch({
      queries: [
        { indexUid: 'books', q: '까치', limit: 1 },
        { indexUid: 'movies', q: '까치' },
      ],
    });
    assert.equal(multi.results.length, 2);
    assert.equal(multi.results[0]?.indexUid, 'books');
    assert.equal(multi.results[0]?.hits.length, 1);
    const federated = await client.multiSearch({
      federation: { limit: 5 },
      queries: [
        { indexUid: 'books', q: '까치' },
        { indexUid: 'movies', q: '까치', federationOptions: { weight: 10 } },
      ],
    });
    assert.equal(federated.limit, 5);
    const first = federated.hits[0] as unknown as { id: string; _federation: { indexUid: string; weightedRankingScore: number } };
    assert.equal(first._federation.indexUid, 'movies', 'the weight of 10 puts the movie first');
    assert.ok(federated.hits.length >= 3);
  });
});

describe('settings', () => {
  it('round-trips the settings object and every subroute, including korean', async () => {
    await client.createIndex('tuned').waitTask();
    const index = client.index('tuned');
    const task = await index
      .updateSettings({
        searchableAttributes: ['title', 'overview'],
        displayedAttributes: ['*'],
        stopWords: ['의'],
        synonyms: { 검색: ['탐색'] },
        rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'year:desc'],
        typoTolerance: { enabled: false },
        pagination: { maxTotalHits: 500 },
        faceting: { maxValuesPerFacet: 50 },
        distinctAttribute: 'title',
        proximityPrecision: 'byAttribute',
      })
      .waitTask();
    assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
    const settings = await index.getSettings();
    assert.deepEqual(settings.searchableAttributes, ['title', 'overview']);
    assert.deepEqual(settings.stopWords, ['의']);
    assert.deepEqual(settings.synonyms, { 검색: ['탐색'] });
    assert.equal(settings.typoTolerance?.enabled, false);
    assert.equal(settings.pagination?.maxTotalHits, 500);
    assert.equal(settings.distinctAttribute, 'title');
    assert.equal(settings.proximityPrecision, 'byAttribute');

    await index.updateSortableAttributes(['year']).waitTask();
    assert.deepEqual(await index.getSortableAttributes(), ['year']);
    await index.resetSortableAttributes().waitTask();
    assert.deepEqual(await index.getSortableAttributes(), []);
    await index.updateDictionary(['까치집']).waitTask();
    assert.deepEqual(await index.getDictionary(), ['까치집']);

    const korean = await t.request('PATCH', '/indexes/tuned/settings/korean', { body: JSON.stringify({ chosung: false }) });
    assert.equal(korean.status, 202);
    await client.tasks.waitForTask((korean.body as { taskUid: number }).taskUid);
    const read = await t.request('GET', '/indexes/tuned/settings/korean');
    assert.equal((read.body as { chosung: boolean }).chosung, false);

    await index.resetSettings().waitTask();
    assert.deepEqual((await index.getSettings()).stopWords, []);
  });
});

describe('tasks', () => {
  it('lists with filters and pagination, and gets one', async () => {
    const page = await client.tasks.getTasks({ limit: 2 });
    assert.equal(page.results.length, 2);
    assert.equal(page.limit, 2);
    assert.ok(page.next !== null);
    assert.ok((page.results[0]?.uid ?? 0) > (page.results[1]?.uid ?? 0), 'newest first');
    const next = await client.tasks.getTasks({ limit: 2, from: page.next ?? 0 });
    assert.equal(next.results[0]?.uid, page.next);
    const failed = await client.tasks.getTasks({ statuses: ['failed'], limit: 100 });
    assert.ok(failed.results.length > 0 && failed.results.every((task) => task.status === 'failed'));
    const byIndex = await client.tasks.getTasks({ indexUids: ['books'], types: ['documentAdditionOrUpdate'] });
    assert.ok(byIndex.results.every((task) => task.indexUid === 'books' && task.type === 'documentAdditionOrUpdate'));
    const future = await client.tasks.getTasks({ afterEnqueuedAt: new Date(Date.now() + 3_600_000).toISOString() });
    assert.equal(future.total, 0);
    const one = await client.tasks.getTask(0);
    assert.equal(one.uid, 0);
    assert.equal(one.type, 'indexCreation');
  });

  it('batches consecutive additions to one index and cancels a queued task', async () => {
    const index = client.index('batched');
    const docs = Array.from({ length: 1500 }, (_, i) => ({ id: i, text: `까치 ${i}` }));
    const big = await index.addDocuments(docs);
    const small = [];
    for (let i = 0; i < 5; i++) small.push(await index.addDocuments([{ id: `s${i}`, text: '작은 문서' }]));
    const other = await client.index('batched_other').addDocuments([{ id: 1 }]);
    const cancel = await client.tasks.cancelTasks({ uids: [other.taskUid] }).waitTask();
    const done = await client.tasks.waitForTasks([big, ...small], { timeout: 60_000 });
    assert.ok(done.every((task) => task.status === 'succeeded'));
    const batches = new Set(done.slice(1).map((task) => task.batchUid));
    assert.ok(batches.size < 5, `the five small additions were batched (${[...batches].join(',')})`);
    const canceled = await client.tasks.getTask(other.taskUid);
    if (canceled.status === 'canceled') {
      assert.equal(canceled.canceledBy, cancel.uid);
      assert.equal(cancel.details?.canceledTasks, 1);
    } else assert.equal(canceled.status, 'succeeded', 'it ran before the cancelation');
    assert.equal((await index.getStats()).numberOfDocuments, 1505);
  });

  it('cancels and deletes tasks by filter', async () => {
    const canceled = await client.tasks.cancelTasks({ statuses: ['enqueued'], indexUids: ['nothing_here'] }).waitTask();
    assert.equal(canceled.type, 'taskCancelation');
    assert.equal(canceled.status, 'succeeded');
    assert.equal(canceled.details?.canceledTasks, 0);
    const deletion = await client.tasks.deleteTasks({ uids: [canceled.uid] }).waitTask();
    assert.equal(deletion.details?.deletedTasks, 1);
    const gone = await t.request('GET', `/tasks/${canceled.uid}`);
    assert.equal(gone.status, 404);
    assert.equal((gone.body as { code: string }).code, 'task_not_found');
  });
});

describe('stats, health, version and dumps', () => {
  it('answers /health, /version and /stats', async () => {
    assert.deepEqual(await client.health(), { status: 'available' });
    assert.equal(typeof (await client.getVersion()).pkgVersion, 'string');
    const stats = await client.getStats();
    assert.equal(stats.indexes.books?.numberOfDocuments, BOOKS.length);
    assert.ok(stats.databaseSize > 0);
  });

  it('writes a dump that a new server imports with --import-dump', async () => {
    const task = await client.createDump().waitTask();
    assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
    const dumpUid = String(task.details?.dumpUid);
    const file = join(t.dbPath, 'dumps', `${dumpUid}.dump`);
    assert.ok(existsSync(file));
    const restored = await startTestServer({ importDump: file });
    try {
      const result = await restored.client.index<Book>('books').search('', { filter: 'genre = 소설' });
      assert.deepEqual(result.hits.map((hit) => hit.id).sort(), [2, 4]);
      assert.deepEqual((await restored.client.index('books').getSettings()).sortableAttributes?.sort(), ['price', 'year']);
    } finally {
      await restored.close();
    }
  });
});
