// Every class of bad input answered with Meilisearch's `{message, code, type, link}`, code and status; never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.ts';

let t: TestServer;

before(async () => {
  t = await startTestServer({ httpPayloadSizeLimit: 64 * 1024 });
  await t.client.createIndex('books', { primaryKey: 'id' }).waitTask();
  await t.client.index('books').updateFilterableAttributes(['genre']).waitTask();
  await t.client.index('books').addDocuments([{ id: 1, title: '까치', genre: '소설' }]).waitTask();
});

after(async () => {
  await t?.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  status: number;
  code: string;
  message?: RegExp;
}

const CASES: Case[] = [
  { name: 'malformed JSON', method: 'POST', path: '/indexes/books/search', body: '{"q": ', status: 400, code: 'malformed_payload' },
  { name: 'wrong content type', method: 'POST', path: '/indexes/books/search', body: '{}', headers: { 'content-type': 'text/plain' }, status: 415, code: 'invalid_content_type' },
  { name: 'missing content type', method: 'POST', path: '/indexes', body: '{"uid":"x"}', headers: { 'content-type': '' }, status: 415, code: 'missing_content_type' },
  { name: 'CSV on a JSON-only route', method: 'POST', path: '/indexes/books/search', body: 'a,b', headers: { 'content-type': 'text/csv' }, status: 415, code: 'invalid_content_type' },
  { name: 'empty JSON body', method: 'POST', path: '/indexes', body: '', status: 400, code: 'missing_payload' },
  { name: 'invalid UTF-8', method: 'POST', path: '/indexes/books/documents', body: Buffer.from([0x5b, 0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d, 0x5d]), status: 400, code: 'malformed_payload', message: /UTF-8/ },
  { name: 'documents that are not objects', method: 'POST', path: '/indexes/books/documents', body: '[1, 2]', status: 400, code: 'malformed_payload' },
  { name: 'bad NDJSON line', method: 'POST', path: '/indexes/books/documents', body: '{"id": 1}\n{oops', headers: { 'content-type': 'application/x-ndjson' }, status: 400, code: 'malformed_payload' },
  { name: 'bad CSV number', method: 'POST', path: '/indexes/books/documents', body: 'id,n:number\n1,abc', headers: { 'content-type': 'text/csv' }, status: 400, code: 'malformed_payload' },
  { name: 'unknown search field', method: 'POST', path: '/indexes/books/search', body: '{"qq": "x"}', status: 400, code: 'bad_request', message: /^Unknown field `qq`: expected one of `q`, `offset`/ },
  { name: 'unknown search parameter (GET)', method: 'GET', path: '/indexes/books/search?qq=x', status: 400, code: 'bad_request', message: /^Unknown parameter `qq`/ },
  { name: 'q of the wrong type', method: 'POST', path: '/indexes/books/search', body: '{"q": 1}', status: 400, code: 'invalid_search_q', message: /^Invalid value type at `\.q`: expected a string, but found a positive integer: `1`$/ },
  { name: 'negative limit', method: 'POST', path: '/indexes/books/search', body: '{"limit": -1}', status: 400, code: 'invalid_search_limit' },
  { name: 'limit not a number (GET)', method: 'GET', path: '/indexes/books/search?limit=ten', status: 400, code: 'invalid_search_limit', message: /could not parse `ten` as a positive integer/ },
  { name: 'unknown matching strategy', method: 'POST', path: '/indexes/books/search', body: '{"matchingStrategy": "some"}', status: 400, code: 'invalid_search_matching_strategy' },
  { name: 'filter of the wrong type', method: 'POST', path: '/indexes/books/search', body: '{"filter": true}', status: 400, code: 'invalid_search_filter' },
  { name: 'filter syntax error', method: 'POST', path: '/indexes/books/search', body: '{"filter": "genre = "}', status: 400, code: 'invalid_search_filter' },
  { name: 'filter on a non-filterable attribute', method: 'POST', path: '/indexes/books/search', body: '{"filter": "title = 까치"}', status: 400, code: 'invalid_search_filter' },
  { name: 'sort on a non-sortable attribute', method: 'POST', path: '/indexes/books/search', body: '{"sort": ["title:asc"]}', status: 400, code: 'invalid_search_sort' },
  { name: 'facets of the wrong type', method: 'POST', path: '/indexes/books/search', body: '{"facets": "genre"}', status: 400, code: 'invalid_search_facets' },
  { name: 'missing index', method: 'POST', path: '/indexes/nowhere/search', body: '{}', status: 404, code: 'index_not_found', message: /^Index `nowhere` not found\.$/ },
  { name: 'missing index (documents)', method: 'GET', path: '/indexes/nowhere/documents', status: 404, code: 'index_not_found' },
  { name: 'invalid index uid', method: 'POST', path: '/indexes', body: '{"uid": "책 목록"}', status: 400, code: 'invalid_index_uid' },
  { name: 'missing index uid', method: 'POST', path: '/indexes', body: '{}', status: 400, code: 'missing_index_uid' },
  { name: 'unknown index field', method: 'POST', path: '/indexes', body: '{"uid": "a", "name": "b"}', status: 400, code: 'bad_request' },
  { name: 'body not an object', method: 'POST', path: '/indexes', body: '[]', status: 400, code: 'bad_request', message: /expected an object, but found an array/ },
  { name: 'bad document limit', method: 'GET', path: '/indexes/books/documents?limit=x', status: 400, code: 'invalid_document_limit' },
  { name: 'missing document', method: 'GET', path: '/indexes/books/documents/nope', status: 404, code: 'document_not_found' },
  { name: 'document filter on a non-filterable attribute', method: 'GET', path: '/indexes/books/documents?filter=title%20%3D%20x', status: 400, code: 'invalid_document_filter' },
  { name: 'document fetch with a bad filter', method: 'POST', path: '/indexes/books/documents/fetch', body: '{"filter": "genre ="}', status: 400, code: 'invalid_document_filter' },
  { name: 'delete by filter without filter', method: 'POST', path: '/indexes/books/documents/delete', body: '{}', status: 400, code: 'missing_document_filter' },
  { name: 'delete-batch not an array', method: 'POST', path: '/indexes/books/documents/delete-batch', body: '{"ids": [1]}', status: 400, code: 'bad_request' },
  { name: 'bad csvDelimiter', method: 'POST', path: '/indexes/books/documents?csvDelimiter=ab', body: 'id\n1', headers: { 'content-type': 'text/csv' }, status: 400, code: 'invalid_document_csv_delimiter' },
  { name: 'invalid ranking rule', method: 'PATCH', path: '/indexes/books/settings', body: '{"rankingRules": ["fastest"]}', status: 400, code: 'invalid_settings_ranking_rules' },
  { name: 'unknown setting', method: 'PATCH', path: '/indexes/books/settings', body: '{"colour": 1}', status: 400, code: 'bad_request' },
  { name: 'synonyms of the wrong type', method: 'PUT', path: '/indexes/books/settings/synonyms', body: '["a"]', status: 400, code: 'invalid_settings_synonyms' },
  { name: 'typo tolerance field', method: 'PATCH', path: '/indexes/books/settings/typo-tolerance', body: '{"enabled": "yes"}', status: 400, code: 'invalid_settings_typo_tolerance' },
  { name: 'typo sizes out of order', method: 'PATCH', path: '/indexes/books/settings', body: '{"typoTolerance": {"minWordSizeForTypos": {"oneTypo": 9, "twoTypos": 1}}}', status: 400, code: 'invalid_settings_typo_tolerance' },
  { name: 'facet search on a non-filterable attribute', method: 'POST', path: '/indexes/books/facet-search', body: '{"facetName": "title"}', status: 400, code: 'invalid_facet_search_facet_name' },
  { name: 'korean field', method: 'PATCH', path: '/indexes/books/settings/korean', body: '{"chosung": 1}', status: 400, code: 'invalid_settings_korean' },
  { name: 'cancel without filters', method: 'POST', path: '/tasks/cancel', status: 400, code: 'missing_task_filters' },
  { name: 'delete tasks without filters', method: 'DELETE', path: '/tasks', status: 400, code: 'missing_task_filters' },
  { name: 'bad task status', method: 'GET', path: '/tasks?statuses=done', status: 400, code: 'invalid_task_statuses' },
  { name: 'bad task uid', method: 'GET', path: '/tasks/abc', status: 400, code: 'invalid_task_uids' },
  { name: 'missing task', method: 'GET', path: '/tasks/999999', status: 404, code: 'task_not_found' },
  { name: 'facet search without facetName', method: 'POST', path: '/indexes/books/facet-search', body: '{}', status: 400, code: 'missing_facet_search_facet_name' },
  { name: 'multi-search without indexUid', method: 'POST', path: '/multi-search', body: '{"queries": [{"q": "x"}]}', status: 400, code: 'missing_index_uid', message: /^Inside `\.queries\[0\]`: Missing field `indexUid`/ },
  { name: 'multi-search on a missing index', method: 'POST', path: '/multi-search', body: '{"queries": [{"indexUid": "books"}, {"indexUid": "none"}]}', status: 404, code: 'index_not_found', message: /^Inside `\.queries\[1\]`/ },
  { name: 'pagination inside a federated query', method: 'POST', path: '/multi-search', body: '{"federation": {}, "queries": [{"indexUid": "books", "limit": 2}]}', status: 400, code: 'invalid_multi_search_query_pagination' },
  { name: 'negative federation weight', method: 'POST', path: '/multi-search', body: '{"federation": {}, "queries": [{"indexUid": "books", "federationOptions": {"weight": -1}}]}', status: 400, code: 'invalid_multi_search_weight' },
  { name: 'swap with one index', method: 'POST', path: '/swap-indexes', body: '[{"indexes": ["books"]}]', status: 400, code: 'invalid_swap_indexes' },
  { name: 'unknown route', method: 'GET', path: '/nothing/here', status: 404, code: 'not_found' },
];

describe('error answers', () => {
  for (const c of CASES) {
    it(`${c.name} → ${c.status} ${c.code}`, async () => {
      const response = await t.request(c.method, c.path, { body: c.body, headers: c.headers });
      const body = response.body as Record<string, string>;
      assert.equal(response.status, c.status, response.text);
      assert.deepEqual(Object.keys(body).sort(), ['code', 'link', 'message', 'type']);
      assert.equal(body.code, c.code, response.text);
      assert.equal(body.link, `https://docs.meilisearch.com/errors#${c.code}`);
      if (c.message !== undefined) assert.match(body.message ?? '', c.message);
    });
  }

  it('answers CORS preflights before auth', async () => {
    const response = await fetch(`${t.url}/indexes/books/search`, {
      method: 'OPTIONS',
      headers: { origin: 'http://example.test', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'http://example.test');
  });

  it('accepts gzip and brotli bodies, and rejects corrupt or unknown encodings with a 4xx', async () => {
    const { gzipSync, brotliCompressSync } = await import('node:zlib');
    const body = JSON.stringify({ q: '까치' });
    for (const [encoding, bytes] of [['gzip', gzipSync(body)], ['br', brotliCompressSync(body)]] as const) {
      const response = await t.request('POST', '/indexes/books/search', { body: bytes, headers: { 'content-encoding': encoding } });
      assert.equal(response.status, 200, response.text);
    }
    const corrupt = await t.request('POST', '/indexes/books/search', { body: Buffer.from('not gzip'), headers: { 'content-encoding': 'gzip' } });
    assert.equal(corrupt.status, 400, corrupt.text);
    assert.equal((corrupt.body as { code: string }).code, 'malformed_payload');
    const unknown = await t.request('POST', '/indexes/books/search', { body, headers: { 'content-encoding': 'zstd' } });
    assert.equal(unknown.status, 400);
    assert.equal((unknown.body as { code: string }).code, 'invalid_encoding');
    const bomb = gzipSync(Buffer.alloc(1024 * 1024, 0x20));
    const big = await t.request('POST', '/indexes/books/search', { body: bomb, headers: { 'content-encoding': 'gzip' } });
    assert.equal(big.status, 413, 'the limit applies to the decompressed size');
  });

  it('payload over the limit → 413 payload_too_large', async () => {
    const big = JSON.stringify([{ id: 1, text: 'x'.repeat(100 * 1024) }]);
    const response = await t.request('POST', '/indexes/books/documents', { body: big });
    assert.equal(response.status, 413);
    assert.equal((response.body as { code: string }).code, 'payload_too_large');
  });

  it('a bad document fails its task with the document error, and the next task still runs', async () => {
    const bad = await t.client.index('books').addDocuments([{ id: 'ok-1' }, { id: 'not ok!' }]).waitTask();
    assert.equal(bad.status, 'failed');
    assert.equal(bad.error?.code, 'invalid_document_id');
    const missing = await t.client.index('books').addDocuments([{ title: 'no id' }]).waitTask();
    assert.equal(missing.error?.code, 'missing_document_id');
    assert.equal((await t.client.index('books').addDocuments([{ id: 'ok-2' }]).waitTask()).status, 'succeeded');
    await assert.rejects(t.client.index('books').getDocument('ok-1'), /not found/, 'the failed task wrote nothing');
  });
});
