// Alerts (깨비): saved searches that notify when new or changed documents match. The shapes shared by the
// store, the percolator, the delivery worker and the HTTP routes.
import type { Filter, Hit, MatchingStrategy } from '../search-types.ts';

/** A webhook: signed JSON POSTs to `url`; `secret` keys the HMAC-SHA256 signature. */
export interface WebhookChannel {
  type: 'webhook';
  url: string;
  secret: string;
}

/** Server-sent events: subscribers connect to `GET /alerts/stream?alerts=<uid>,…`. */
export interface SseChannel {
  type: 'sse';
}

/** Email through the SMTP server of `--smtp-url`, written in Korean. */
export interface EmailChannel {
  type: 'email';
  to: string[];
}

export type AlertChannel = WebhookChannel | SseChannel | EmailChannel;
export type ChannelType = AlertChannel['type'];

/**
 * When a digest is sent, in `timeZone` (default `Asia/Seoul`):
 * `{every: 'hour', minute: 5}`, `{every: 'day', at: '09:00'}`, `{every: 'week', on: 'mon', at: '09:00'}`,
 * or a cron subset `{cron: '30 8 * * 1-5'}` (minute, hour and day of week; day of month and month must be `*`).
 */
export type AlertSchedule =
  | { every: 'hour'; minute?: number; timeZone?: string }
  | { every: 'day'; at?: string; timeZone?: string }
  | { every: 'week'; on?: Weekday; at?: string; timeZone?: string }
  | { cron: string; timeZone?: string };

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** What a user defines. `matchingStrategy` defaults to `all` for alerts (see README). */
export interface AlertDefinition {
  name: string;
  q: string;
  filter: Filter | null;
  matchingStrategy: MatchingStrategy;
  channel: AlertChannel;
  mode: 'instant' | 'digest';
  schedule: AlertSchedule | null;
}

/**
 * Who created the alert and what they may search, frozen at creation: the alert sees only documents its
 * creator's search would return (the tenant token's filter for this index is ANDed in).
 */
export interface AlertOwner {
  /** The API key behind the request; null for the master key or a server without one. */
  keyUid: string | null;
  /** The tenant-token filter for the alert's index, if the alert was created with a tenant token. */
  ruleFilter: Filter | null;
  /** Identifies the tenant token's rules: only requests with the same rules see the alert. Null otherwise. */
  tenant: string | null;
  /** ms since the epoch after which the alert stops firing (token or key expiry), or null. */
  expiresAt: number | null;
}

export interface Alert extends AlertDefinition {
  uid: string;
  indexUid: string;
  owner: AlertOwner;
  /** When the next digest goes out (digest mode only), ms since the epoch. */
  nextDigestAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** One matched document as delivered: its displayed attributes and `_formatted` highlights. */
export type AlertHit = Hit;

/** The JSON body of a webhook (also the `data` of an SSE event). */
export interface AlertPayload {
  type: 'alert.matched' | 'alert.digest';
  /** The idempotency key: the same for every retry of this notification. */
  id: string;
  alert: {
    uid: string;
    name: string;
    indexUid: string;
    q: string;
    filter: Filter | null;
    mode: 'instant' | 'digest';
  };
  /** The documents task whose success produced this notification (instant mode). */
  taskUid: number | null;
  createdAt: string;
  hits: AlertHit[];
  /** Matched documents in this notification (digests may hold more than `hits` shows). */
  totalHits: number;
}

/** A notification waiting for (or past) delivery. */
export interface OutboxEntry {
  id: number;
  alertUid: string;
  indexUid: string;
  channel: ChannelType;
  /** The JSON body as stored (sent as is), and parsed when needed. */
  body: string;
  readonly payload: AlertPayload;
  idempotencyKey: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  finishedAt: number | null;
}
