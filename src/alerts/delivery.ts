// The delivery worker: sends what the outbox holds, off the request path and off the task worker.
// At least once: a notification is marked delivered only after its channel accepted it, so a crash in between
// sends it again with the same idempotency key. Failures are retried with exponential backoff and jitter; after
// `maxAttempts` a notification becomes a dead letter, listed by the API until retried or deleted.
import type { AlertStore } from './alert-store.ts';
import type { Mailer } from './email.ts';
import { digestPayload } from './notifications.ts';
import { nextFireTime } from './schedule.ts';
import { eventOf, type SseHub } from './sse-hub.ts';
import type { Alert, OutboxEntry } from './types.ts';
import type { WebhookSender } from './webhook-sender.ts';

export interface DeliveryOptions {
  store: AlertStore;
  hub: SseHub;
  clock: () => number;
  /** Sends a webhook (webhook-sender.ts: on the webhook thread, through the SSRF guard). */
  sendWebhook: WebhookSender;
  /** Null when no SMTP server is configured. */
  mailer: Mailer | null;
  /** Attempts before a notification becomes a dead letter. */
  maxAttempts: number;
  /** Delay before the first retry; each retry doubles it (with jitter), up to an hour. */
  retryDelayMs: number;
  /**
   * Deliveries in flight at once. Default 4096: webhooks wait on the webhook thread (64 connections per host)
   * and emails in the mailer's pool, not here. Handing out many at once lets the webhook thread go on sending
   * while this thread is busy (percolating the next chunk): with 512, bench:alerts' p99 from task success to
   * arrival was 1.2–1.8 s once indexing kept this thread busy, and 0.54 s with 4096.
   */
  concurrency?: number;
  /** The alert behind a notification, as it is now (the service keeps them in memory). */
  alertOf(uid: string): Alert | undefined;
  onError?: (error: unknown) => void;
  /** Called after a digest went to the outbox and the alert's next digest time was stored. */
  onDigestScheduled?: (alertUid: string, nextDigestAt: number | null) => void;
}

const MAX_RETRY_DELAY_MS = 3_600_000;
/** The loop looks at the clock at least this often (an injected clock may jump). */
const MAX_SLEEP_MS = 500;
/** Digests are looked for at most this often (with thousands of alerts, a look is a query worth sparing). */
const DIGEST_CHECK_MS = 250;
/** Delivered notifications are kept a day, so SSE subscribers can resume with Last-Event-ID. */
const KEEP_DELIVERED_MS = 24 * 3_600_000;
/** Deliveries in flight by default (DeliveryOptions.concurrency). */
const CONCURRENCY = 4096;
/** Due notifications read from the outbox at once, and sent as room frees up. */
const PAGE = 512;
/** Most notifications waiting in memory; past it, new ones are left in the outbox and read from there. */
const QUEUE_LIMIT = 16 * PAGE;

/** Retry n (1-based) waits base·2^(n-1), capped, then drawn in its upper half ("equal jitter"). */
export function retryDelay(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const full = Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(full / 2 + random() * (full / 2));
}

export class DeliveryWorker {
  readonly #options: DeliveryOptions;
  readonly #inFlight = new Map<number, Promise<void>>();
  /** Due notifications read ahead, oldest first, waiting for room. */
  #queue: OutboxEntry[] = [];
  /** Accepted by their channel, marked delivered together at the next pass (one transaction, not one each). */
  #delivered: Array<{ id: number; attempts: number; at: number }> = [];
  /** Whether the outbox may hold due notifications not yet read: new ones, retries, or a page left more. */
  #lookAgain = true;
  #loop: Promise<void> | null = null;
  #stopping = false;
  #wake: (() => void) | null = null;
  #nudged = false;
  #lastPrune = 0;
  #lastDigestCheck = -Infinity;

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  start(): void {
    if (this.#loop !== null) return;
    this.#stopping = false;
    this.#loop = this.#run();
  }

  /** Stops taking new work and waits for deliveries in flight. */
  async stop(): Promise<void> {
    this.#stopping = true;
    this.wake();
    await this.#loop;
    this.#loop = null;
    await Promise.allSettled(this.#inFlight.values());
    this.#markDelivered();
    this.#queue = [];
    this.#lookAgain = true;
  }

  /** Called after notifications were committed or made due again: the outbox is read at the next pass. */
  wake(): void {
    this.#lookAgain = true;
    this.#wake?.();
  }

  /**
   * Notifications just committed, handed over as they were recorded: they are queued here instead of read back
   * from the outbox (which cost more than sending them). The outbox is read only when the queue is empty, so a
   * notification cannot be queued twice: by then each one handed over is in flight or marked delivered.
   */
  enqueue(entries: readonly OutboxEntry[]): void {
    if (entries.length === 0) return;
    if (this.#loop === null || this.#stopping || this.#queue.length + entries.length > QUEUE_LIMIT)
      this.#lookAgain = true;
    else for (const entry of entries) this.#queue.push(entry);
    this.#wake?.();
  }

  /**
   * A delivery ended: room for the next. Deliveries ending in the same turn of the event loop are followed by one
   * pass, not one each.
   */
  #nudge(): void {
    if (this.#nudged) return;
    this.#nudged = true;
    setImmediate(() => {
      this.#nudged = false;
      this.#wake?.();
    });
  }

  async #run(): Promise<void> {
    while (!this.#stopping) {
      let sleep = MAX_SLEEP_MS;
      try {
        sleep = this.#tick();
      } catch (error) {
        this.#options.onError?.(error);
      }
      if (this.#stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.#lookAgain = true;
          resolve();
        }, sleep);
        timer.unref();
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = null;
    }
  }

  #markDelivered(): void {
    if (this.#delivered.length === 0) return;
    const delivered = this.#delivered;
    this.#delivered = [];
    this.#options.store.markDelivered(delivered);
  }

  /** One pass: digests that are due, then due notifications up to the concurrency; returns how long to sleep. */
  #tick(): number {
    const { store, clock } = this.#options;
    // First, so the outbox is not read while it still shows delivered notifications as pending.
    this.#markDelivered();
    const now = clock();
    let nextDigest = Infinity;
    if (now - this.#lastDigestCheck >= DIGEST_CHECK_MS || now < this.#lastDigestCheck) {
      this.#lastDigestCheck = now;
      this.#sendDueDigests(now);
      nextDigest = store.nextDigestAt() ?? Infinity;
    } else nextDigest = this.#lastDigestCheck + DIGEST_CHECK_MS;
    if (now - this.#lastPrune > 3_600_000) {
      this.#lastPrune = now;
      store.pruneDelivered(now - KEEP_DELIVERED_MS);
    }
    let room = (this.#options.concurrency ?? CONCURRENCY) - this.#inFlight.size;
    let nextDue = Infinity;
    if (room > 0 && this.#queue.length === 0 && this.#lookAgain) {
      this.#lookAgain = false;
      this.#queue = store.due(now, PAGE, new Set(this.#inFlight.keys()));
      // A full page may have left more behind; otherwise what is pending and not read is due later.
      if (this.#queue.length === PAGE) this.#lookAgain = true;
      else nextDue = store.nextDueAfter(now) ?? Infinity;
    }
    for (; room > 0 && this.#queue.length > 0; room--) {
      const entry = this.#queue.shift()!;
      const running = this.#deliver(entry).finally(() => {
        this.#inFlight.delete(entry.id);
        this.#nudge();
      });
      this.#inFlight.set(entry.id, running);
    }
    // Notifications left waiting for room go out as deliveries end: each one that ends nudges the loop.
    const next = Math.min(nextDue, nextDigest);
    return Math.max(0, Math.min(MAX_SLEEP_MS, next - clock()));
  }

  /** Each due digest becomes one notification (none when nothing matched), and its next time is set. */
  #sendDueDigests(now: number): void {
    const { store } = this.#options;
    for (const alert of store.dueDigests(now)) {
      const next =
        alert.mode === 'digest' && alert.schedule !== null ? nextFireTime(alert.schedule, now) : null;
      const added = store.transaction(() => {
        const hits = store.takeDigestItems(alert.uid);
        const payload = digestPayload(alert, alert.nextDigestAt ?? now, hits, now);
        store.setNextDigest(alert.uid, next);
        if (hits.length === 0) return null;
        return store.addOutbox(
          { alertUid: alert.uid, indexUid: alert.indexUid, channel: alert.channel.type, payload },
          now,
        );
      });
      this.#options.onDigestScheduled?.(alert.uid, next);
      if (added !== null) this.enqueue([added]);
    }
  }

  async #deliver(entry: OutboxEntry): Promise<void> {
    const { store, clock } = this.#options;
    const alert = this.#options.alertOf(entry.alertUid);
    if (alert === undefined) return; // deleted meanwhile; its outbox went with it
    const attempts = entry.attempts + 1;
    try {
      await this.#send(alert, entry);
      this.#delivered.push({ id: entry.id, attempts, at: clock() });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const now = clock();
      if (attempts >= this.#options.maxAttempts) store.markDead(entry.id, attempts, reason, now);
      else {
        store.markRetry(entry.id, attempts, now + retryDelay(attempts, this.#options.retryDelayMs), reason);
        this.#lookAgain = true;
      }
    }
  }

  /** Sends through the alert's current channel (an alert whose URL was fixed delivers its retries there). */
  async #send(alert: Alert, entry: OutboxEntry): Promise<void> {
    const channel = alert.channel;
    if (channel.type === 'sse') {
      this.#options.hub.publish(entry);
      return;
    }
    if (channel.type === 'email') {
      if (this.#options.mailer === null)
        throw new Error('no SMTP server is configured: start the server with --smtp-url');
      await this.#options.mailer.send(channel.to, entry.payload, entry.idempotencyKey);
      return;
    }
    await this.#options.sendWebhook({
      url: channel.url,
      secret: channel.secret,
      body: entry.body,
      event: eventOf(entry),
      idempotencyKey: entry.idempotencyKey,
      now: Date.now(),
    });
  }
}
