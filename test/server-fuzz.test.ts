// Hostile input: bounded fast-check runs over bodies, query strings, raw bytes and filter strings; no 5xx, no crash.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { BOOKS } from './helpers/korean-docs.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

let t: TestServer;
const RUNS = Number(process.env.KACHI_FUZZ_RUNS ?? 60);

before(async () => {
  t = await startTestServer();
  await t.client.createIndex('fuzz', { primaryKey: 'id' }).waitTask();
  await t.client.index('fuzz').updateSettings({ filterableAttributes: ['genre', 'year', 'tags'], sortableAttributes: ['year'] }).waitTask();
  await t.client.index('fuzz').addDocuments(BOOKS).waitTask();
});

after(async () => {
  await t?.close();
});

const BODY_ROUTES: Array<[string, string]> = [
  ['POST', '/indexes/fuzz/search'],
  ['POST', '/indexes/fuzz/facet-search'],
  ['POST', '/indexes/fuzz/documents/fetch'],
  ['POST', '/multi-search'],
  ['POST', '/indexes'],
  ['PATCH', '/indexes/fuzz/settings'],
  ['POST', '/indexes/fuzz/documents/delete'],
  ['POST', '/swap-indexes'],
  ['PUT', '/indexes/fuzz/settings/synonyms'],
  ['PATCH', '/indexes/fuzz/settings/typo-tolerance'],
];

const QUERY_ROUTES = ['/indexes/fuzz/search', '/indexes/fuzz/documents', '/tasks', '/indexes', '/indexes/fuzz/documents/1'];

const PARAM_NAMES = ['q', 'limit', 'offset', 'page', 'hitsPerPage', 'filter', 'sort', 'facets', 'fields', 'attributesToRetrieve',
  'attributesToHighlight', 'attributesToCrop', 'cropLength', 'matchingStrategy', 'statuses', 'types', 'uids', 'from',
  'afterEnqueuedAt', 'showRankingScore', 'distinct', 'indexUids', 'reverse'];

/** Values that look like what a confused client might send. */
const value = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom('검색', '까치 AND', 'genre = 소설', '*', '', 'year:desc', -1, 1e308, null, [['genre = 기술']], { filter: 1 }),
);
const bodyObject = fc.dictionary(fc.oneof(fc.constantFrom(...PARAM_NAMES, 'queries', 'federation', 'uid', 'facetName', 'indexUid', 'rankingRules', 'synonyms'), fc.string()), value, { maxKeys: 5 });

/** Pieces of Meilisearch's filter grammar, glued at random. */
const filterString = fc
  .array(
    fc.oneof(
      fc.constantFrom('genre', 'year', 'tags', 'title', '_geoRadius(1, 2, 3)', 'NOT', 'AND', 'OR', 'TO', 'IN', 'EXISTS', 'IS NULL', 'IS EMPTY',
        '=', '!=', '>', '>=', '<', '<=', '(', ')', '[', ']', ',', '"', "'", '소설', '2020', '-1', '1e999', 'CONTAINS', 'STARTS WITH'),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(' '));

async function assertAlive(response: { status: number; text: string }, what: string): Promise<void> {
  assert.ok(response.status < 500, `${what} → ${response.status} ${response.text}`);
  if (response.status >= 400) {
    const body = JSON.parse(response.text) as Record<string, unknown>;
    assert.equal(typeof body.code, 'string', `${what} error body: ${response.text}`);
  }
}

describe('fuzzing the HTTP API', () => {
  it('JSON bodies on every body route', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...BODY_ROUTES), fc.oneof(bodyObject, value), async ([method, path], body) => {
        const response = await t.request(method, path, { body: JSON.stringify(body) ?? 'null' });
        await assertAlive(response, `${method} ${path} ${JSON.stringify(body)}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('query strings on GET routes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...QUERY_ROUTES), fc.dictionary(fc.constantFrom(...PARAM_NAMES), fc.string({ maxLength: 12 }), { maxKeys: 4 }), async (path, params) => {
        const query = new URLSearchParams(params).toString();
        const response = await t.request('GET', `${path}?${query}`);
        await assertAlive(response, `GET ${path}?${query}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('filter strings and arrays in searches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(filterString, fc.array(fc.oneof(filterString, fc.array(filterString, { maxLength: 3 })), { maxLength: 3 })), async (filter) => {
        const body = JSON.stringify({ q: '까치', filter, facets: ['genre'], sort: ['year:asc'] });
        await assertAlive(await t.request('POST', '/indexes/fuzz/search', { body }), body);
        const get = `/indexes/fuzz/search?filter=${encodeURIComponent(typeof filter === 'string' ? filter : JSON.stringify(filter))}`;
        await assertAlive(await t.request('GET', get), get);
      }),
      { numRuns: RUNS * 2 },
    );
  });

  it('raw bytes with each content type', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 200 }),
        fc.constantFrom('application/json', 'application/x-ndjson', 'text/csv', 'application/octet-stream'),
        fc.constantFrom('/indexes/fuzz/documents', '/indexes/fuzz/search', '/multi-search'),
        async (bytes, type, path) => {
          const response = await t.request('POST', path, { body: Buffer.from(bytes), headers: { 'content-type': type } });
          await assertAlive(response, `POST ${path} (${type}, ${bytes.length} bytes)`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('still answers /health and searches after all that', async () => {
    assert.deepEqual((await t.request('GET', '/health')).body, { status: 'available' });
    const tasks = await t.client.tasks.getTasks({ statuses: ['enqueued', 'processing'] });
    for (const task of tasks.results) await t.client.tasks.waitForTask(task.uid);
    const failures = await t.client.tasks.getTasks({ statuses: ['failed'], limit: 1000 });
    for (const task of failures.results) assert.notEqual(task.error?.code, 'internal', JSON.stringify(task));
    assert.equal((await t.request('POST', '/indexes/fuzz/search', { body: '{"q": "까치"}' })).status, 200);
  });
});
