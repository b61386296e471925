// Isolation, generated from the route table: for every route the server answers and every kind of key of
// workspace alpha (its admin key, its search key, a tenant token from its search key), a request aimed at
// workspace bravo's resources gets 403 or 404 (reads) and never bravo's data, and bravo is left unchanged.
// A route added later is covered without touching this file; a new path parameter must be given a value below.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateTenantToken } from 'meilisearch/token';
import type { RouteEntry } from '../src/server/app.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';
import { createWorkspace, MASTER, PASSPHRASE, waitRootTask, type TestWorkspace } from './helpers/workspaces.ts';

/** Text that only bravo's documents hold. */
const BRAVO_TEXT = '브라보기밀문서';
let t: TestServer;
let alpha: TestWorkspace;
let bravo: TestWorkspace;
/** Everything of bravo's that must never appear in an answer to alpha. */
const bravoSecrets: string[] = [];
/** Values for path parameters, each naming something only bravo has. */
const bravoParams: Record<string, string> = {};
let alphaKeys: Array<{ kind: string; key: string }> = [];

async function bravoSnapshot(): Promise<string> {
  const get = async (path: string) => (await t.request('GET', path, { headers: { 'kachi-workspace': 'bravo' } })).text;
  const parts = [await get('/indexes'), await get('/keys?limit=100'), await get('/tasks?limit=1000')];
  for (const uid of ['docs', 'bonly']) parts.push(await get(`/indexes/${uid}/documents?limit=100`), await get(`/indexes/${uid}/settings`));
  if (bravoParams.alertUid !== undefined) parts.push(await get('/indexes/bonly/alerts'));
  // Tasks carry times that do not change once finished; keys carry updatedAt, changed only by a write.
  return parts.join('\n');
}

const SETTING_VALUES: Record<string, unknown> = {
  'searchable-attributes': ['*'],
  'displayed-attributes': ['*'],
  'filterable-attributes': ['genre'],
  'sortable-attributes': [],
  'ranking-rules': ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  'stop-words': [],
  synonyms: {},
  'distinct-attribute': null,
  'typo-tolerance': {},
  pagination: {},
  faceting: {},
  'separator-tokens': [],
  'non-separator-tokens': [],
  dictionary: [],
  'proximity-precision': 'byWord',
  korean: {},
};

/** A body the route accepts (so writes really run in alpha's namespace); `{}` for anything unknown. */
function bodyFor(method: string, url: string, indexUid: string): unknown {
  if (method === 'GET' || method === 'HEAD' || method === 'DELETE') return undefined;
  const setting = /\/settings\/([a-z-]+)$/.exec(url)?.[1];
  if (setting !== undefined) return SETTING_VALUES[setting] ?? {};
  const table: Record<string, unknown> = {
    'POST /indexes': { uid: indexUid },
    'POST /indexes/:indexUid/documents': [{ id: 'x1', title: '알파 새 문서' }],
    'PUT /indexes/:indexUid/documents': [{ id: 'x1', title: '알파 고친 문서' }],
    'POST /indexes/:indexUid/documents/delete-batch': ['b1'],
    'POST /indexes/:indexUid/documents/delete': { filter: 'genre = 기밀' },
    'POST /indexes/:indexUid/search': { q: '기밀' },
    'POST /indexes/:indexUid/facet-search': { facetName: 'genre' },
    'POST /indexes/:indexUid/ask': { question: '기밀 문서에는 무엇이 적혀 있나요?', stream: true },
    'POST /multi-search': { queries: [{ indexUid, q: '기밀' }] },
    'POST /swap-indexes': [{ indexes: ['docs', 'bonly'] }],
    'PATCH /indexes/:indexUid': { primaryKey: 'id' },
    'POST /keys': { actions: ['search'], indexes: ['*'], expiresAt: null },
    'PATCH /keys/:key': { name: '바뀐 이름' },
    'POST /indexes/:indexUid/alerts': { name: '알파 알림', q: '기밀', channel: { type: 'sse' } },
    'PATCH /indexes/:indexUid/alerts/:alertUid': { name: '바뀐 알림' },
    'POST /workspaces': { id: 'intruder' },
    'PATCH /workspaces/:workspaceId': { name: '침입' },
    'POST /workspaces/:workspaceId/export': { passphrase: PASSPHRASE },
  };
  return table[`${method} ${url}`] ?? {};
}

/** Query strings some routes need to do anything at all. */
function queryFor(url: string): string {
  if (url === '/tasks' || url === '/tasks/cancel') return `?uids=${bravoParams.taskUid}`;
  if (url === '/alerts/stream') return `?alerts=${bravoParams.alertUid ?? 'none'}`;
  return '';
}

/** Fills `:name` parameters; fails the test for a parameter nobody gave a value for. */
function fill(url: string, indexUid: string): string {
  return url.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = name === 'indexUid' ? indexUid : bravoParams[name];
    assert.ok(value !== undefined, `route ${url}: give :${name} a value naming something only bravo has (bravoParams)`);
    return encodeURIComponent(value);
  });
}

/** One request; a streaming answer (SSE) is read for a moment, then dropped. */
async function send(method: string, path: string, key: string, body: unknown): Promise<{ status: number; text: string }> {
  const abort = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${key}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  // The answer's head may be slow on a machine busy with the rest of the suite; its body is cut after 400 ms,
  // since an event stream never ends (what arrived by then is checked).
  let timer = setTimeout(() => abort.abort(), 10_000);
  try {
    const response = await fetch(`${t.url}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: abort.signal });
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), 400);
    let text = '';
    try {
      const reader = response.body?.getReader();
      const decoder = new TextDecoder();
      for (;;) {
        const chunk = await reader?.read();
        if (chunk === undefined || chunk.done) break;
        text += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // the stream was cut by the timer: what arrived is what we check
    }
    return { status: response.status, text };
  } finally {
    clearTimeout(timer);
  }
}

function routesOf(): RouteEntry[] {
  const seen = new Set<string>();
  const routes: RouteEntry[] = [];
  const gets = new Set(t.server.routes.filter((route) => route.method === 'GET').map((route) => route.url));
  for (const route of t.server.routes) {
    const id = `${route.method} ${route.url}`;
    // HEAD routes are fastify's copies of GET routes (same handler, no body to inspect).
    if (seen.has(id) || route.method === 'OPTIONS' || (route.method === 'HEAD' && gets.has(route.url))) continue;
    seen.add(id);
    routes.push(route);
  }
  // Reads first: writes may create alpha's own `bonly`, after which a read of it rightly succeeds.
  const read = (r: RouteEntry) => (r.method === 'GET' || r.method === 'HEAD' ? 0 : 1);
  return routes.sort((a, b) => read(a) - read(b));
}

before(async () => {
  t = await startTestServer({ masterKey: MASTER });
  alpha = await createWorkspace(t, 'alpha');
  bravo = await createWorkspace(t, 'bravo');
  await alpha.admin.index('docs').updateFilterableAttributes(['genre']).waitTask();
  await alpha.admin.index('docs').addDocuments([{ id: 'a1', title: '알파 공개 문서', body: '까치와 기밀', genre: '공개' }]).waitTask();
  const bravoDocs = [{ id: 'b1', title: `${BRAVO_TEXT} 까치`, body: `${BRAVO_TEXT}: 기밀 계약서`, genre: '기밀' }];
  for (const uid of ['docs', 'bonly']) {
    await bravo.admin.index(uid).updateFilterableAttributes(['genre']).waitTask();
    await bravo.admin.index(uid).addDocuments(bravoDocs).waitTask();
  }
  // Bravo has many more tasks than alpha, so its last task uid names a task alpha does not have.
  let last = 0;
  for (let i = 0; i < 4; i++) last = (await bravo.admin.index('bonly').updateStopWords(i % 2 === 0 ? ['의'] : []).waitTask()).uid;
  const secretKey = await bravo.admin.createKey({ name: '브라보 전용 키', actions: ['*'], indexes: ['*'], expiresAt: null });
  bravoParams.taskUid = String(last);
  bravoParams.key = secretKey.uid;
  bravoParams.documentId = 'b1';
  bravoParams.workspaceId = 'bravo';
  const hasAlerts = t.server.routes.some((route) => route.url === '/indexes/:indexUid/alerts');
  if (hasAlerts) {
    const alert = await t.request('POST', '/indexes/bonly/alerts', {
      key: bravo.adminKey,
      body: JSON.stringify({ name: '브라보 알림', q: '기밀', channel: { type: 'sse' } }),
    });
    assert.equal(alert.status, 201, alert.text);
    bravoParams.alertUid = (alert.body as { uid: string }).uid;
    bravoSecrets.push(bravoParams.alertUid, '브라보 알림');
  }
  const exported = await t.request('POST', '/workspaces/bravo/export', { body: JSON.stringify({ passphrase: PASSPHRASE }) });
  const task = await waitRootTask(t, (exported.body as { taskUid: number }).taskUid);
  bravoParams.exportUid = String(task.details?.exportUid);
  bravoSecrets.push(BRAVO_TEXT, bravo.adminKey, bravo.searchKey, bravo.adminUid, bravo.searchUid, secretKey.uid, secretKey.key, '브라보 전용 키');
  const token = await generateTenantToken({ apiKey: alpha.searchKey, apiKeyUid: alpha.searchUid, searchRules: ['*'] });
  alphaKeys = [
    { kind: 'admin key', key: alpha.adminKey },
    { kind: 'search key', key: alpha.searchKey },
    { kind: 'tenant token', key: token },
  ];
});

after(async () => {
  await t?.close();
});

describe('workspace isolation over the whole route table', () => {
  it('covers a route table that includes the Meilisearch API, the workspaces API, dumps and streams', () => {
    const urls = new Set(t.server.routes.map((route) => route.url));
    for (const url of ['/indexes/:indexUid/search', '/indexes/:indexUid/ask', '/tasks/:taskUid', '/dumps', '/keys/:key', '/workspaces/:workspaceId/export'])
      assert.ok(urls.has(url), url);
    assert.ok(t.server.routes.length > 60, `${t.server.routes.length} routes`);
  });

  it('never lets an alpha key read or change bravo', async () => {
    const initial = await bravoSnapshot();
    let requests = 0;
    for (const route of routesOf()) {
      const { action, masterKeyOnly } = route.config;
      const isRead = route.method === 'GET' || route.method === 'HEAD';
      const targets = route.url.includes(':indexUid') ? ['bonly', 'docs'] : ['bonly'];
      for (const indexUid of targets) {
        for (const { kind, key } of alphaKeys) {
          const path = fill(route.url, indexUid) + queryFor(route.url);
          const body = route.method === 'HEAD' ? undefined : bodyFor(route.method, route.url, indexUid);
          const answer = await send(route.method, path, key, body);
          requests++;
          const where = `${route.method} ${path} with alpha's ${kind} → ${answer.status} ${answer.text.slice(0, 160)}`;
          // An identifier the caller sent (and an error message echoes) is not a leak; anything else of bravo's is.
          for (const secret of bravoSecrets)
            if (!path.includes(secret)) assert.ok(!answer.text.includes(secret), `bravo's data leaked: ${where}`);
          if (masterKeyOnly === true) assert.equal(answer.status, 403, where);
          else if (action === undefined) continue; // public: /health, the web UI
          else if (kind === 'tenant token' && action !== 'search') assert.equal(answer.status, 403, where);
          // Every read that names something only bravo has (an index, a task, a key, an alert) is 403 or 404.
          const namesBravoOnly = route.url.includes(':') && (indexUid === 'bonly' || !route.url.includes(':indexUid') || /:(taskUid|key|alertUid|documentId)/.test(route.url));
          // (A list under an index alpha lacks may also answer an empty list: it reveals nothing, not even existence.)
          const emptyList = answer.status === 200 && /"total":0[,}]/.test(answer.text) && /"results":\[\]/.test(answer.text);
          if (isRead && namesBravoOnly && !(route.url.includes(':indexUid') && indexUid === 'docs'))
            assert.ok(answer.status === 403 || answer.status === 404 || emptyList, where);
        }
      }
      if (!isRead) assert.equal(await bravoSnapshot(), initial, `bravo changed after ${route.method} ${route.url}`);
    }
    assert.ok(requests > 300, `${requests} requests`);
  });

  it('writes an alpha dump with alpha’s data only, in alpha’s folder', async () => {
    const task = await alpha.admin.createDump().waitTask();
    assert.equal(task.status, 'succeeded');
    const folder = join(t.dbPath, 'workspaces', 'alpha', 'dumps');
    const dumps = readdirSync(folder);
    assert.ok(dumps.length > 0);
    for (const name of dumps) {
      const text = readFileSync(join(folder, name), 'utf8');
      for (const secret of bravoSecrets) assert.ok(!text.includes(secret), `dump ${name} holds ${secret}`);
    }
    // The dump task is alpha's: bravo's task list does not show it.
    const bravoTasks = await bravo.admin.tasks.getTasks({ types: ['dumpCreation'] });
    assert.equal(bravoTasks.results.length, 0);
  });
});
