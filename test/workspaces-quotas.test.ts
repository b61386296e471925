// Quotas and rates: over a workspace's limit a write answers 429 with Retry-After (or 413 when the payload
// alone can never fit), in Meilisearch's error format, and nothing of it is applied.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createWorkspace, MASTER, type TestWorkspace } from './helpers/workspaces.ts';

let t: TestServer;

before(async () => {
  t = await startTestServer({ masterKey: MASTER });
});

after(async () => {
  await t?.close();
});

interface Answer {
  status: number;
  body: unknown;
  retryAfter: string | null;
}

async function call(method: string, path: string, key: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${t.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown), retryAfter: response.headers.get('retry-after') };
}

function assertRefused(answer: Answer, status: 429 | 413, code: string): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  const body = answer.body as { message: string; code: string; type: string; link: string };
  assert.deepEqual(Object.keys(body).sort(), ['code', 'link', 'message', 'type']);
  assert.equal(body.code, code);
  assert.equal(body.link, `https://docs.meilisearch.com/errors#${code}`);
  if (status === 429) assert.ok(Number(answer.retryAfter) >= 1, `Retry-After: ${answer.retryAfter}`);
}

const docs = (ids: number[]) => ids.map((id) => ({ id, title: `까치 문서 ${id}` }));

async function count(w: TestWorkspace, index = 'docs'): Promise<number> {
  return (await w.admin.index(index).getStats()).numberOfDocuments;
}

describe('quotas', () => {
  it('refuses documents over maxDocuments whole, but lets stored documents be replaced', async () => {
    const w = await createWorkspace(t, 'docs-quota', { limits: { maxDocuments: 5 } });
    await w.admin.index('docs').addDocuments(docs([1, 2, 3, 4])).waitTask();
    assertRefused(await call('POST', '/indexes/docs/documents', w.adminKey, docs([5, 6])), 429, 'workspace_quota_exceeded');
    assert.equal(await count(w), 4, 'nothing of the refused batch was added');
    // Three documents, two of them replacements: one new document fits.
    const fits = await call('POST', '/indexes/docs/documents', w.adminKey, docs([3, 4, 5]));
    assert.equal(fits.status, 202);
    await w.admin.tasks.waitForTask((fits.body as { taskUid: number }).taskUid);
    assert.equal(await count(w), 5);
    assertRefused(await call('POST', '/indexes/other/documents', w.adminKey, docs([9])), 429, 'workspace_quota_exceeded');
    assert.equal((await w.admin.getIndexes()).total, 1, 'the refused addition did not create `other`');
  });

  it('counts documents still waiting in the queue', async () => {
    const w = await createWorkspace(t, 'queue-quota', { limits: { maxDocuments: 3 } });
    const first = await call('POST', '/indexes/docs/documents', w.adminKey, docs([1, 2]));
    const second = await call('POST', '/indexes/docs/documents', w.adminKey, docs([3, 4]));
    assert.equal(first.status, 202);
    assertRefused(second, 429, 'workspace_quota_exceeded');
    await w.admin.tasks.waitForTask((first.body as { taskUid: number }).taskUid);
    assert.equal(await count(w), 2);
  });

  it('refuses an index over maxIndexes, explicit or implicit', async () => {
    const w = await createWorkspace(t, 'index-quota', { limits: { maxIndexes: 2 } });
    assert.equal((await call('POST', '/indexes', w.adminKey, { uid: 'a' })).status, 202);
    assert.equal((await call('POST', '/indexes', w.adminKey, { uid: 'b' })).status, 202);
    assertRefused(await call('POST', '/indexes', w.adminKey, { uid: 'c' }), 429, 'workspace_quota_exceeded');
    assertRefused(await call('PATCH', '/indexes/c/settings', w.adminKey, { stopWords: ['의'] }), 429, 'workspace_quota_exceeded');
    assertRefused(await call('POST', '/indexes/c/documents', w.adminKey, docs([1])), 429, 'workspace_quota_exceeded');
    // Writes to the two indexes it has still pass.
    assert.equal((await call('POST', '/indexes/a/documents', w.adminKey, docs([1]))).status, 202);
    await w.admin.tasks.waitForTasks((await w.admin.tasks.getTasks()).results.map((task) => task.uid));
    assert.deepEqual((await w.admin.getIndexes()).results.map((index) => index.uid), ['a', 'b']);
  });

  it('answers 413 for a payload larger than the whole storage limit, 429 when the rest is used up', async () => {
    const w = await createWorkspace(t, 'bytes-quota');
    const stored = (await t.request('GET', '/workspaces/bytes-quota/usage')).body as { current: { storedBytes: number } };
    const limit = stored.current.storedBytes + 4000;
    assert.equal((await t.request('PATCH', '/workspaces/bytes-quota', { body: JSON.stringify({ limits: { maxStoredBytes: limit } }) })).status, 200);
    const huge = [{ id: 1, title: '까치'.repeat(Math.ceil(limit / 3)) }];
    assertRefused(await call('POST', '/indexes/docs/documents', w.adminKey, huge), 413, 'payload_too_large');
    const big = [{ id: 1, title: '까치'.repeat(1000) }];
    assertRefused(await call('POST', '/indexes/docs/documents', w.adminKey, big), 429, 'workspace_quota_exceeded');
    assert.equal((await w.admin.getIndexes()).total, 0);
  });
});

describe('rates', () => {
  it('limits searches per second with 429 and Retry-After, and counts only the admitted ones', async () => {
    const w = await createWorkspace(t, 'search-rate', { limits: { searchesPerSecond: 2 } });
    await w.admin.index('docs').addDocuments(docs([1])).waitTask();
    const answers: Answer[] = [];
    for (let i = 0; i < 4; i++) answers.push(await call('POST', '/indexes/docs/search', w.searchKey, { q: '까치' }));
    assert.deepEqual(answers.map((a) => a.status).slice(0, 2), [200, 200]);
    const refused = answers.filter((a) => a.status === 429);
    assert.ok(refused.length >= 1);
    assertRefused(refused[0]!, 429, 'workspace_rate_limited');
    const usage = (await t.request('GET', '/workspaces/search-rate/usage')).body as { totals: { searches: number } };
    assert.equal(usage.totals.searches, 4 - refused.length);
    // Other workspaces are not slowed down by this one's limit.
    const other = await createWorkspace(t, 'search-free');
    await other.admin.index('docs').addDocuments(docs([1])).waitTask();
    for (let i = 0; i < 5; i++) assert.equal((await call('POST', '/indexes/docs/search', other.searchKey, { q: '까치' })).status, 200);
  });

  it('limits ingested bytes per second: 413 above ten seconds’ worth, 429 when the burst is spent', async () => {
    const w = await createWorkspace(t, 'ingest-rate', { limits: { ingestBytesPerSecond: 1000 } });
    const sized = (bytes: number, id: number) => [{ id, title: '가'.repeat(Math.floor(bytes / 3)) }];
    assertRefused(await call('POST', '/indexes/docs/documents', w.adminKey, sized(12_000, 1)), 413, 'payload_too_large');
    assert.equal((await call('POST', '/indexes/docs/documents', w.adminKey, sized(6000, 2))).status, 202);
    const spent = await call('POST', '/indexes/docs/documents', w.adminKey, sized(6000, 3));
    assertRefused(spent, 429, 'workspace_rate_limited');
    assert.ok(Number(spent.retryAfter) >= 1 && Number(spent.retryAfter) <= 3, `Retry-After ${spent.retryAfter}`);
  });
});
