// Delivery: webhook retries with backoff and then a dead letter, one acceptance per idempotency key, SSE streams
// (with replay, and a slow subscriber that is dropped without holding up ingestion), and Korean email through a
// real SMTP server on 127.0.0.1.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { AlertService } from '../src/alerts/alert-service.ts';
import type { AlertPayload } from '../src/alerts/types.ts';
import { openEngine } from '../src/engine.ts';
import { TaskQueue } from '../src/server/tasks/task-queue.ts';
import { TaskStore } from '../src/server/tasks/task-store.ts';
import { openSqlite } from '../src/store/sqlite.ts';
import { pollUntil, startReceiver, waitTask, waitUntil, type Receiver } from './alerts-helpers.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const SECRET = 'delivery-test-secret-0123456789';
let server: TestServer;
let receiver: Receiver;
let smtp: { url: string; messages: string[]; close(): Promise<void> };

before(async () => {
  smtp = await startSmtp();
  receiver = await startReceiver(SECRET);
  server = await startTestServer({
    alertsAllowPrivateWebhooks: true,
    alertsMaxAttempts: 3,
    alertsRetryDelay: 20,
    alertsSseBuffer: 256 * 1024,
    smtpUrl: smtp.url,
    smtpFrom: '까치 <kachi@example.com>',
  });
});
after(async () => {
  await server.close();
  await receiver.close();
  await smtp.close();
});

async function call(method: string, path: string, body?: unknown) {
  return server.request(method, path, { body: body === undefined ? undefined : JSON.stringify(body) });
}

async function write(index: string, documents: object[]): Promise<number> {
  const response = await call('POST', `/indexes/${index}/documents?primaryKey=id`, documents);
  const uid = (response.body as { taskUid: number }).taskUid;
  assert.equal((await waitTask(call, uid)).status, 'succeeded');
  return uid;
}

async function alert(index: string, body: object): Promise<string> {
  const response = await call('POST', `/indexes/${index}/alerts`, body);
  assert.equal(response.status, 201, response.text);
  return (response.body as { uid: string }).uid;
}

const webhook = { type: 'webhook', url: '', secret: SECRET };

describe('webhooks', () => {
  it('retries with growing delays, then keeps a dead letter that can be retried', async () => {
    await write('retry', [{ id: 0, title: '준비' }]);
    const uid = await alert('retry', {
      name: '실패',
      q: '실패 ',
      channel: { ...webhook, url: receiver.url },
    });
    const mine = () => receiver.requests.filter((d) => d.payload.alert.uid === uid);
    receiver.respondWith((d) => (d.payload.alert.uid === uid ? 500 : 200));
    await write('retry', [{ id: 1, title: '실패 사례' }]);
    await receiver.waitFor(() => mine().length === 3);
    const attempts = mine();
    assert.equal(
      new Set(attempts.map((d) => d.headers['idempotency-key'])).size,
      1,
      'every retry carries the same idempotency key',
    );
    assert.ok(attempts.every((d) => d.signatureValid));
    const arrivals = attempts.map((d) => Number(/t=(\d+)/.exec(String(d.headers['kachi-signature']))?.[1]));
    assert.ok(
      arrivals.every((t) => Math.abs(t - Date.now() / 1000) < 60),
      'signed with a current timestamp',
    );
    type DeadLetters = {
      total: number;
      results: Array<{ attempts: number; lastError: string; idempotencyKey: string }>;
    };
    const dead = await pollUntil(
      async () => (await call('GET', `/indexes/retry/alerts/${uid}/dead-letters`)).body as DeadLetters,
      (letters) => letters.total === 1,
    );
    assert.equal(dead.total, 1);
    assert.equal(dead.results[0]!.attempts, 3);
    assert.match(dead.results[0]!.lastError, /HTTP 500/);
    receiver.respondWith(200);
    const retried = await call('POST', `/indexes/retry/alerts/${uid}/dead-letters/retry`);
    assert.deepEqual(retried.body, { retried: 1 });
    await receiver.waitFor(() => mine().some((d) => d.status === 200));
    assert.equal(mine().at(-1)!.headers['idempotency-key'], dead.results[0]!.idempotencyKey);
    assert.equal(
      ((await call('GET', `/indexes/retry/alerts/${uid}/dead-letters`)).body as { total: number }).total,
      0,
    );
  });

  it('backs off exponentially with jitter', async () => {
    const { retryDelay } = await import('../src/alerts/delivery.ts');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const full = 1000 * 2 ** (attempt - 1);
      assert.equal(
        retryDelay(attempt, 1000, () => 0),
        full / 2,
      );
      assert.equal(
        retryDelay(attempt, 1000, () => 1),
        full,
      );
    }
    assert.equal(
      retryDelay(30, 1000, () => 1),
      3_600_000,
      'capped at an hour',
    );
  });

  it('accepts each notification once: a retried one keeps its key, and no key is accepted twice', async () => {
    await write('once', [{ id: 0, title: '준비' }]);
    const uids = [
      await alert('once', { name: '학교', q: '학교 ', channel: { ...webhook, url: receiver.url } }),
      await alert('once', { name: '모두', q: '', channel: { ...webhook, url: receiver.url } }),
    ];
    const seen = new Set<string>();
    // Every first attempt fails once, so each notification is delivered by a retry.
    receiver.respondWith((d) => {
      const key = String(d.headers['idempotency-key']);
      if (seen.has(key)) return 200;
      seen.add(key);
      return 503;
    });
    const tasks: number[] = [];
    for (let i = 1; i <= 4; i++)
      tasks.push(
        await write('once', [
          { id: i, title: `학교 소식 ${i}` },
          { id: 100 + i, title: `날씨 ${i}` },
        ]),
      );
    const mine = () => receiver.accepted().filter((d) => uids.includes(d.payload.alert.uid));
    await receiver.waitFor(() => mine().length === 8);
    const keys = mine().map((d) => String(d.headers['idempotency-key']));
    assert.equal(new Set(keys).size, keys.length, 'no idempotency key accepted twice');
    assert.deepEqual(new Set(mine().map((d) => d.payload.taskUid)), new Set(tasks));
    assert.ok(mine().every((d) => d.payload.id === d.headers['idempotency-key']));
    receiver.respondWith(200);
  });
});

/** Reads a server-sent event stream with fetch; `events` fills as they come. */
async function subscribe(path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const response = await fetch(`${server.url}${path}`, { headers, signal: controller.signal });
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /text\/event-stream/);
  const events: Array<{ id: number; payload: AlertPayload }> = [];
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = /^id: (\d+)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (id !== undefined && data !== undefined)
            events.push({ id: Number(id), payload: JSON.parse(data) as AlertPayload });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => controller.abort() };
}

describe('server-sent events', () => {
  it('streams notifications to subscribers and replays what was missed after Last-Event-ID', async () => {
    await write('live', [{ id: 0, title: '준비' }]);
    const uid = await alert('live', { name: '급식', q: '급식 ', channel: { type: 'sse' } });
    const first = await subscribe(`/alerts/stream?alerts=${uid}`);
    const task = await write('live', [
      { id: 1, title: '오늘 급식' },
      { id: 2, title: '내일 날씨' },
    ]);
    await waitUntil(
      () => first.events.length === 1,
      10_000,
      () => JSON.stringify(first.events),
    );
    assert.equal(first.events[0]!.payload.taskUid, task);
    assert.deepEqual(
      first.events[0]!.payload.hits.map((h) => h.id),
      [1],
    );
    first.close();
    const missed = await write('live', [{ id: 3, title: '급식 공지' }]);
    const again = await subscribe(`/alerts/stream?alerts=${uid}`, {
      'last-event-id': String(first.events[0]!.id),
    });
    await waitUntil(
      () => again.events.some((e) => e.payload.taskUid === missed),
      10_000,
      () => JSON.stringify(again.events),
    );
    again.close();
    const wrong = await call('GET', '/alerts/stream?alerts=nope');
    assert.equal(wrong.status, 404);
    assert.equal((await call('GET', '/alerts/stream')).status, 400);
  });

  it('drops a subscriber that does not read, without holding up ingestion or the others', async () => {
    await write('slow', [{ id: 0, title: '준비' }]);
    await call('PATCH', '/indexes/slow/settings', { searchableAttributes: ['title'] });
    const uid = await alert('slow', { name: '큰 문서', q: '', channel: { type: 'sse' } });
    const fast = await subscribe(`/alerts/stream?alerts=${uid}`);
    // A raw client that sends the request, then never reads: its socket buffers fill, then the server's.
    const slow = connect(Number(new URL(server.url).port), '127.0.0.1');
    await new Promise<void>((resolve) => slow.once('connect', resolve));
    slow.write(`GET /alerts/stream?alerts=${uid} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    let slowBytes = 0;
    let slowClosed = false;
    slow.on('data', (chunk: Buffer) => (slowBytes += chunk.length));
    slow.on('close', () => (slowClosed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    slow.pause();
    // The blob is displayed but not searchable, so each event carries ~900 kB while indexing stays cheap; later tasks
    // only update the title (the stored document keeps the blob). One task at a time, so the reading subscriber keeps
    // up while the other falls behind by more than its bound.
    const tasks = [await write('slow', [{ id: 1, title: '문서 0', blob: '가'.repeat(300_000) }])];
    for (let i = 1; i <= 7; i++) {
      const response = await call('PUT', '/indexes/slow/documents', [{ id: 1, title: `문서 ${i}` }]);
      tasks.push((response.body as { taskUid: number }).taskUid);
      assert.equal((await waitTask(call, tasks.at(-1)!)).status, 'succeeded');
    }
    await waitUntil(
      () => fast.events.length === tasks.length,
      20_000,
      () => `fast subscriber got ${fast.events.length}`,
    );
    assert.deepEqual(
      fast.events.map((e) => e.payload.taskUid),
      tasks,
      'the reading subscriber got every event, in order',
    );
    slow.resume();
    await waitUntil(
      () => slowClosed,
      10_000,
      () => `slow subscriber still open after ${slowBytes} bytes`,
    );
    assert.ok(slowBytes < tasks.length * 900_000, `the slow subscriber was cut off (${slowBytes} bytes)`);
    fast.close();
  });
});

describe('email', () => {
  it('sends a Korean message with the titles and highlighted snippets', async () => {
    await write('mail', [{ id: 0, title: '준비' }]);
    await alert('mail', {
      name: '학교 소식',
      q: '학교 ',
      channel: { type: 'email', to: ['parent@example.com'] },
    });
    await write('mail', [
      { id: 1, title: '학교 급식 개선', body: '올해부터 학교 급식이 바뀝니다' },
      { id: 2, title: '날씨', body: '맑음' },
    ]);
    await waitUntil(
      () => smtp.messages.length === 1,
      10_000,
      () => 'no email',
    );
    const message = decodeMail(smtp.messages[0]!);
    assert.match(message.subject, /^\[까치 알림\] 학교 소식: 새 문서 1건$/);
    assert.match(message.text, /'학교 소식' 알림에 맞는 새 문서가 1건 있습니다/);
    assert.match(message.text, /1\. 「학교」 급식 개선|1\. 학교 급식 개선/);
    assert.match(message.text, /「학교」/);
    assert.doesNotMatch(message.text, /날씨/);
    assert.match(message.headers, /^To: parent@example\.com/im);
  });
});

describe('digests', () => {
  it('sends one notification per schedule with everything matched since, on an injected clock', async () => {
    // The server's own parts, wired as openContext wires them, with a clock the test moves.
    let now = Date.parse('2026-03-02T03:00:00Z'); // Monday 12:00 in Seoul
    const dir = mkdtempSync(join(tmpdir(), 'kachi-digest-'));
    const engine = openEngine({ dbPath: dir });
    const db = openSqlite(join(dir, 'server.db'));
    const alerts = new AlertService({ db, engine, clock: () => now, allowPrivateWebhooks: true });
    const store = new TaskStore(db);
    const tasks = new TaskQueue({
      store,
      engine,
      hooks: alerts,
      maxBatchBytes: 1_000_000,
      createDump: async () => undefined,
    });
    try {
      tasks.start();
      alerts.start();
      engine.createIndex('digest', { primaryKey: 'id' });
      const owner = { keyUid: null, ruleFilter: null, tenant: null, expiresAt: null };
      const channel = { type: 'webhook' as const, url: receiver.url, secret: SECRET };
      const schedule = { every: 'day' as const, at: '09:00', timeZone: 'Asia/Seoul' };
      const alert = alerts.create(
        'digest',
        {
          name: '아침 소식',
          q: '학교 ',
          filter: null,
          matchingStrategy: 'all',
          channel,
          mode: 'digest',
          schedule,
        },
        owner,
      );
      assert.equal(alert.nextDigestAt, Date.parse('2026-03-03T00:00:00Z'), 'Tuesday 09:00 in Seoul');
      const enqueue = async (documents: object[]) => {
        const task = tasks.enqueue({
          type: 'documentAdditionOrUpdate',
          indexUid: 'digest',
          details: { receivedDocuments: documents.length, indexedDocuments: null },
          params: { mode: 'replace', primaryKey: 'id' },
          payload: Buffer.from(JSON.stringify(documents)),
        });
        await waitUntil(
          () => store.get(task.uid)?.status === 'succeeded',
          10_000,
          () => JSON.stringify(store.get(task.uid)),
        );
      };
      await enqueue([
        { id: 1, title: '학교 급식' },
        { id: 2, title: '날씨' },
      ]);
      await enqueue([
        { id: 3, title: '학교 축제' },
        { id: 4, title: '학교 운동회' },
      ]);
      const mine = () => receiver.accepted().filter((d) => d.payload.alert.uid === alert.uid);
      assert.equal(
        alerts.store.entries(alert.uid, 'pending', 0, 10).total +
          alerts.store.entries(alert.uid, 'delivered', 0, 10).total,
        0,
        'nothing is sent before 09:00',
      );
      now = Date.parse('2026-03-03T00:00:05Z');
      await receiver.waitFor(() => mine().length === 1);
      const digest = mine()[0]!.payload;
      assert.equal(digest.type, 'alert.digest');
      assert.equal(digest.id, `${alert.uid}:digest-${Date.parse('2026-03-03T00:00:00Z')}`);
      assert.deepEqual(
        digest.hits.map((h) => h.id),
        [1, 3, 4],
      );
      assert.equal(digest.totalHits, 3);
      assert.equal(
        alerts.get(alert.uid)?.nextDigestAt,
        Date.parse('2026-03-04T00:00:00Z'),
        'then Wednesday 09:00',
      );
      // A day with nothing new sends nothing.
      now = Date.parse('2026-03-04T00:00:05Z');
      await waitUntil(
        () => alerts.get(alert.uid)?.nextDigestAt === Date.parse('2026-03-05T00:00:00Z'),
        5000,
        () => 'the schedule did not move',
      );
      assert.equal(mine().length, 1);
    } finally {
      await tasks.stop();
      await alerts.stop();
      engine.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** A real SMTP server on 127.0.0.1 that keeps each message's raw text. */
async function startSmtp() {
  const messages: string[] = [];
  const smtpServer = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        messages.push(raw);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtpServer.listen(0, '127.0.0.1', resolve));
  const { port } = smtpServer.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => smtpServer.close(() => resolve())),
  };
}

/** The subject and the text/plain part of a MIME message, decoded (base64 or quoted-printable, UTF-8). */
function decodeMail(raw: string): { headers: string; subject: string; text: string } {
  const [headers = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = headers.replace(/\r?\n[ \t]+/g, ' ');
  const subjectLine = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectLine.replace(
    /=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi,
    (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : decodeQuotedPrintable(data.replace(/_/g, ' ')),
  );
  const body = rest.join('\n\n');
  const part = /Content-Type: text\/plain[^]*?Content-Transfer-Encoding: (\S+)\r?\n\r?\n([^]*?)\r?\n--/i.exec(
    body,
  );
  const encoding = part?.[1]?.toLowerCase() ?? '';
  const content = part?.[2] ?? '';
  const text =
    encoding === 'base64'
      ? Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8')
      : decodeQuotedPrintable(content);
  return { headers, subject, text };
}

function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
  try {
    return decodeURIComponent(bytes);
  } catch {
    return bytes;
  }
}
