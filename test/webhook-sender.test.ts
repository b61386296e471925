// The webhook thread: a real receiver on 127.0.0.1 gets the signed notification from the worker thread; refusals
// and the SSRF guard come back as readable reasons.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { threadedWebhooks } from '../src/alerts/webhook-sender.ts';
import { verifyWebhookSignature } from '../src/alerts/webhook.ts';

const SECRET = 'webhook-sender-secret';

describe('webhooks sent on the webhook thread', () => {
  const received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  let status = 200;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body });
      response.writeHead(status).end();
    });
  });
  let url = '';
  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const delivery = (body: string) => ({
    url,
    secret: SECRET,
    body,
    event: 'alert.match',
    idempotencyKey: `key-${body.length}`,
    now: Date.now(),
  });

  it('delivers the body signed, with its idempotency key, and many at once', async () => {
    const send = threadedWebhooks(true);
    const bodies = Array.from({ length: 20 }, (_, i) => JSON.stringify({ 검색어: '한국어 검색', n: i, pad: 'x'.repeat(i) }));
    await Promise.all(bodies.map((body) => send(delivery(body))));
    assert.deepEqual(received.map((r) => r.body).sort(), [...bodies].sort());
    for (const { headers, body } of received) {
      assert.ok(verifyWebhookSignature(headers['kachi-signature'] as string, body, SECRET));
      assert.equal(headers['idempotency-key'], `key-${body.length}`);
    }
  });

  it('rejects with the reason when the receiver refuses', async () => {
    status = 503;
    try {
      await assert.rejects(threadedWebhooks(true)(delivery('{"a":1}')), /HTTP 503/);
    } finally {
      status = 200;
    }
  });

  it('refuses loopback addresses unless they are allowed', async () => {
    const before = received.length;
    await assert.rejects(threadedWebhooks(false)(delivery('{"b":2}')), /private, loopback or link-local/);
    assert.equal(received.length, before);
  });
});
