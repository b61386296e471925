// The outbox is durable: a notification recorded with its task's success survives `kill -9` of the server before
// delivery, and the restarted server delivers it, once, with the same idempotency key.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pollUntil, startReceiver, waitTask } from './alerts-helpers.ts';

const HELPER = join(import.meta.dirname, 'helpers', 'server-process.ts');
const SECRET = 'durability-secret-0123456789';
const dbPath = mkdtempSync(join(tmpdir(), 'kachi-alerts-durability-'));
let child: ChildProcess | null = null;
let serverLog = '';

after(() => {
  child?.kill('SIGKILL');
  rmSync(dbPath, { recursive: true, force: true });
});

/** `kachi serve` in its own process; resolves to its URL. */
function startChild(): Promise<string> {
  const args = [
    '--import',
    'tsx',
    HELPER,
    '--db-path',
    dbPath,
    '--http-addr',
    '127.0.0.1:0',
    '--alerts-allow-private-webhooks',
    '--alerts-retry-delay',
    '40ms',
  ];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    proc.stderr?.on('data', (chunk: Buffer) => (serverLog += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited (${code}) before listening: ${serverLog}`)));
  });
}

function killChild(): Promise<void> {
  const proc = child;
  if (proc === null || proc.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    proc.on('exit', () => resolve());
    proc.kill('SIGKILL');
  });
}

function client(url: string) {
  return async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? null : (JSON.parse(text) as unknown) };
  };
}

describe('alert outbox under kill -9', () => {
  it('delivers after a restart what was recorded before the kill, once', async () => {
    const receiver = await startReceiver(SECRET);
    try {
      receiver.respondWith(503);
      let call = client(await startChild());
      const first = (await call('POST', '/indexes/news/documents?primaryKey=id', [{ id: 0, title: '준비' }]))
        .body as { taskUid: number };
      await waitTask(call, first.taskUid);
      const created = await call('POST', '/indexes/news/alerts', {
        name: '학교',
        q: '학교 ',
        channel: { type: 'webhook', url: receiver.url, secret: SECRET },
      });
      assert.equal(created.status, 201, JSON.stringify(created.body));
      const task = (await call('POST', '/indexes/news/documents', [{ id: 1, title: '학교 소식' }])).body as {
        taskUid: number;
      };
      assert.equal((await waitTask(call, task.taskUid)).status, 'succeeded');
      // The notification exists (it is being retried) but is not delivered: kill the server once its
      // first failed attempt is recorded (the receiver seeing the request is not enough: the server
      // writes the attempt after reading the 500).
      await receiver.waitFor((requests) => requests.length >= 1);
      const pendingUid = (created.body as { uid: string }).uid;
      await pollUntil(
        async () =>
          (await call('GET', `/indexes/news/alerts/${pendingUid}/deliveries?status=pending`)).body as {
            results: Array<{ attempts: number }>;
          },
        (d) => (d.results[0]?.attempts ?? 0) >= 1,
      );
      await killChild();
      const key = receiver.requests[0]!.headers['idempotency-key'];
      receiver.respondWith(200);
      call = client(await startChild());
      await receiver.waitFor((requests) => requests.some((d) => d.status === 200), 15_000);
      const delivered = receiver.accepted();
      assert.equal(delivered[0]!.headers['idempotency-key'], key, 'the same notification, with the same key');
      assert.equal(delivered[0]!.payload.taskUid, task.taskUid);
      assert.deepEqual(
        delivered[0]!.payload.hits.map((h) => h.id),
        [1],
      );
      // Delivered and nothing left to send: the notification was accepted once.
      const alertUid = (created.body as { uid: string }).uid;
      type Deliveries = { total: number; results: Array<{ idempotencyKey: string; attempts: number }> };
      const deliveries = (status: string) => async () =>
        (await call('GET', `/indexes/news/alerts/${alertUid}/deliveries?status=${status}`))
          .body as Deliveries;
      const done = await pollUntil(deliveries('delivered'), (d) => d.total === 1);
      assert.equal(done.results[0]!.idempotencyKey, key);
      assert.ok(done.results[0]!.attempts >= 2, 'failed attempts before the kill are counted');
      assert.equal((await deliveries('pending')()).total, 0);
      assert.equal((await deliveries('dead')()).total, 0);
      assert.equal(receiver.accepted().length, 1);
      await killChild();
    } finally {
      await receiver.close();
    }
  });
});
