// Workspaces: the operator's API (master key only), one namespace per workspace through the official client,
// workspace keys and tenant tokens, the operator's Kachi-Workspace header, usage, and a restart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateTenantToken } from 'meilisearch/token';
import { BOOKS } from './helpers/korean-docs.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createWorkspace, MASTER, type TestWorkspace } from './helpers/workspaces.ts';

let t: TestServer;
let acme: TestWorkspace;
let beta: TestWorkspace;

function code(body: unknown): string {
  return (body as { code?: string }).code ?? '';
}

before(async () => {
  t = await startTestServer({ masterKey: MASTER });
  acme = await createWorkspace(t, 'acme', { name: '에이크미 주식회사' });
  beta = await createWorkspace(t, 'beta');
  // Both workspaces have an index called `docs`, with different documents.
  await acme.admin.index('docs').updateFilterableAttributes(['genre']).waitTask();
  await acme.admin.index('docs').addDocuments(BOOKS).waitTask();
  await beta.admin.index('docs').addDocuments([{ id: 1, title: '베타 회사의 까치 보고서', genre: '비밀' }]).waitTask();
});

after(async () => {
  await t?.close();
});

describe('the operator API', () => {
  it('answers 401 without a key and 403 with any key but the master key', async () => {
    assert.equal((await t.request('GET', '/workspaces', { key: null })).status, 401);
    const rootKeys = await t.client.getKeys();
    const rootAdmin = rootKeys.results.find((key) => key.name === 'Default Admin API Key')?.key;
    for (const key of [rootAdmin, acme.adminKey, acme.searchKey, 'wrong']) {
      const answer = await t.request('GET', '/workspaces', { key });
      assert.equal(answer.status, 403, String(key));
      assert.equal(code(answer.body), 'invalid_api_key');
    }
  });

  it('creates, lists, gets, updates and refuses bad or duplicate ids', async () => {
    const list = await t.request('GET', '/workspaces');
    assert.deepEqual(
      (list.body as { results: Array<{ id: string }> }).results.map((w) => w.id),
      ['acme', 'beta'],
    );
    const one = await t.request('GET', '/workspaces/acme');
    assert.equal((one.body as { name: string }).name, '에이크미 주식회사');
    assert.equal((await t.request('GET', '/workspaces/nope')).status, 404);
    assert.equal(code((await t.request('GET', '/workspaces/nope')).body), 'workspace_not_found');
    const duplicate = await t.request('POST', '/workspaces', { body: '{"id": "acme"}' });
    assert.equal(duplicate.status, 409);
    assert.equal(code(duplicate.body), 'workspace_already_exists');
    for (const id of ['Acme', '../etc', '', 'a'.repeat(65), 7]) {
      const bad = await t.request('POST', '/workspaces', { body: JSON.stringify({ id }) });
      assert.equal(bad.status, 400, String(id));
      assert.equal(code(bad.body), 'invalid_workspace_id');
    }
    const badLimits = await t.request('POST', '/workspaces', { body: '{"id": "x", "limits": {"maxDocuments": -1}}' });
    assert.equal(code(badLimits.body), 'invalid_workspace_limits');
    const patched = await t.request('PATCH', '/workspaces/beta', { body: '{"name": "베타", "limits": {"maxIndexes": 3}}' });
    assert.equal(patched.status, 200);
    assert.deepEqual((patched.body as { limits: { maxIndexes: number; maxDocuments: null } }).limits.maxIndexes, 3);
    const again = await t.request('PATCH', '/workspaces/beta', { body: '{"limits": {"maxIndexes": null}}' });
    assert.equal((again.body as { name: string; limits: { maxIndexes: null } }).limits.maxIndexes, null);
    assert.equal((again.body as { name: string }).name, '베타');
  });

  it('deletes a workspace: its folder, its keys and its data are gone', async () => {
    const gone = await createWorkspace(t, 'gone');
    await gone.admin.index('docs').addDocuments([{ id: 1, title: '사라질 문서' }]).waitTask();
    assert.equal((await t.request('DELETE', '/workspaces/gone')).status, 204);
    assert.equal((await t.request('GET', '/workspaces/gone')).status, 404);
    const stale = await t.request('GET', '/indexes', { key: gone.adminKey });
    assert.equal(stale.status, 403, 'the deleted workspace key no longer works');
    assert.equal((await t.request('DELETE', '/workspaces/gone')).status, 404);
  });
});

describe('a workspace key sees the Meilisearch API unchanged, for its workspace only', () => {
  it('lists only its own indexes, and two workspaces may both have `docs`', async () => {
    const acmeIndexes = await acme.admin.getIndexes();
    assert.deepEqual(acmeIndexes.results.map((index) => index.uid), ['docs']);
    const acmeHits = await acme.admin.index('docs').search('까치');
    assert.ok(acmeHits.hits.length > 0);
    assert.ok(acmeHits.hits.every((hit) => hit.genre !== '비밀'), 'no hit of beta');
    const betaHits = await beta.admin.index('docs').search('까치');
    assert.deepEqual(betaHits.hits.map((hit) => hit.title), ['베타 회사의 까치 보고서']);
    assert.equal((await t.client.getIndexes()).total, 0, 'the root context has none of them');
    assert.equal((await acme.admin.index('docs').getStats()).numberOfDocuments, BOOKS.length);
  });

  it('keeps tasks and keys per workspace', async () => {
    const acmeTasks = await acme.admin.tasks.getTasks();
    const betaTasks = await beta.admin.tasks.getTasks();
    assert.equal(acmeTasks.results.length, 2);
    assert.equal(betaTasks.results.length, 1);
    const created = await acme.admin.createKey({ actions: ['search'], indexes: ['docs'], expiresAt: null, name: 'acme-widget' });
    assert.ok((await acme.admin.getKeys()).results.some((key) => key.uid === created.uid));
    assert.ok(!(await beta.admin.getKeys()).results.some((key) => key.uid === created.uid));
    assert.ok(!(await t.client.getKeys()).results.some((key) => key.uid === created.uid));
    const widget = t.clientWith(created.key);
    assert.ok((await widget.index('docs').search('검색')).hits.length > 0);
    await acme.admin.deleteKey(created.uid);
    assert.equal((await t.request('POST', '/indexes/docs/search', { key: created.key, body: '{}' })).status, 403);
  });

  it('derives tenant tokens from workspace keys, with their search rules', async () => {
    const token = await generateTenantToken({
      apiKey: acme.searchKey,
      apiKeyUid: acme.searchUid,
      searchRules: { docs: { filter: 'genre = 소설' } },
    });
    const hits = (await t.clientWith(token).index('docs').search('')).hits;
    assert.ok(hits.length > 0 && hits.every((hit) => hit.genre === '소설'));
    // A token claiming acme's key uid but signed with beta's key value is refused.
    const forged = await generateTenantToken({ apiKey: beta.searchKey, apiKeyUid: acme.searchUid, searchRules: ['*'] });
    assert.equal((await t.request('POST', '/indexes/docs/search', { key: forged, body: '{}' })).status, 403);
  });

  it('lets the master key reach a workspace with the Kachi-Workspace header', async () => {
    const answer = await t.request('GET', '/indexes', { headers: { 'kachi-workspace': 'beta' } });
    assert.deepEqual((answer.body as { results: Array<{ uid: string }> }).results.map((index) => index.uid), ['docs']);
    const missing = await t.request('GET', '/indexes', { headers: { 'kachi-workspace': 'nope' } });
    assert.equal(missing.status, 404);
    assert.equal(code(missing.body), 'workspace_not_found');
    // Any other key ignores the header: it always works on its own workspace.
    const own = await t.request('GET', '/indexes/docs/documents/1', { key: acme.adminKey, headers: { 'kachi-workspace': 'beta' } });
    assert.equal((own.body as { title: string }).title, BOOKS[0]?.title);
  });

  it('stores workspace keys hashed, in the workspace folder', () => {
    const raw = readFileSync(join(t.dbPath, 'workspaces', 'acme', 'server.db')).toString('latin1');
    assert.ok(!raw.includes(acme.adminKey) && !raw.includes(acme.searchKey), 'no key value at rest');
  });
});

describe('usage', () => {
  it('meters searches, asks and ingested bytes per workspace and per day', async () => {
    const before = (await t.request('GET', '/workspaces/beta/usage')).body as { totals: { searches: number; asks: number; ingestedBytes: number } };
    await beta.admin.index('docs').search('까치');
    await beta.admin.multiSearch({ queries: [{ indexUid: 'docs', q: '보고서' }] });
    const ask = await t.request('POST', '/indexes/docs/ask', { key: beta.adminKey, body: '{"question": "까치 보고서는 누가 썼나요?"}' });
    assert.equal(ask.status, 200, ask.text);
    const body = '[{"id": 2, "title": "두 번째 보고서"}]';
    await beta.admin.index('docs').addDocuments(JSON.parse(body) as Array<Record<string, unknown>>).waitTask();
    const usage = (await t.request('GET', '/workspaces/beta/usage')).body as {
      totals: { searches: number; asks: number; ingestedBytes: number };
      current: { indexes: number; documents: number; storedBytes: number };
      days: Array<{ date: string; storedBytes: number }>;
    };
    assert.equal(usage.totals.searches - before.totals.searches, 2);
    assert.equal(usage.totals.asks - before.totals.asks, 1);
    assert.ok(usage.totals.ingestedBytes - before.totals.ingestedBytes >= body.length - 2);
    assert.deepEqual({ indexes: usage.current.indexes, documents: usage.current.documents }, { indexes: 1, documents: 2 });
    assert.equal(usage.days.at(-1)?.date, new Date().toISOString().slice(0, 10));
    assert.ok((usage.days.at(-1)?.storedBytes ?? 0) > 0);
    const acmeUsage = (await t.request('GET', '/workspaces/acme/usage')).body as { totals: { asks: number } };
    assert.equal(acmeUsage.totals.asks, 0, 'beta’s ask is not counted in acme');
    const bad = await t.request('GET', '/workspaces/beta/usage?from=yesterday');
    assert.equal(code(bad.body), 'invalid_workspace_usage_range');
  });
});

describe('restart', () => {
  it('reopens every workspace with its keys, indexes and usage', async () => {
    const dbPath = t.dbPath;
    await t.server.close();
    const again = await startTestServer({ masterKey: MASTER, dbPath });
    try {
      const hits = await again.clientWith(beta.searchKey).index('docs').search('보고서');
      assert.equal(hits.hits.length, 2);
      const token = await generateTenantToken({ apiKey: acme.searchKey, apiKeyUid: acme.searchUid, searchRules: ['docs'] });
      assert.ok((await again.clientWith(token).index('docs').search('까치')).hits.length > 0);
      const usage = (await again.request('GET', '/workspaces/beta/usage')).body as { totals: { asks: number } };
      assert.equal(usage.totals.asks, 1);
    } finally {
      await again.close();
      t = await startTestServer({ masterKey: MASTER, dbPath });
    }
  });
});
