// POST /indexes/:uid/ask against a real Kachi server on 127.0.0.1: JSON, server-sent events, key permissions, errors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { generateTenantToken } from 'meilisearch/token';
import type { AskResponse } from '../src/answer/types.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

// The test's own documents, with a filterable topic for tenant-token rules.
const ANSWER_DOCS = [
  {
    id: 'hanbit',
    title: '한빛전자',
    text: '한빛전자는 1987년 3월 2일 대전에서 설립된 전자 회사이다. 창업자는 김민준이며, 본사는 대전광역시 유성구에 있다.',
    topic: '회사',
  },
  {
    id: 'bada',
    title: '바다 도서관',
    text: '바다 도서관은 부산 해운대구에 있는 공공 도서관이다. 2015년에 문을 열었으며, 소장 도서는 약 12만 권이다. 도서관 설계는 건축가 이서연이 맡았다.',
    topic: '도서관',
  },
  {
    id: 'festival',
    title: '까치 축제',
    text: '까치 축제는 매년 10월 강릉에서 열리는 가을 축제이다. 첫 축제는 2008년에 열렸다.',
    topic: '축제',
  },
];

const MASTER = 'kachi-test-master-key-0123456789';
let t: TestServer;
let searchKey: { key: string; uid: string };

before(async () => {
  // Extractive mode whatever the developer's environment says.
  delete process.env.KACHI_LLM_BASE_URL;
  t = await startTestServer({ masterKey: MASTER });
  const keys = await t.client.getKeys();
  const found = keys.results.find((k) => k.name === 'Default Search API Key');
  assert.ok(found !== undefined);
  searchKey = { key: found.key, uid: found.uid };
  await t.client.index('answers').updateFilterableAttributes(['topic']).waitTask();
  await t.client.index('answers').addDocuments(ANSWER_DOCS, { primaryKey: 'id' }).waitTask();
});

after(async () => {
  await t.close();
});

/** Server-sent events of a response body, as `[event, data]` pairs. */
function parseEvents(text: string): Array<[string, unknown]> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.+)$/mu.exec(block)?.[1] ?? '';
      const data = /^data: (.+)$/mu.exec(block)?.[1] ?? 'null';
      return [event, JSON.parse(data) as unknown];
    });
}

describe('POST /indexes/:uid/ask', () => {
  it('answers with a span, its evidence and citations, for a key with the search action', async () => {
    const response = await t.request('POST', '/indexes/answers/ask', {
      body: JSON.stringify({ question: '바다 도서관을 설계한 건축가는?' }),
      key: searchKey.key,
    });
    assert.equal(response.status, 200, response.text);
    const body = response.body as AskResponse;
    assert.equal(body.mode, 'extractive');
    assert.equal(body.answerSpan?.text, '이서연');
    assert.equal(body.answerSpan?.id, 'bada');
    const doc = ANSWER_DOCS.find((d) => d.id === 'bada')!;
    assert.equal(doc.text.slice(body.answerSpan!.start, body.answerSpan!.end), '이서연');
    assert.match(body.evidence?.highlighted ?? '', /<em>이서연<\/em>/u);
    assert.equal(body.citations[0]?.id, 'bada');
    assert.match(body.answer, /이서연/u);
    assert.match(body.answer, /\[1\]/u);
  });

  it('streams server-sent events: start, deltas, done', async () => {
    const response = await fetch(`${t.url}/indexes/answers/ask`, {
      method: 'POST',
      headers: { authorization: `Bearer ${searchKey.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ question: '한빛전자의 창업자는 누구인가?', stream: true }),
    });
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/u);
    const events = parseEvents(await response.text());
    assert.deepEqual(
      events.map(([event]) => event).filter((e, i, all) => all.indexOf(e) === i),
      ['start', 'delta', 'done'],
    );
    const done = events.at(-1)![1] as AskResponse;
    assert.equal(done.answerSpan?.text, '김민준');
    const streamed = events
      .filter(([e]) => e === 'delta')
      .map(([, d]) => (d as { text: string }).text)
      .join('');
    assert.equal(streamed, done.answer);
  });

  it('refuses keys without the search action, and requests without a key', async () => {
    const key = await t.client.createKey({
      name: 'docs only',
      actions: ['documents.get'],
      indexes: ['*'],
      expiresAt: null,
    });
    const body = JSON.stringify({ question: '까치 축제는 어디에서 열리나?' });
    assert.equal((await t.request('POST', '/indexes/answers/ask', { body, key: key.key })).status, 403);
    assert.equal((await t.request('POST', '/indexes/answers/ask', { body, key: null })).status, 401);
  });

  it("bounds answers by a tenant token's filter, like search", async () => {
    const token = await generateTenantToken({
      apiKey: searchKey.key,
      apiKeyUid: searchKey.uid,
      searchRules: { answers: { filter: 'topic = 회사' } },
    });
    const response = await t.request('POST', '/indexes/answers/ask', {
      body: JSON.stringify({ question: '바다 도서관을 설계한 건축가는?' }),
      key: token,
    });
    assert.equal(response.status, 200);
    const body = response.body as AskResponse;
    assert.ok(
      body.citations.every((c) => c.id === 'hanbit'),
      JSON.stringify(body.citations),
    );
    assert.notEqual(body.answerSpan?.text, '이서연');
  });

  it('rejects bad requests with Meilisearch-style errors', async () => {
    const ask = (body: string, index = 'answers') =>
      t.request('POST', `/indexes/${index}/ask`, { body, key: searchKey.key });
    const missing = await ask('{}');
    assert.equal(missing.status, 400);
    assert.equal((missing.body as { code: string }).code, 'bad_request');
    assert.equal((await ask('{"question": "무엇?", "color": "red"}')).status, 400);
    assert.equal(
      ((await ask('{"question": "무엇?", "limit": 0}')).body as { code: string }).code,
      'invalid_search_limit',
    );
    assert.equal(
      ((await ask('{"question": "무엇?", "filter": "nope = "}')).body as { code: string }).code,
      'invalid_search_filter',
    );
    assert.equal((await ask('{"question": "무엇?"}', 'missing')).status, 404);
  });
});
