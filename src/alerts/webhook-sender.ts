// How the delivery loop sends webhooks: on the webhook thread (webhook-worker.ts), one per process, because the
// loop shares the serving thread with searches and writes, and an HTTP request costs it more than the rest of a
// delivery (with 10,000 alerts, bench:alerts sends ~27,000 webhooks while 5,000 documents are ingested). When the
// thread cannot run, the webhook is sent here instead.
import { RequestThread } from '../request-thread.ts';
import { ANY_ADDRESS, PUBLIC_ONLY } from '../ingest/crawl/address-guard.ts';
import { postWebhook, type WebhookDelivery } from './webhook.ts';
import type { WebhookAnswer, WebhookRequest } from './webhook-worker.ts';

/** Resolves when the receiver accepted the notification; rejects with a readable reason otherwise. */
export type WebhookSender = (delivery: WebhookDelivery) => Promise<void>;

const thread = new RequestThread<WebhookRequest, WebhookAnswer>({
  callerUrl: import.meta.url,
  moduleBase: './webhook-worker',
  name: 'webhook',
  idleMs: 30_000,
});

/** Sends on the webhook thread; `allowPrivate` lets webhooks reach private and loopback addresses. */
export function threadedWebhooks(allowPrivate: boolean): WebhookSender {
  return async (delivery) => {
    const answer = await thread.request({ delivery, allowPrivate });
    if (answer === null) return postWebhook(delivery, { policy: allowPrivate ? ANY_ADDRESS : PUBLIC_ONLY });
    if (answer.failure !== undefined) throw new Error(answer.failure);
  };
}
