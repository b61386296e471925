// The webhook thread: sends the notifications the delivery loop hands it (webhook-sender.ts), so that HTTP
// requests, TLS and signatures cost the serving thread nothing but a message each.
import { workerData, type MessagePort } from 'node:worker_threads';
import { ANY_ADDRESS, PUBLIC_ONLY } from '../ingest/crawl/address-guard.ts';
import { postWebhook, type WebhookDelivery } from './webhook.ts';

export interface WebhookRequest {
  id: number;
  delivery: WebhookDelivery;
  /** Whether private and loopback addresses may be reached (policies are functions: they do not cross threads). */
  allowPrivate: boolean;
}

export interface WebhookAnswer {
  id: number;
  /** Why the receiver did not accept it (a readable reason, kept with the notification); absent on success. */
  failure?: string;
  error?: string;
}

const { port } = workerData as { port: MessagePort };

port.on('message', (request: WebhookRequest) => {
  postWebhook(request.delivery, { policy: request.allowPrivate ? ANY_ADDRESS : PUBLIC_ONLY }).then(
    () => port.postMessage({ id: request.id } satisfies WebhookAnswer),
    (error: unknown) =>
      port.postMessage({
        id: request.id,
        failure: error instanceof Error ? error.message : String(error),
      } satisfies WebhookAnswer),
  );
});
