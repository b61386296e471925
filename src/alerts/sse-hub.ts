// Live subscribers of `GET /alerts/stream`: each notification is written to every subscriber of its alert
// without waiting. A subscriber whose unsent output is past the per-subscriber bound when the next event comes
// is closed, so a slow reader costs bounded memory and never holds up ingestion or other subscribers.
import type { AlertPayload, OutboxEntry } from './types.ts';

/** What the hub writes to: an http.ServerResponse (or anything shaped like one). */
export interface EventSink {
  write(chunk: string): boolean;
  /** Bytes accepted by `write` but not yet handed to the socket. */
  readonly writableLength: number;
  destroy(): void;
}

interface Subscriber {
  alerts: ReadonlySet<string>;
  sink: EventSink;
}

export interface SseHubOptions {
  /** Most unsent bytes one subscriber may hold before it is dropped. Default 1 MiB. */
  maxBufferedBytes?: number;
  /** Comment lines keep idle connections open through proxies. Default every 15 s. */
  heartbeatMs?: number;
}

/** `alert.matched` or `alert.digest`, read from the start of the stored body (its first field) without parsing it. */
export function eventOf(entry: OutboxEntry): AlertPayload['type'] {
  return entry.body.startsWith('{"type":"alert.digest"') ? 'alert.digest' : 'alert.matched';
}

/** `id: 42`, `event: alert.matched`, one `data:` line of JSON. */
export function formatEvent(entry: OutboxEntry): string {
  return `id: ${entry.id}\nevent: ${eventOf(entry)}\ndata: ${entry.body}\n\n`;
}

export class SseHub {
  readonly #subscribers = new Set<Subscriber>();
  readonly #maxBuffered: number;
  readonly #heartbeat: NodeJS.Timeout;
  /** Subscribers closed for being too slow, since start. */
  dropped = 0;

  constructor(options: SseHubOptions = {}) {
    this.#maxBuffered = options.maxBufferedBytes ?? 1024 * 1024;
    this.#heartbeat = setInterval(() => this.#broadcast(': ping\n\n'), options.heartbeatMs ?? 15_000);
    this.#heartbeat.unref();
  }

  get size(): number {
    return this.#subscribers.size;
  }

  /** Adds a subscriber; returns the function that removes it (call it when the connection closes). */
  subscribe(alerts: ReadonlySet<string>, sink: EventSink): () => void {
    const subscriber = { alerts, sink };
    this.#subscribers.add(subscriber);
    return () => this.#subscribers.delete(subscriber);
  }

  /** Writes the event to the alert's subscribers; returns how many got it. Never waits. */
  publish(entry: OutboxEntry): number {
    let count = 0;
    const text = formatEvent(entry);
    for (const subscriber of this.#subscribers)
      if (subscriber.alerts.has(entry.alertUid) && this.#write(subscriber, text)) count++;
    return count;
  }

  /** Writes to one subscriber (replays), with the same bound. */
  send(sink: EventSink, text: string): boolean {
    for (const subscriber of this.#subscribers)
      if (subscriber.sink === sink) return this.#write(subscriber, text);
    return false;
  }

  close(): void {
    clearInterval(this.#heartbeat);
    for (const subscriber of this.#subscribers) subscriber.sink.destroy();
    this.#subscribers.clear();
  }

  #broadcast(text: string): void {
    for (const subscriber of this.#subscribers) this.#write(subscriber, text);
  }

  /**
   * A subscriber still holding more than the bound from earlier events when a new one comes is too slow: it is
   * dropped. So one event larger than the bound still goes out, and memory stays below the bound plus one event.
   */
  #write(subscriber: Subscriber, text: string): boolean {
    if (subscriber.sink.writableLength > this.#maxBuffered) {
      this.#subscribers.delete(subscriber);
      this.dropped++;
      subscriber.sink.destroy();
      return false;
    }
    subscriber.sink.write(text);
    return true;
  }
}
