// Generative mode against a small OpenAI-protocol server on 127.0.0.1: streaming, citation checks, timeouts, errors.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { answerQuestion, streamAnswer } from '../src/answer/ask.ts';
import { llmConfigFromEnv, type LlmConfig } from '../src/answer/llm-client.ts';
import type { AskEvent } from '../src/answer/types.ts';
import type { Engine, KachiIndex } from '../src/engine-types.ts';
import { openEngine } from '../src/engine.ts';
import { tempDir } from './helpers/temp-engine.ts';

// The test's own documents: the company the fake model answers about, and one more to cite.
const DOCS = [
  {
    id: 'hanbit',
    title: '한빛전자',
    text: '한빛전자는 1987년 3월 2일 대전에서 설립된 전자 회사이다. 창업자는 김민준이며, 본사는 대전광역시 유성구에 있다.',
  },
  {
    id: 'bada',
    title: '바다 도서관',
    text: '바다 도서관은 부산 해운대구에 있는 공공 도서관이다. 도서관 설계는 건축가 이서연이 맡았다.',
  },
];

type Behaviour = 'answer' | 'hang' | 'error' | 'stall';

let behaviour: Behaviour = 'answer';
let lastRequest: {
  authorization: string | undefined;
  body: { model: string; stream: boolean; messages: Array<{ role: string; content: string }> };
} | null = null;
let server: Server;
let config: LlmConfig;
let engine: Engine;
let index: KachiIndex;
const dir = tempDir();

/** `data:` lines as an OpenAI-compatible server streams them. */
function chunk(content: string): string {
  return `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content } }] })}\n\n`;
}

async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
  let raw = '';
  for await (const part of request) raw += String(part);
  lastRequest = {
    authorization: request.headers.authorization,
    body: JSON.parse(raw) as NonNullable<typeof lastRequest>['body'],
  };
  if (request.url !== '/v1/chat/completions') return void response.writeHead(404).end();
  if (behaviour === 'hang') return; // never answers
  if (behaviour === 'error')
    return void response
      .writeHead(500, { 'content-type': 'application/json' })
      .end('{"error":{"message":"model not loaded"}}');
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  // The citation [7] names no passage and must be removed, even split across chunks.
  const tokens =
    behaviour === 'stall'
      ? ['김민준']
      : ['한빛전자의 창업자는 ', '김민준', '이에요', ' [1]', ' [', '7]', '.'];
  for (const token of tokens) response.write(chunk(token));
  if (behaviour === 'stall') return; // the stream stops without [DONE]
  response.end('data: [DONE]\n\n');
}

before(async () => {
  server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  config = {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    model: 'solar-mini',
    apiKey: 'test-key',
    timeoutMs: 400,
  };
  engine = openEngine({ dbPath: dir.path });
  index = engine.createIndex('answers', { primaryKey: 'id' });
  index.addDocuments(DOCS);
});

after(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  engine.close();
  dir.remove();
});

describe('generative mode', () => {
  it('reads its endpoint from KACHI_LLM_* (none: extractive)', () => {
    assert.equal(llmConfigFromEnv({}), null);
    const env = {
      KACHI_LLM_BASE_URL: 'http://127.0.0.1:8080/v1/',
      KACHI_LLM_MODEL: 'solar-pro',
      KACHI_LLM_API_KEY: 'k',
    };
    assert.deepEqual(llmConfigFromEnv(env), {
      baseUrl: 'http://127.0.0.1:8080/v1',
      model: 'solar-pro',
      apiKey: 'k',
      timeoutMs: 20_000,
    });
  });

  it('answers from the numbered passages only, and removes citations to passages not given', async () => {
    behaviour = 'answer';
    const response = await answerQuestion(
      index,
      { question: '한빛전자의 창업자는 누구인가?' },
      { llm: config },
    );
    assert.equal(response.mode, 'generative');
    assert.equal(response.answer, '한빛전자의 창업자는 김민준이에요 [1].');
    assert.equal(response.citations[0]?.id, 'hanbit');
    assert.equal(response.answerSpan?.text, '김민준'); // the extractive span still shows the sentence relied on
    assert.equal(lastRequest?.authorization, 'Bearer test-key');
    assert.equal(lastRequest?.body.model, 'solar-mini');
    assert.equal(lastRequest?.body.stream, true);
    const prompt = lastRequest?.body.messages.map((m) => m.content).join('\n') ?? '';
    assert.match(prompt, /\[1\] 한빛전자: 한빛전자는 1987년 3월 2일/u);
    assert.match(prompt, /질문: 한빛전자의 창업자는 누구인가\?/u);
    assert.match(prompt, /문서에서 답을 찾지 못했어요/u);
  });

  it('streams token by token: start, the checked deltas, done', async () => {
    behaviour = 'answer';
    const events: AskEvent[] = [];
    for await (const event of streamAnswer(
      index,
      { question: '한빛전자의 창업자는 누구인가?' },
      { llm: config },
    ))
      events.push(event);
    assert.deepEqual(events[0], {
      type: 'start',
      mode: 'generative',
      citations: (events.at(-1) as Extract<AskEvent, { type: 'done' }>).response.citations,
    });
    const deltas = events.filter((e): e is Extract<AskEvent, { type: 'delta' }> => e.type === 'delta');
    assert.ok(deltas.length >= 3, 'several pieces, as the tokens came');
    assert.ok(deltas.every((d) => !d.text.includes('7')));
    assert.equal(deltas.map((d) => d.text).join(''), '한빛전자의 창업자는 김민준이에요 [1].');
  });

  it('falls back to the extractive answer, with a note, when the endpoint times out', async () => {
    behaviour = 'hang';
    const response = await answerQuestion(
      index,
      { question: '한빛전자의 창업자는 누구인가?' },
      { llm: config },
    );
    assert.equal(response.mode, 'extractive');
    assert.equal(response.answerSpan?.text, '김민준');
    assert.match(
      response.note ?? '',
      /^생성 모델이 응답하지 않아 문서에서 직접 찾은 답을 보여 드려요 \(no response within 400 ms\)/u,
    );
  });

  it('falls back on an HTTP error, and after a stream that stalls midway', async () => {
    // A roomier timeout than the hang test's: the answer or the first chunk must come in time even on a
    // loaded machine, so that what fails is the error or the stall.
    const patient = { ...config, timeoutMs: 2000 };
    behaviour = 'error';
    const failed = await answerQuestion(index, { question: 'Who founded 한빛전자?' }, { llm: patient });
    assert.equal(failed.mode, 'extractive');
    assert.match(failed.note ?? '', /HTTP 500/u);
    behaviour = 'stall';
    const events: AskEvent[] = [];
    for await (const event of streamAnswer(
      index,
      { question: '한빛전자의 창업자는 누구인가?' },
      { llm: patient },
    ))
      events.push(event);
    const done = events.at(-1) as Extract<AskEvent, { type: 'done' }>;
    assert.equal(done.response.mode, 'extractive');
    assert.match(done.response.note ?? '', /stalled/u);
    const text = events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');
    assert.equal(text, `김민준\n\n${done.response.answer}`);
  });
});
