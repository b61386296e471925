// Webhook delivery: a signed JSON POST through the crawler's SSRF guard (public addresses only, checked after
// DNS resolution, unless private ones are allowed). The signature works like Stripe's:
//   Kachi-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>
// A receiver recomputes it, compares in constant time and refuses old timestamps (replay protection);
// `Idempotency-Key` is the same on every retry of one notification, so it can drop duplicates.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import {
  BlockedAddressError,
  checkLiteralHost,
  guardedLookup,
  type AddressPolicy,
} from '../ingest/crawl/address-guard.ts';

export const SIGNATURE_HEADER = 'kachi-signature';
export const IDEMPOTENCY_HEADER = 'idempotency-key';
export const EVENT_HEADER = 'kachi-event';
/** How old a signed timestamp `verifyWebhookSignature` accepts by default. */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** `t=1700000000,v1=5f…` for `body` sent at `timestampSeconds`. */
export function signWebhook(secret: string, timestampSeconds: number, body: string): string {
  const digest = createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex');
  return `t=${timestampSeconds},v1=${digest}`;
}

/**
 * What a receiver runs: true when `header` signs `body` with `secret` and is at most `toleranceSeconds` old.
 * @example verifyWebhookSignature(req.headers['kachi-signature'], rawBody, secret)
 */
export function verifyWebhookSignature(
  header: string | undefined,
  body: string,
  secret: string,
  options: { now?: number; toleranceSeconds?: number } = {},
): boolean {
  if (header === undefined) return false;
  const parts = new Map(
    header.split(',').map((part) => [part.slice(0, part.indexOf('=')), part.slice(part.indexOf('=') + 1)]),
  );
  const timestamp = Number(parts.get('t'));
  const given = Buffer.from(parts.get('v1') ?? '', 'hex');
  if (!Number.isInteger(timestamp)) return false;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS)) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface WebhookDelivery {
  url: string;
  secret: string;
  body: string;
  event: string;
  idempotencyKey: string;
  /** ms since the epoch, for the signature's timestamp. */
  now: number;
}

export interface WebhookOptions {
  policy: AddressPolicy;
  /** Whole-request deadline. Default 10 s. */
  timeoutMs?: number;
}

// Connections are reused across deliveries; the guarded lookup runs for every new connection.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

/** POSTs one notification; resolves on a 2xx answer, rejects with a readable reason otherwise. Redirects are not followed. */
export function postWebhook(delivery: WebhookDelivery, options: WebhookOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const url = new URL(delivery.url);
    const secure = url.protocol === 'https:';
    try {
      checkLiteralHost(url.hostname, options.policy);
    } catch (error) {
      reject(blocked(error as BlockedAddressError));
      return;
    }
    const request = (secure ? https : http).request(url, {
      method: 'POST',
      agent: secure ? agents.https : agents.http,
      lookup: guardedLookup(options.policy),
      timeout: options.timeoutMs ?? 10_000,
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(delivery.body),
        'user-agent': 'Kachi-Alerts/1',
        [SIGNATURE_HEADER]: signWebhook(delivery.secret, Math.floor(delivery.now / 1000), delivery.body),
        [IDEMPOTENCY_HEADER]: delivery.idempotencyKey,
        [EVENT_HEADER]: delivery.event,
      },
    });
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms`)),
    );
    request.on('error', (error) => reject(error instanceof BlockedAddressError ? blocked(error) : error));
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve();
        else reject(new Error(`the webhook answered HTTP ${status}`));
      });
      response.on('error', reject);
    });
    request.end(delivery.body);
  });
}

function blocked(error: BlockedAddressError): Error {
  return new Error(
    `${error.host} resolves to ${error.address}, a private, loopback or link-local address; ` +
      'start the server with --alerts-allow-private-webhooks to deliver there',
  );
}
