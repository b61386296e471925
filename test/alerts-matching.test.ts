// Alerts match exactly what search returns: each document is written in its own task, and an alert must fire for it
// exactly when a search with the alert's query and filter, run right after the task, returns it. Then the Korean
// cases one by one (morphology, chosung, filters), re-writes that must not fire again, and tenant tokens.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { AlertPayload } from '../src/alerts/types.ts';
import { main } from '../src/cli/main.ts';
import { startReceiver, waitTask, type Receiver } from './alerts-helpers.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const SECRET = 'alerts-test-secret-0123456789';
const MASTER = 'alerts-master-key-0123456789';
let server: TestServer;
let receiver: Receiver;

before(async () => {
  server = await startTestServer({ alertsAllowPrivateWebhooks: true, masterKey: MASTER });
  receiver = await startReceiver(SECRET);
});
after(async () => {
  await server.close();
  await receiver.close();
});

async function call(method: string, path: string, body?: unknown, key: string | null = MASTER) {
  return server.request(method, path, { body: body === undefined ? undefined : JSON.stringify(body), key });
}

async function write(index: string, documents: object[], method = 'POST'): Promise<number> {
  const response = await call(method, `/indexes/${index}/documents?primaryKey=id`, documents);
  assert.equal(response.status, 202, response.text);
  const uid = (response.body as { taskUid: number }).taskUid;
  const task = await waitTask((m, p) => call(m, p), uid);
  assert.equal(task.status, 'succeeded', JSON.stringify(task));
  return uid;
}

async function settings(index: string, body: object): Promise<void> {
  const response = await call('PATCH', `/indexes/${index}/settings`, body);
  await waitTask((m, p) => call(m, p), (response.body as { taskUid: number }).taskUid);
}

async function createAlert(index: string, body: object, key: string | null = MASTER): Promise<string> {
  const response = await call(
    'POST',
    `/indexes/${index}/alerts`,
    { channel: { type: 'webhook', url: receiver.url, secret: SECRET }, ...body },
    key,
  );
  assert.equal(response.status, 201, response.text);
  return (response.body as { uid: string }).uid;
}

/** (alert, document id) pairs notified for the documents task `taskUid`. */
function firedIn(taskUid: number): Set<string> {
  const out = new Set<string>();
  for (const delivery of receiver.accepted())
    if (delivery.payload.taskUid === taskUid)
      for (const hit of delivery.payload.hits) out.add(`${delivery.payload.alert.uid} ${String(hit.id)}`);
  return out;
}

const DOCUMENTS = [
  { id: 1, title: '학교에 가는 길', body: '아이들이 학교에 갑니다', category: '교육' },
  { id: 2, title: '학원 소식', body: '새 학원이 문을 열었습니다', category: '교육' },
  { id: 3, title: '검색엔진 만들기', body: '까치는 한국어 검색엔진입니다', category: '기술' },
  { id: 4, title: '검사 결과', body: '건강 검사를 받았습니다', category: '생활' },
  { id: 5, title: '급식 메뉴', body: '오늘의 급식 메뉴는 비빔밥', category: '교육' },
  { id: 6, title: '회사 급식', body: '회사 식당의 급식 메뉴', category: '회사' },
  { id: 7, title: '메뉴 급식', body: '순서가 바뀐 메뉴 급식', category: '교육' },
  { id: 8, title: '서울 날씨', body: '서울은 맑음', category: '생활' },
  { id: 9, title: '부산 날씨', body: '부산은 비', category: '생활' },
  { id: 10, title: '장바구니 정리', body: '장바구니에 담은 물건', category: '생활' },
  { id: 11, title: '검색 엔진 비교', body: '여러 검색 엔진을 비교합니다', category: '기술' },
  { id: 12, title: '학교 급식 개선', body: '학교 급식이 좋아졌습니다', category: '교육' },
  { id: 13, title: '학교 급식 사고', body: '학교 급식 문제', category: '회사' },
  { id: 14, title: 'Kachi search', body: 'a Korean search engine', category: '기술' },
];

const ALERTS: Array<{ name: string; q: string; filter?: string; matchingStrategy?: string }> = [
  { name: 'prefix and morphology', q: '학교' },
  { name: 'particle, no prefix', q: '학교에 ' },
  { name: 'chosung', q: 'ㄱㅅㅇㅈ' },
  { name: 'keyboard layout', q: 'rjator ' },
  { name: 'typo', q: '검삭 ' },
  { name: 'latin typo', q: 'serach ' },
  { name: 'phrase', q: '"급식 메뉴"' },
  { name: 'exclusion', q: '급식 -회사' },
  { name: 'filter only', q: '', filter: 'category = 교육' },
  { name: 'any word', q: '서울 날씨', matchingStrategy: 'last' },
  { name: 'half-typed syllable', q: '장바ㄱ' },
  { name: 'spacing', q: '검색엔진 ' },
  { name: 'query and filter', q: '학교 급식', filter: 'category = 교육' },
  { name: 'latin prefix', q: 'sea' },
  { name: 'two whole words', q: '학교 급식 ' },
  { name: 'any whole word', q: '서울 날씨 ', matchingStrategy: 'last' },
];

describe('alerts fire exactly for what search returns', () => {
  it('matches search after every single-document task, and finds each Korean case', async () => {
    await write('oracle', [{ id: 0, title: '준비', category: '없음' }]);
    await settings('oracle', { filterableAttributes: ['id', 'category'] });
    const uids = new Map<string, (typeof ALERTS)[number]>();
    for (const alert of ALERTS) uids.set(await createAlert('oracle', alert), alert);
    const expected: Array<{ task: number; pairs: Set<string> }> = [];
    for (const document of DOCUMENTS) {
      const task = await write('oracle', [document]);
      const pairs = new Set<string>();
      for (const [uid, alert] of uids) {
        const filter = [`id = ${document.id}`, ...(alert.filter === undefined ? [] : [alert.filter])];
        const found = await call('POST', '/indexes/oracle/search', {
          q: alert.q,
          filter,
          matchingStrategy: alert.matchingStrategy ?? 'all',
          limit: 1,
        });
        if ((found.body as { hits: unknown[] }).hits.length > 0) pairs.add(`${uid} ${document.id}`);
      }
      expected.push({ task, pairs });
    }
    const total = expected.reduce((n, e) => n + e.pairs.size, 0);
    await receiver
      .waitFor(() => expected.every((e) => firedIn(e.task).size >= e.pairs.size), 15_000)
      .catch(() => undefined);
    for (const { task, pairs } of expected)
      assert.deepEqual([...firedIn(task)].sort(), [...pairs].sort(), `task ${task}`);
    assert.ok(
      receiver.accepted().every((d) => d.signatureValid),
      'every delivery is signed',
    );

    // The Korean cases the oracle covered, spelled out: who fired for which document.
    const firedFor = (name: string): number[] => {
      const uid = [...uids].find(([, alert]) => alert.name === name)![0];
      return expected
        .flatMap((e) => [...e.pairs].filter((p) => p.startsWith(uid)).map((p) => Number(p.split(' ')[1])))
        .sort((a, b) => a - b);
    };
    assert.deepEqual(
      firedFor('particle, no prefix'),
      [1, 12, 13],
      '학교에 finds 학교 (the particle goes), not 학원',
    );
    assert.deepEqual(firedFor('prefix and morphology'), [1, 12, 13]);
    assert.ok(firedFor('chosung').includes(3), 'ㄱㅅㅇㅈ finds 검색엔진');
    assert.ok(!firedFor('chosung').includes(4), 'ㄱㅅㅇㅈ does not find 검사');
    assert.ok(firedFor('keyboard layout').includes(3), 'rjator finds 검색');
    assert.ok(firedFor('typo').includes(3), '검삭 finds 검색');
    assert.ok(firedFor('latin typo').includes(14), 'serach finds search');
    assert.deepEqual(firedFor('phrase'), [5, 6], '"급식 메뉴" needs the words in order');
    assert.ok(!firedFor('exclusion').includes(6), '-회사 excludes the company canteen');
    assert.deepEqual(
      firedFor('filter only'),
      [1, 2, 5, 7, 12],
      'an empty query fires for every document passing the filter',
    );
    assert.deepEqual(firedFor('query and filter'), [12], 'the filter removes the 회사 document');
    assert.ok(firedFor('half-typed syllable').includes(10), '장바ㄱ finds 장바구니');
    assert.ok(firedFor('latin prefix').includes(14));
    assert.ok(total > 20, `enough matches to mean something (${total})`);
  });
});

describe('only new or changed matches fire', () => {
  it('an unchanged re-add does not fire; a change in the matched text does; a change elsewhere does not', async () => {
    await write('news', [{ id: 1, title: '시작', views: 0 }]);
    const alert = await createAlert('news', { name: '학교 소식', q: '학교 ' });
    const hitsOf = (task: number) =>
      receiver.accepted().filter((d) => d.payload.alert.uid === alert && d.payload.taskUid === task);
    const first = await write('news', [
      { id: 2, title: '학교 소식', body: '새 학교', views: 1 },
      { id: 3, title: '날씨', body: '맑음', views: 1 },
    ]);
    await receiver.waitFor(() => hitsOf(first).length === 1);
    assert.deepEqual(
      hitsOf(first)[0]!.payload.hits.map((h) => h.id),
      [2],
      'the matching document fires, the other does not',
    );
    assert.match(
      String((hitsOf(first)[0]!.payload.hits[0]!._formatted as { title: string }).title),
      /<em>학교<\/em>/,
    );
    const unchanged = await write('news', [{ id: 2, title: '학교 소식', body: '새 학교', views: 1 }]);
    const views = await write('news', [{ id: 2, title: '학교 소식', body: '새 학교', views: 99 }]);
    const changed = await write('news', [{ id: 2, title: '학교 소식', body: '새 학교가 열렸다', views: 99 }]);
    await receiver.waitFor(() => hitsOf(changed).length === 1);
    assert.equal(hitsOf(unchanged).length, 0, 'unchanged re-add');
    assert.equal(hitsOf(views).length, 0, 'a field the query did not match changed');
    const deleted = await call('DELETE', '/indexes/news/documents/2');
    await waitTask((m, p) => call(m, p), (deleted.body as { taskUid: number }).taskUid);
    const again = await write('news', [{ id: 2, title: '학교 소식', body: '새 학교가 열렸다', views: 99 }]);
    await receiver.waitFor(() => hitsOf(again).length === 1);
  });
});

describe('keys and tenant tokens', () => {
  it("needs the alerts actions, and an alert sees only what its tenant token's rules let it search", async () => {
    await write('shop', [{ id: 1, title: '준비', tenant: 'a' }]);
    await settings('shop', { filterableAttributes: ['tenant'] });
    const keyFor = async (actions: string[]) => {
      const response = await call('POST', '/keys', { actions, indexes: ['shop'], expiresAt: null });
      return response.body as { key: string; uid: string };
    };
    const searchOnly = await keyFor(['search']);
    const refused = await call(
      'POST',
      '/indexes/shop/alerts',
      { name: 'x', q: '가방', channel: { type: 'sse' } },
      searchOnly.key,
    );
    assert.equal(refused.status, 403);
    assert.equal((refused.body as { code: string }).code, 'invalid_api_key');
    const parent = await keyFor(['search', 'alerts.*']);
    const token = tenantToken(parent.uid, parent.key, { shop: { filter: 'tenant = a' } });
    const alert = await createAlert('shop', { name: '가방', q: '가방 ' }, token);
    const other = tenantToken(parent.uid, parent.key, { shop: { filter: 'tenant = b' } });
    assert.equal(
      (await call('GET', `/indexes/shop/alerts/${alert}`, undefined, other)).status,
      404,
      'another tenant does not see the alert',
    );
    assert.equal(
      ((await call('GET', '/indexes/shop/alerts', undefined, token)).body as { total: number }).total,
      1,
    );
    const task = await write('shop', [
      { id: 2, title: '가방 세일', tenant: 'a' },
      { id: 3, title: '가방 신상', tenant: 'b' },
    ]);
    await receiver.waitFor(() =>
      receiver.accepted().some((d) => d.payload.alert.uid === alert && d.payload.taskUid === task),
    );
    const hits = receiver
      .accepted()
      .filter((d) => d.payload.alert.uid === alert)
      .flatMap((d) => (d.payload as AlertPayload).hits.map((h) => h.id));
    assert.deepEqual(hits, [2], "tenant b's document stays out");
    // A deleted key's alerts stop firing.
    await call('DELETE', `/keys/${parent.uid}`);
    const later = await write('shop', [{ id: 4, title: '가방 재입고', tenant: 'a' }]);
    const sentinel = await createAlert('shop', { name: 'all', q: '' });
    const last = await write('shop', [{ id: 5, title: '끝', tenant: 'a' }]);
    await receiver.waitFor(() =>
      receiver.accepted().some((d) => d.payload.alert.uid === sentinel && d.payload.taskUid === last),
    );
    assert.ok(!receiver.accepted().some((d) => d.payload.alert.uid === alert && d.payload.taskUid === later));
  });
});

describe('the alerts API', () => {
  it('creates, lists, reads, updates and deletes, and refuses bad bodies with Meilisearch-style errors', async () => {
    await write('api', [{ id: 1, title: '준비' }]);
    const created = await call('POST', '/indexes/api/alerts', {
      name: '학교',
      q: '학교',
      channel: { type: 'webhook', url: receiver.url },
    });
    assert.equal(created.status, 201, created.text);
    const alert = created.body as {
      uid: string;
      channel: { secret: string };
      matchingStrategy: string;
      mode: string;
    };
    assert.match(alert.channel.secret, /^whsec_/, 'a secret is generated when none is given');
    assert.equal(alert.matchingStrategy, 'all');
    assert.equal(alert.mode, 'instant');
    const patched = await call('PATCH', `/indexes/api/alerts/${alert.uid}`, {
      mode: 'digest',
      schedule: { every: 'day', at: '09:00' },
    });
    assert.equal(patched.status, 200, patched.text);
    assert.match(
      String((patched.body as { nextDigestAt: string }).nextDigestAt),
      /T00:00:00\.000Z$/,
      '09:00 in Seoul is midnight UTC',
    );
    const list = await call('GET', '/indexes/api/alerts');
    assert.equal((list.body as { total: number }).total, 1);
    const errors: Array<[object, number, string]> = [
      [{ q: '학교', channel: { type: 'sse' } }, 400, 'missing_alert_name'],
      [{ name: 'x', channel: { type: 'sse' } }, 400, 'missing_alert_q'],
      [{ name: 'x', q: 'y' }, 400, 'missing_alert_channel'],
      [{ name: 'x', q: 'y', channel: { type: 'pigeon' } }, 400, 'invalid_alert_channel'],
      [{ name: 'x', q: 'y', channel: { type: 'email', to: 'a@b.c' } }, 400, 'invalid_alert_channel'],
      [{ name: 'x', q: 'y', channel: { type: 'webhook', url: 'ftp://x' } }, 400, 'invalid_alert_channel'],
      [{ name: 'x', q: 'y', channel: { type: 'sse' }, filter: 'nope = 1' }, 400, 'invalid_alert_filter'],
      [
        { name: 'x', q: 'y', channel: { type: 'sse' }, matchingStrategy: 'some' },
        400,
        'invalid_alert_matching_strategy',
      ],
      [{ name: 'x', q: 'y', channel: { type: 'sse' }, mode: 'digest' }, 400, 'invalid_alert_schedule'],
      [
        {
          name: 'x',
          q: 'y',
          channel: { type: 'sse' },
          mode: 'digest',
          schedule: { every: 'day', at: '25:00' },
        },
        400,
        'invalid_alert_schedule',
      ],
      [
        { name: 'x', q: 'y', channel: { type: 'sse' }, mode: 'digest', schedule: { cron: '0 9 1 * *' } },
        400,
        'invalid_alert_schedule',
      ],
      [
        {
          name: 'x',
          q: 'y',
          channel: { type: 'sse' },
          mode: 'digest',
          schedule: { every: 'day', timeZone: 'Mars/Base' },
        },
        400,
        'invalid_alert_schedule',
      ],
      [{ name: 'x', q: 'y', channel: { type: 'sse' }, colour: 'red' }, 400, 'bad_request'],
      [{ name: 'x', q: 1, channel: { type: 'sse' } }, 400, 'invalid_alert_q'],
      [{ uid: 'x', name: 'x', q: 'y', channel: { type: 'sse' } }, 400, 'immutable_alert_field'],
    ];
    for (const [body, status, code] of errors) {
      const response = await call('POST', '/indexes/api/alerts', body);
      assert.equal(response.status, status, `${JSON.stringify(body)} → ${response.text}`);
      const error = response.body as { code: string; type: string; link: string; message: string };
      assert.equal(error.code, code, JSON.stringify(body));
      assert.equal(error.type, 'invalid_request');
      assert.match(error.link, /errors#/);
    }
    assert.equal(
      (await call('POST', '/indexes/missing/alerts', { name: 'x', q: 'y', channel: { type: 'sse' } })).status,
      404,
    );
    assert.equal((await call('DELETE', `/indexes/api/alerts/${alert.uid}`)).status, 204);
    const gone = await call('GET', `/indexes/api/alerts/${alert.uid}`);
    assert.equal(gone.status, 404);
    assert.equal((gone.body as { code: string }).code, 'alert_not_found');
  });

  it('kachi alerts add, list and rm talk to the server', async () => {
    await write('cli', [{ id: 1, title: '준비' }]);
    const run = async (...argv: string[]): Promise<{ code: number; out: string }> => {
      const lines: string[] = [];
      const log = console.log;
      const table = console.table;
      console.log = (...args: unknown[]) => void lines.push(args.join(' '));
      console.table = (rows: unknown) => void lines.push(JSON.stringify(rows));
      try {
        return {
          code: await main([...argv, '--url', server.url, '--api-key', MASTER]),
          out: lines.join('\n'),
        };
      } finally {
        console.log = log;
        console.table = table;
      }
    };
    const added = await run(
      'alerts',
      'add',
      'cli',
      '--name',
      '아침 학교 소식',
      '--q',
      '학교 ',
      '--sse',
      '--digest',
      'day 08:30',
    );
    assert.equal(added.code, 0, added.out);
    const uid = /alert (\S+) saved/.exec(added.out)?.[1] ?? '';
    assert.match(added.out, /digest \(next 20\d\d-\d\d-\d\dT23:30:00\.000Z\)/, '08:30 in Seoul');
    const listed = await run('alerts', 'list', 'cli', '--json');
    assert.deepEqual(
      (JSON.parse(listed.out) as Array<{ uid: string }>).map((a) => a.uid),
      [uid],
    );
    assert.equal((await run('alerts', 'rm', 'cli', uid)).code, 0);
    assert.match((await run('alerts', 'list', 'cli')).out, /no alerts on cli yet/);
  });

  it('refuses private webhook addresses unless the server allows them', async () => {
    const strict = await startTestServer({});
    try {
      await strict.request('POST', '/indexes/x/documents?primaryKey=id', { body: '[{"id":1}]' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const response = await strict.request('POST', '/indexes/x/alerts', {
        body: JSON.stringify({
          name: 'x',
          q: 'y',
          channel: { type: 'webhook', url: 'http://127.0.0.1:9/hook' },
        }),
      });
      assert.equal(response.status, 400, response.text);
      assert.match(response.text, /alerts-allow-private-webhooks/);
    } finally {
      await strict.close();
    }
  });
});

/** An HS256 tenant token, as the Meilisearch SDKs make them. */
function tenantToken(apiKeyUid: string, apiKey: string, searchRules: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ apiKeyUid, searchRules })}`;
  return `${unsigned}.${createHmac('sha256', apiKey).update(unsigned).digest('base64url')}`;
}
