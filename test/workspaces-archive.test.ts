// Detach: a workspace exported to one archive comes back on another Kachi (over HTTP, or with `kachi import`
// on a fresh data folder) with identical hits and scores for Korean queries, and its keys, tenant tokens and
// alerts still work. Truncated, corrupted or wrongly unlocked archives leave nothing behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateTenantToken } from 'meilisearch/token';
import { main } from '../src/cli/main.ts';
import { KOREAN_DOCS } from './fixtures/korean-docs.ts';
import { BOOKS } from './helpers/korean-docs.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createWorkspace, MASTER, PASSPHRASE, waitRootTask, type TestWorkspace } from './helpers/workspaces.ts';

const OTHER_MASTER = 'another-kachi-master-key-9876543210';
/** Korean queries over both indexes: particles, compounds, chosung, typos, phrases, filters and sorts. */
const QUERIES: Array<{ q: string; filter?: string; sort?: string[] }> = [
  { q: '검색엔진' },
  { q: '검색 엔진' },
  { q: '까치' },
  { q: '까치가 우는 마을' },
  { q: 'ㄱㅅㅇㅈ' },
  { q: '형태소 분석기를' },
  { q: '서울의 밤' },
  { q: 'rjator' },
  { q: '"검색의 역사"' },
  { q: '바다', filter: 'genre = 동화 OR genre = 여행' },
  { q: '', sort: ['year:desc'] },
  { q: '데이타베이스' },
];

const tmp = mkdtempSync(join(tmpdir(), 'kachi-archive-'));
let source: TestServer;
let acme: TestWorkspace;
let widgetKey: { key: string; uid: string };
let token: string;
let alertUid: string | undefined;
let archive: string;

async function results(t: TestServer, key: string, index: string): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const query of QUERIES) {
    const answer = await t.request('POST', `/indexes/${index}/search`, {
      key,
      body: JSON.stringify({ ...query, limit: 50, showRankingScore: true, attributesToRetrieve: ['id'] }),
    });
    assert.equal(answer.status, 200, answer.text);
    const { hits, estimatedTotalHits } = answer.body as { hits: Array<{ id: unknown; _rankingScore: number }>; estimatedTotalHits: number };
    out.push({ query, estimatedTotalHits, hits: hits.map((hit) => [hit.id, hit._rankingScore]) });
  }
  return out;
}

async function upload(t: TestServer, file: string | Buffer, query = '', passphrase = PASSPHRASE) {
  return t.request('POST', `/workspaces/import${query}`, {
    body: typeof file === 'string' ? readFileSync(file) : file,
    headers: { 'content-type': 'application/octet-stream', 'kachi-archive-passphrase': encodeURIComponent(passphrase) },
  });
}

/** Nothing of a failed import: no workspace folder, no temporary folder, no uploaded file left. */
function assertNothingLeft(t: TestServer, id: string): void {
  assert.ok(!existsSync(join(t.dbPath, 'workspaces', id)), `workspaces/${id}`);
  const leftovers = readdirSync(join(t.dbPath, 'workspaces')).filter((name) => name.startsWith('.'));
  assert.deepEqual(leftovers, []);
  const imports = join(t.dbPath, 'imports');
  assert.deepEqual(existsSync(imports) ? readdirSync(imports) : [], []);
}

/**
 * Checks everything the source holds against `t`, with the source's own key values. `docs` never saw a
 * deletion: its hits and scores must equal the source's. `books` had replacements and a deletion, whose
 * postings linger in the source's segments until they merge, and BM25's document frequencies still count
 * them there; so its hits and scores must equal those of `books-rebuilt`, the same documents and settings
 * indexed afresh on the source (what the source itself answers once its segments merge).
 */
async function assertSameWorkspace(t: TestServer): Promise<void> {
  assert.deepEqual(await results(t, acme.adminKey, 'docs'), await results(source, acme.adminKey, 'docs'), 'docs');
  assert.deepEqual(await results(t, acme.adminKey, 'books'), await results(source, acme.adminKey, 'books-rebuilt'), 'books');
  assert.deepEqual(
    await t.clientWith(acme.adminKey).index('books').getDocuments({ limit: 100 }),
    await acme.admin.index('books').getDocuments({ limit: 100 }),
  );
  assert.deepEqual(
    await t.clientWith(acme.adminKey).index('books').getSettings(),
    await acme.admin.index('books').getSettings(),
  );
  // Every key still works as it did; the tenant token made on the source still verifies.
  assert.ok((await t.clientWith(acme.searchKey).index('docs').search('까치')).hits.length > 0);
  assert.ok((await t.clientWith(widgetKey.key).index('books').search('까치')).hits.length > 0);
  assert.equal((await t.request('GET', '/indexes/docs/search', { key: widgetKey.key })).status, 403, 'the widget key is for books only');
  const tokenHits = (await t.clientWith(token).index('books').search('')).hits;
  assert.ok(tokenHits.length > 0 && tokenHits.every((hit) => hit.genre === '소설'));
  const keys = await t.clientWith(acme.adminKey).getKeys();
  assert.deepEqual(keys.results.map((key) => key.uid).sort(), (await acme.admin.getKeys()).results.map((key) => key.uid).sort());
}

before(async () => {
  source = await startTestServer({ masterKey: MASTER });
  acme = await createWorkspace(source, 'acme', { name: '에이크미', limits: { maxDocuments: 1000 } });
  const docs = acme.admin.index('docs');
  await docs.updateSettings({ filterableAttributes: ['genre', 'year'], sortableAttributes: ['year'], synonyms: { 데이터베이스: ['데이타베이스'] } }).waitTask();
  await docs.addDocuments(KOREAN_DOCS).waitTask();
  const books = acme.admin.index('books');
  await books.updateSettings({ filterableAttributes: ['genre'], sortableAttributes: ['year', 'price'], stopWords: ['의'], synonyms: { 데이타베이스: ['데이터베이스'] } }).waitTask();
  await books.addDocuments(BOOKS).waitTask();
  // Replacements and a deletion: document numbers are no longer contiguous.
  await books.updateDocuments([{ id: 2, price: 15000 }, { id: 5, overview: '관계형 데이터베이스와 색인 설계, 개정판' }]).waitTask();
  await books.deleteDocument(7).waitTask();
  const created = await acme.admin.createKey({ name: '위젯', actions: ['search'], indexes: ['books'], expiresAt: null });
  widgetKey = { key: created.key, uid: created.uid };
  token = await generateTenantToken({ apiKey: acme.searchKey, apiKeyUid: acme.searchUid, searchRules: { books: { filter: 'genre = 소설' } } });
  if (source.server.routes.some((route) => route.url === '/indexes/:indexUid/alerts')) {
    const alert = await source.request('POST', '/indexes/docs/alerts', {
      key: acme.adminKey,
      body: JSON.stringify({ name: '까치 소식', q: '까치', channel: { type: 'sse' } }),
    });
    assert.equal(alert.status, 201, alert.text);
    alertUid = (alert.body as { uid: string }).uid;
  }
  const exported = await source.request('POST', '/workspaces/acme/export', { body: JSON.stringify({ passphrase: PASSPHRASE }) });
  assert.equal(exported.status, 202, exported.text);
  const task = await waitRootTask(source, (exported.body as { taskUid: number }).taskUid);
  assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
  const download = await fetch(`${source.url}/workspaces/acme/exports/${String(task.details?.exportUid)}`, { headers: { authorization: `Bearer ${MASTER}` } });
  assert.equal(download.status, 200);
  archive = join(tmp, 'acme.kachi');
  writeFileSync(archive, Buffer.from(await download.arrayBuffer()));
  assert.equal(readFileSync(archive).length, task.details?.archiveBytes);
  // The reference for `books` (see assertSameWorkspace), made after the export so the archive does not hold it.
  const rebuilt = acme.admin.index('books-rebuilt');
  await rebuilt.updateSettings(await books.getSettings()).waitTask();
  await rebuilt.addDocuments((await books.getDocuments({ limit: 100 })).results).waitTask();
});

after(async () => {
  await source?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('the archive', () => {
  it('is Kachi’s versioned NDJSON format: key hashes, never key values, and a sealed secret', () => {
    const text = readFileSync(archive, 'utf8');
    const lines = text.trimEnd().split('\n').map((line) => JSON.parse(line) as { kind: string; [field: string]: unknown });
    assert.deepEqual([lines[0]?.kind, lines.at(-1)?.kind], ['header', 'end']);
    assert.equal((lines[0] as { format?: string; version?: number; scope?: string }).scope, 'workspace');
    assert.equal(lines.filter((line) => line.kind === 'key').length, 3);
    for (const secret of [acme.adminKey, acme.searchKey, widgetKey.key]) assert.ok(!text.includes(secret), 'no key value in the archive');
    assert.equal(lines.filter((line) => line.kind === 'index').length, 2);
    if (alertUid !== undefined) assert.equal(lines.filter((line) => line.kind === 'alert').length, 1);
  });
});

describe('import on another Kachi', () => {
  let target: TestServer;
  before(async () => {
    target = await startTestServer({ masterKey: OTHER_MASTER });
  });
  after(async () => {
    await target?.close();
  });

  it('refuses a wrong passphrase before anything is created', async () => {
    const answer = await target.request('POST', '/workspaces/import', {
      key: OTHER_MASTER,
      body: readFileSync(archive),
      headers: { 'content-type': 'application/octet-stream', 'kachi-archive-passphrase': encodeURIComponent('틀린 암호입니다만') },
    });
    assert.equal(answer.status, 400);
    assert.equal((answer.body as { code: string }).code, 'invalid_archive_passphrase');
    assertNothingLeft(target, 'acme');
  });

  it('fails cleanly on a truncated archive and on a corrupted one', async () => {
    const bytes = readFileSync(archive);
    const truncated = bytes.subarray(0, Math.floor(bytes.length * 0.6));
    // A corrupted byte that keeps the line valid JSON: only the checksum can tell.
    const text = bytes.toString('utf8');
    const at = text.indexOf('까치', text.indexOf('"kind":"documents"'));
    const corrupted = Buffer.from(`${text.slice(0, at)}까마${text.slice(at + 2)}`);
    for (const [name, body] of [['cut', truncated], ['bent', corrupted]] as const) {
      const answer = await target.request('POST', `/workspaces/import?id=${name}`, {
        key: OTHER_MASTER,
        body,
        headers: { 'content-type': 'application/octet-stream', 'kachi-archive-passphrase': encodeURIComponent(PASSPHRASE) },
      });
      assert.equal(answer.status, 202, answer.text);
      const task = await target.clientWith(OTHER_MASTER).tasks.waitForTask((answer.body as { taskUid: number }).taskUid);
      assert.equal(task.status, 'failed', name);
      assert.equal(task.error?.code, 'invalid_archive', name);
      assertNothingLeft(target, name);
    }
    assert.equal(((await target.request('GET', '/workspaces', { key: OTHER_MASTER })).body as { total: number }).total, 0);
  });

  it('brings the workspace back with identical hits and scores, keys, tenant tokens and alerts', async () => {
    const answer = await target.request('POST', '/workspaces/import', {
      key: OTHER_MASTER,
      body: readFileSync(archive),
      headers: { 'content-type': 'application/octet-stream', 'kachi-archive-passphrase': encodeURIComponent(PASSPHRASE) },
    });
    assert.equal(answer.status, 202, answer.text);
    const task = await target.clientWith(OTHER_MASTER).tasks.waitForTask((answer.body as { taskUid: number }).taskUid);
    assert.equal(task.status, 'succeeded', JSON.stringify(task.error));
    assert.equal((task.details as Record<string, unknown> | undefined)?.importedDocuments, KOREAN_DOCS.length + BOOKS.length - 1);
    await assertSameWorkspace(target);
    const meta = (await target.request('GET', '/workspaces/acme', { key: OTHER_MASTER })).body as { name: string; limits: { maxDocuments: number } };
    assert.deepEqual([meta.name, meta.limits.maxDocuments], ['에이크미', 1000]);
    if (alertUid !== undefined) {
      const alert = await target.request('GET', `/indexes/docs/alerts/${alertUid}`, { key: acme.adminKey });
      assert.equal(alert.status, 200, alert.text);
      await assertAlertFires(target, alertUid);
    }
    const again = await upload(target, archive);
    assert.equal(again.status, 409);
  });
});

/** The imported alert notifies a subscriber when a new document matches. */
async function assertAlertFires(t: TestServer, uid: string): Promise<void> {
  const abort = new AbortController();
  const response = await fetch(`${t.url}/alerts/stream?alerts=${uid}`, { headers: { authorization: `Bearer ${acme.adminKey}` }, signal: abort.signal });
  assert.equal(response.status, 200);
  const reader = response.body!.getReader();
  await t.clientWith(acme.adminKey).index('docs').addDocuments([{ id: 99, title: '까치 둥지 발견', body: '학교 뒤 나무에서 까치 둥지를 찾았습니다.', genre: '자연', year: 2024 }]).waitTask();
  let text = '';
  const deadline = Date.now() + 10_000;
  while (!text.includes('까치 둥지') && Date.now() < deadline) {
    const chunk = await Promise.race([reader.read(), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 500))]);
    if (chunk !== undefined && !chunk.done) text += new TextDecoder().decode(chunk.value);
  }
  abort.abort();
  assert.ok(text.includes('까치 둥지'), `the imported alert fired: ${text.slice(0, 200)}`);
}

describe('kachi import on a fresh data folder', () => {
  it('imports offline; a server started there answers the same, with the same keys', async () => {
    const dbPath = join(tmp, 'fresh');
    const code = await main(['import', archive, '--db-path', dbPath, '--id', 'acme-detached', '--passphrase', PASSPHRASE]);
    assert.equal(code, 0);
    const wrong = await main(['import', archive, '--db-path', dbPath, '--id', 'other', '--passphrase', '잘못된 암호문입니다']);
    assert.equal(wrong, 1);
    assert.ok(!existsSync(join(dbPath, 'workspaces', 'other')));
    const detached = await startTestServer({ masterKey: OTHER_MASTER, dbPath });
    try {
      await assertSameWorkspace(detached);
    } finally {
      await detached.close();
    }
  });
});
