// Shared by the alerts tests: a real HTTP webhook receiver on 127.0.0.1 that checks signatures, and waiting helpers.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhookSignature } from '../src/alerts/webhook.ts';
import type { AlertPayload } from '../src/alerts/types.ts';

export interface Delivery {
  headers: IncomingHttpHeaders;
  raw: string;
  payload: AlertPayload;
  /** The status the receiver answered. */
  status: number;
  signatureValid: boolean;
}

export interface Receiver {
  url: string;
  /** Every request, in arrival order (failed attempts included). */
  requests: Delivery[];
  /** Requests answered 2xx. */
  accepted(): Delivery[];
  /** The status for the next requests (default 200). */
  respondWith(status: number | ((delivery: Delivery) => number)): void;
  /** Resolves once `predicate` holds over the requests, or rejects after `timeoutMs`. */
  waitFor(predicate: (requests: Delivery[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A webhook endpoint that verifies `Kachi-Signature` with `secret` and answers with the chosen status. */
export async function startReceiver(secret: string): Promise<Receiver> {
  const requests: Delivery[] = [];
  let decide: (delivery: Delivery) => number = () => 200;
  const waiters = new Set<() => void>();
  const server = createServer((request, response) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (raw += chunk));
    request.on('end', () => {
      const signature = request.headers['kachi-signature'];
      const delivery: Delivery = {
        headers: request.headers,
        raw,
        payload: JSON.parse(raw) as AlertPayload,
        status: 0,
        signatureValid: verifyWebhookSignature(
          typeof signature === 'string' ? signature : undefined,
          raw,
          secret,
        ),
      };
      delivery.status = decide(delivery);
      requests.push(delivery);
      response.writeHead(delivery.status).end();
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    accepted: () => requests.filter((d) => d.status >= 200 && d.status < 300),
    respondWith(status) {
      decide = typeof status === 'number' ? () => status : status;
    },
    waitFor(predicate, timeoutMs = 10_000) {
      return waitUntil(
        () => predicate(requests),
        timeoutMs,
        () => `webhook requests: ${JSON.stringify(requests.map((r) => [r.status, r.payload.id]))}`,
        waiters,
      );
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Polls `check` (and re-checks when woken) until it holds; rejects with `describe()` after `timeoutMs`. */
export function waitUntil(
  check: () => boolean,
  timeoutMs: number,
  describe: () => string,
  wakers?: Set<() => void>,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = (): void => {
      if (check()) return done(resolve);
      if (Date.now() - started > timeoutMs)
        return done(() => reject(new Error(`timed out after ${timeoutMs} ms: ${describe()}`)));
    };
    const timer = setInterval(poll, 10);
    const done = (finish: () => void): void => {
      clearInterval(timer);
      wakers?.delete(poll);
      finish();
    };
    wakers?.add(poll);
    poll();
  });
}

/** Waits until a task is finished; returns it. */
export async function waitTask(
  request: (method: string, path: string) => Promise<{ status: number; body: unknown }>,
  taskUid: number,
): Promise<{ status: string; error: unknown }> {
  for (let i = 0; i < 3000; i++) {
    const task = (await request('GET', `/tasks/${taskUid}`)).body as { status: string; error: unknown };
    if (task.status === 'succeeded' || task.status === 'failed' || task.status === 'canceled') return task;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`task ${taskUid} never finished`);
}

/** Calls `read` until `done` holds for its result (every 10 ms, for at most `timeoutMs`); returns that result. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() - started > timeoutMs)
      throw new Error(`timed out after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
