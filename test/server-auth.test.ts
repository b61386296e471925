// Master key, API keys (actions, index patterns, expiry, hashed at rest), 401/403 and tenant tokens.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { generateTenantToken } from 'meilisearch/token';
import { BOOKS } from './helpers/korean-docs.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const MASTER = 'kachi-test-master-key-0123456789';
let t: TestServer;
let searchKey: { key: string; uid: string };
let adminKey: { key: string; uid: string };

function code(body: unknown): string {
  return (body as { code?: string }).code ?? '';
}

before(async () => {
  t = await startTestServer({ masterKey: MASTER });
  const keys = await t.client.getKeys();
  const find = (name: string) => {
    const key = keys.results.find((candidate) => candidate.name === name);
    assert.ok(key !== undefined, `default key ${name}`);
    return { key: key.key, uid: key.uid };
  };
  searchKey = find('Default Search API Key');
  adminKey = find('Default Admin API Key');
  await t.client.index('books').updateFilterableAttributes(['genre', 'id']).waitTask();
  await t.client.index('books').addDocuments(BOOKS).waitTask();
});

after(async () => {
  await t?.close();
});

describe('master key and default keys', () => {
  it('answers 401 without a header and 403 with a wrong key, exactly like Meilisearch', async () => {
    const none = await t.request('GET', '/indexes', { key: null });
    assert.equal(none.status, 401);
    assert.deepEqual(none.body, {
      message: 'The Authorization header is missing. It must use the bearer authorization method.',
      code: 'missing_authorization_header',
      type: 'auth',
      link: 'https://docs.meilisearch.com/errors#missing_authorization_header',
    });
    const basic = await t.request('GET', '/indexes', { key: null, headers: { authorization: 'Basic abc' } });
    assert.equal(basic.status, 401);
    const wrong = await t.request('GET', '/indexes', { key: 'wrong' });
    assert.equal(wrong.status, 403);
    assert.deepEqual(wrong.body, {
      message: 'The provided API key is invalid.',
      code: 'invalid_api_key',
      type: 'auth',
      link: 'https://docs.meilisearch.com/errors#invalid_api_key',
    });
    assert.equal((await t.request('GET', '/health', { key: null })).status, 200);
  });

  it('derives key values as HMAC-SHA256(uid, master key) and stores only hashes', () => {
    assert.equal(searchKey.key, createHmac('sha256', MASTER).update(searchKey.uid).digest('hex'));
    const db = new Database(join(t.dbPath, 'server.db'), { readonly: true });
    try {
      const dump = JSON.stringify(db.prepare('SELECT * FROM api_keys').all());
      assert.ok(!dump.includes(searchKey.key) && !dump.includes(adminKey.key), 'no key value at rest');
    } finally {
      db.close();
    }
    const raw = readFileSync(join(t.dbPath, 'server.db')).toString('latin1');
    assert.ok(!raw.includes(searchKey.key));
  });

  it('lets the search key search but not write, and the admin key write', async () => {
    const search = t.clientWith(searchKey.key);
    assert.equal((await search.index('books').search('까치')).hits.length > 0, true);
    const write = await t.request('POST', '/indexes/books/documents', { key: searchKey.key, body: '[{"id": 100}]' });
    assert.equal(write.status, 403);
    assert.equal(code(write.body), 'invalid_api_key');
    const admin = t.clientWith(adminKey.key);
    assert.equal((await admin.index('books').updateDocuments([{ id: 1, genre: '기술' }]).waitTask()).status, 'succeeded');
  });
});

describe('API keys', () => {
  it('restricts actions and indexes, with wildcards', async () => {
    const key = await t.client.createKey({ name: 'docs', actions: ['documents.*', 'indexes.get', 'tasks.get'], indexes: ['books*'], expiresAt: null });
    assert.equal(key.name, 'docs');
    const scoped = t.clientWith(key.key);
    const denied = await t.request('POST', '/indexes/books_extra/documents', { key: key.key, body: '[{"id": 1}]' });
    assert.equal(denied.status, 404, 'no indexes.create: the index cannot be created implicitly');
    await t.client.createIndex('books_extra').waitTask();
    assert.equal((await scoped.index('books_extra').addDocuments([{ id: 1 }]).waitTask()).status, 'succeeded');
    const other = await t.request('POST', '/indexes/movies/documents', { key: key.key, body: '[{"id": 1}]' });
    assert.equal(other.status, 403);
    assert.equal((other.body as { message: string }).message, 'The API key cannot acces the index `movies`, authorized indexes are ["books*"].');
    const searching = await t.request('POST', '/indexes/books/search', { key: key.key, body: '{}' });
    assert.equal(searching.status, 403, 'documents.* does not grant search');
    const listed = await scoped.getRawIndexes();
    assert.ok(listed.results.every((index) => index.uid.startsWith('books')));
  });

  it('gets, updates, rejects immutable fields, and deletes a key', async () => {
    const key = await t.client.createKey({ description: '임시', actions: ['search'], indexes: ['*'], expiresAt: null });
    assert.equal((await t.client.getKey(key.uid)).key, key.key);
    assert.equal((await t.client.getKey(key.key)).uid, key.uid);
    assert.equal((await t.client.updateKey(key.uid, { name: '새 이름' })).name, '새 이름');
    const immutable = await t.request('PATCH', `/keys/${key.uid}`, { body: '{"actions": ["*"]}' });
    assert.equal(immutable.status, 400);
    assert.equal(code(immutable.body), 'immutable_api_key_actions');
    await t.client.deleteKey(key.uid);
    assert.equal((await t.request('POST', '/indexes/books/search', { key: key.key, body: '{}' })).status, 403);
    assert.equal(code((await t.request('GET', `/keys/${key.uid}`)).body), 'api_key_not_found');
  });

  it('validates new keys with Meilisearch codes', async () => {
    const cases: Array<[object, string]> = [
      [{ indexes: ['*'], expiresAt: null }, 'missing_api_key_actions'],
      [{ actions: ['search'], expiresAt: null }, 'missing_api_key_indexes'],
      [{ actions: ['search'], indexes: ['*'] }, 'missing_api_key_expires_at'],
      [{ actions: ['fly'], indexes: ['*'], expiresAt: null }, 'invalid_api_key_actions'],
      [{ actions: ['search'], indexes: ['bad index'], expiresAt: null }, 'invalid_api_key_indexes'],
      [{ actions: ['search'], indexes: ['*'], expiresAt: '2000-01-01' }, 'invalid_api_key_expires_at'],
      [{ actions: ['search'], indexes: ['*'], expiresAt: null, uid: 'not-a-uuid' }, 'invalid_api_key_uid'],
      [{ actions: ['search'], indexes: ['*'], expiresAt: null, color: 'red' }, 'bad_request'],
    ];
    for (const [body, expected] of cases) {
      const response = await t.request('POST', '/keys', { body: JSON.stringify(body) });
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(code(response.body), expected, JSON.stringify(body));
    }
  });

  it('refuses a key once it has expired', async () => {
    const key = await t.client.createKey({ actions: ['search'], indexes: ['*'], expiresAt: new Date(Date.now() + 1200) });
    assert.equal((await t.request('POST', '/indexes/books/search', { key: key.key, body: '{}' })).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    assert.equal((await t.request('POST', '/indexes/books/search', { key: key.key, body: '{}' })).status, 403);
  });

  it('keeps /keys closed to non-key actions', async () => {
    const response = await t.request('GET', '/keys', { key: searchKey.key });
    assert.equal(response.status, 403);
  });
});

describe('tenant tokens', () => {
  it('merges the search rules filter into every search', async () => {
    const token = await generateTenantToken({
      apiKey: searchKey.key,
      apiKeyUid: searchKey.uid,
      searchRules: { books: { filter: 'genre = 소설' } },
    });
    const tenant = t.clientWith(token);
    const result = await tenant.index('books').search('', { filter: 'id > 3' });
    assert.deepEqual(result.hits.map((hit) => hit.id), [4]);
    const multi = await tenant.multiSearch({ queries: [{ indexUid: 'books', q: '' }] });
    assert.ok(multi.results[0]?.hits.every((hit) => hit.genre === '소설'));
  });

  it('refuses other indexes, other actions, expired tokens and tokens signed by an unknown key', async () => {
    const token = await generateTenantToken({ apiKey: searchKey.key, apiKeyUid: searchKey.uid, searchRules: ['books'] });
    const other = await t.request('POST', '/indexes/movies/search', { key: token, body: '{}' });
    assert.equal(other.status, 403);
    assert.match((other.body as { message: string }).message, /tenant token cannot acces the index `movies`/);
    assert.equal((await t.request('GET', '/indexes/books/documents', { key: token })).status, 403);
    const expired = await generateTenantToken({
      apiKey: searchKey.key,
      apiKeyUid: searchKey.uid,
      searchRules: ['*'],
      expiresAt: new Date(Date.now() - 60_000),
    });
    const late = await t.request('POST', '/indexes/books/search', { key: expired, body: '{}' });
    assert.equal(late.status, 403);
    assert.match((late.body as { message: string }).message, /Tenant token expired/);
    const forged = await generateTenantToken({ apiKey: 'f'.repeat(64), apiKeyUid: searchKey.uid, searchRules: ['*'] });
    assert.equal((await t.request('POST', '/indexes/books/search', { key: forged, body: '{}' })).status, 403);
  });
});

describe('without a master key', () => {
  it('leaves everything open but /keys, which answers missing_master_key', async () => {
    const open = await startTestServer();
    try {
      assert.equal((await open.request('GET', '/indexes')).status, 200);
      const keys = await open.request('GET', '/keys');
      assert.equal(keys.status, 401);
      assert.equal(code(keys.body), 'missing_master_key');
    } finally {
      await open.close();
    }
  });
});
