// The alerts of one data folder: definitions, the alert index of each search index, the task hooks that
// percolate written documents and record notifications in the task's own transaction, and the delivery worker.
import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { getPath, normalizeDocumentId } from '../documents.ts';
import type { Engine, PreparedDocuments } from '../engine-types.ts';
import { KachiError } from '../errors.ts';
import { KachiIndexImpl } from '../kachi-index.ts';
import type { Document, Filter } from '../search-types.ts';
import { AlertIndex } from './alert-index.ts';
import { AlertStore } from './alert-store.ts';
import { alertKeys } from './candidate-keys.ts';
import { DeliveryWorker } from './delivery.ts';
import { createMailer, type Mailer } from './email.ts';
import { instantPayloads } from './notifications.ts';
import { percolate, type AlertMatch, type WrittenDocument } from './percolate.ts';
import { nextFireTime } from './schedule.ts';
import { SseHub } from './sse-hub.ts';
import { threadedWebhooks } from './webhook-sender.ts';
import type { Alert, AlertDefinition, AlertOwner, OutboxEntry } from './types.ts';

export interface AlertServiceOptions {
  /** The server's database (server.db), shared with the task store so both write in one transaction. */
  db: Database.Database;
  engine: Engine;
  /** ms since the epoch; injected in tests. Default Date.now. */
  clock?: () => number;
  /** Whether the key behind an alert still exists and is valid. Default: always. */
  ownerActive?: (owner: AlertOwner) => boolean;
  /** `--smtp-url`; email alerts need it. */
  smtpUrl?: string | null;
  smtpFrom?: string | null;
  /** Let webhooks reach private and loopback addresses (`--alerts-allow-private-webhooks`). Default false. */
  allowPrivateWebhooks?: boolean;
  /** Attempts before a dead letter. Default 8. */
  maxAttempts?: number;
  /** First retry delay in ms, doubling each time. Default 1000. */
  retryDelayMs?: number;
  /** Unsent bytes an SSE subscriber may hold before it is dropped. Default 1 MiB. */
  sseBufferBytes?: number;
  onError?: (error: unknown) => void;
}

/** One task's documents in a written chunk. */
export interface WrittenTaskDocuments {
  taskUid: number;
  documents: readonly Document[];
}

/** The parts of a finished task the alerts look at. */
export interface FinishedTask {
  uid: number;
  type: string;
  indexUid: string | null;
  params: { ids?: Array<string | number>; deleteAll?: boolean };
}

/** What percolation found for one task, recorded when the task succeeds. */
interface PendingTask {
  indexUid: string;
  /** Matches that notify (new, or with a new hash). */
  notify: AlertMatch[];
  /** Every match, notifying or not, to keep the hashes. */
  matched: AlertMatch[];
  /** The ids this task wrote, to forget the matches they lost. */
  written: Set<string>;
  /** Notifications recorded with the task's success, handed to the delivery worker once committed. */
  outbox: OutboxEntry[];
}

interface IndexEntry {
  impl: KachiIndexImpl;
  analyzer: unknown;
  settings: unknown;
  alerts: AlertIndex;
}

/** Both filters must hold (Meilisearch's array form: outer AND). */
export function andFilters(a: Filter | null, b: Filter | null): Filter | null {
  if (a === null) return b;
  if (b === null) return a;
  return [...(typeof a === 'string' ? [a] : a), ...(typeof b === 'string' ? [b] : b)];
}

export class AlertService {
  readonly store: AlertStore;
  readonly hub: SseHub;
  readonly worker: DeliveryWorker;
  readonly hasMailer: boolean;
  readonly #engine: Engine;
  readonly #clock: () => number;
  readonly #ownerActive: (owner: AlertOwner) => boolean;
  readonly #onError: (error: unknown) => void;
  readonly #mailer: Mailer | null;
  readonly #alerts = new Map<string, Alert>();
  readonly #indexes = new Map<string, IndexEntry>();
  readonly #pending = new Map<number, PendingTask>();
  /** alert uid + NUL + doc id → hash recorded by a task that has not finished yet. */
  readonly #pendingHashes = new Map<string, string>();
  readonly #warned = new Set<string>();

  constructor(options: AlertServiceOptions) {
    this.store = new AlertStore(options.db);
    this.#engine = options.engine;
    this.#clock = options.clock ?? Date.now;
    this.#ownerActive = options.ownerActive ?? (() => true);
    this.#onError = options.onError ?? ((error) => console.error('kachi: alerts:', error));
    this.hub = new SseHub({ maxBufferedBytes: options.sseBufferBytes });
    this.#mailer = options.smtpUrl
      ? createMailer({ smtpUrl: options.smtpUrl, from: options.smtpFrom ?? undefined })
      : null;
    this.hasMailer = this.#mailer !== null;
    this.worker = new DeliveryWorker({
      store: this.store,
      hub: this.hub,
      clock: this.#clock,
      sendWebhook: threadedWebhooks(options.allowPrivateWebhooks === true),
      mailer: this.#mailer,
      maxAttempts: options.maxAttempts ?? 8,
      retryDelayMs: options.retryDelayMs ?? 1000,
      onError: this.#onError,
      alertOf: (uid) => this.#alerts.get(uid),
      onDigestScheduled: (uid, next) => {
        const alert = this.#alerts.get(uid);
        if (alert !== undefined) alert.nextDigestAt = next;
      },
    });
    for (const alert of this.store.list()) this.#alerts.set(alert.uid, alert);
  }

  start(): void {
    this.worker.start();
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    this.hub.close();
    this.#mailer?.close();
  }

  get(uid: string): Alert | undefined {
    return this.#alerts.get(uid);
  }

  list(indexUid?: string): Alert[] {
    const all = [...this.#alerts.values()];
    return indexUid === undefined ? all : all.filter((alert) => alert.indexUid === indexUid);
  }

  /** Stores a new alert on an existing index; its filter must already be valid there. */
  create(indexUid: string, definition: AlertDefinition, owner: AlertOwner): Alert {
    const now = this.#clock();
    const alert: Alert = {
      ...definition,
      uid: randomUUID(),
      indexUid,
      owner,
      nextDigestAt: null,
      createdAt: now,
      updatedAt: now,
    };
    return this.#save(alert, now);
  }

  /** Replaces the definition; a changed search forgets what the alert already notified about. */
  update(uid: string, definition: AlertDefinition): Alert {
    const current = this.#require(uid);
    const now = this.#clock();
    const alert: Alert = { ...current, ...definition, updatedAt: now };
    const searchChanged = ['q', 'filter', 'matchingStrategy'].some(
      (field) =>
        JSON.stringify(current[field as keyof Alert]) !== JSON.stringify(alert[field as keyof Alert]),
    );
    // A schedule change, or leaving digest mode, sends what is waiting at the next tick.
    if (JSON.stringify(current.schedule) !== JSON.stringify(alert.schedule) || alert.mode !== 'digest')
      alert.nextDigestAt = null;
    if (current.mode === 'digest' && alert.mode !== 'digest') alert.nextDigestAt = now;
    if (searchChanged) this.store.clearMatchesOfAlert(uid);
    return this.#save(alert, now);
  }

  delete(uid: string): void {
    this.#require(uid);
    this.store.delete(uid);
    this.#alerts.delete(uid);
    for (const entry of this.#indexes.values()) entry.alerts.remove(uid);
  }

  /** Checks that `filter` (with the owner's rules) evaluates on the index, as a search with it would. */
  checkFilter(indexUid: string, filter: Filter | null): void {
    if (filter === null) return;
    try {
      this.#impl(indexUid).filterDocNums(filter);
    } catch (error) {
      if (error instanceof KachiError && error.code === 'invalid_search_filter')
        throw new KachiError('invalid_alert_filter', error.message, { cause: error });
      throw error;
    }
  }

  #require(uid: string): Alert {
    const alert = this.#alerts.get(uid);
    if (alert === undefined) throw new KachiError('alert_not_found', `Alert \`${uid}\` not found.`);
    return alert;
  }

  #save(alert: Alert, now: number): Alert {
    if (alert.mode === 'digest' && alert.schedule !== null && alert.nextDigestAt === null)
      alert.nextDigestAt = nextFireTime(alert.schedule, now);
    this.store.put(alert);
    this.#alerts.set(alert.uid, alert);
    // Kept up to date as alerts are saved, so the first write after saving thousands does not build it all.
    if (this.#engine.hasIndex(alert.indexUid)) {
      const impl = this.#impl(alert.indexUid);
      const entry = this.#indexes.get(alert.indexUid);
      if (entry?.impl === impl && entry.analyzer === impl.analyzer && entry.settings === impl.settings)
        entry.alerts.add(alert.uid, alertKeys(alert.q, alert.matchingStrategy, keyContext(impl)));
      else this.#alertIndex(impl);
    }
    this.worker.wake();
    return alert;
  }

  #impl(indexUid: string): KachiIndexImpl {
    const index = this.#engine.getIndex(indexUid);
    if (!(index instanceof KachiIndexImpl))
      throw new KachiError('internal', 'Alerts need the built-in engine.');
    return index;
  }

  /** The alert index of a search index, rebuilt when its analysis or settings changed (or a swap replaced it). */
  #alertIndex(impl: KachiIndexImpl): AlertIndex {
    const entry = this.#indexes.get(impl.uid);
    if (
      entry !== undefined &&
      entry.impl === impl &&
      entry.analyzer === impl.analyzer &&
      entry.settings === impl.settings
    )
      return entry.alerts;
    const alerts = new AlertIndex();
    const context = keyContext(impl);
    for (const alert of this.list(impl.uid))
      alerts.add(alert.uid, alertKeys(alert.q, alert.matchingStrategy, context));
    this.#indexes.set(impl.uid, { impl, analyzer: impl.analyzer, settings: impl.settings, alerts });
    return alerts;
  }

  #activeAlert(uid: string): Alert | undefined {
    const alert = this.#alerts.get(uid);
    if (alert === undefined) return undefined;
    if (alert.owner.expiresAt !== null && alert.owner.expiresAt <= this.#clock()) return undefined;
    return this.#ownerActive(alert.owner) ? alert : undefined;
  }

  /** Task hook: a chunk of documents was written; percolate it and keep the matches until the task finishes. */
  documentsWritten(
    indexUid: string,
    writes: readonly WrittenTaskDocuments[],
    prepared: PreparedDocuments | null = null,
  ): void {
    const impl = this.#impl(indexUid);
    const alerts = this.#alertIndex(impl);
    const primaryKey = impl.primaryKey;
    if (alerts.size === 0 || primaryKey === null) return;
    const taskOf = new Map<string, number>();
    for (const write of writes)
      for (const document of write.documents)
        taskOf.set(normalizeDocumentId(getPath(document, primaryKey), 'Document'), write.taskUid);
    const stored = impl.store.findByExtIds([...taskOf.keys()]).sort((a, b) => a.docNum - b.docNum);
    const written: WrittenDocument[] = stored.map((row) => ({
      docNum: row.docNum,
      id: row.extId,
      document: JSON.parse(row.body) as Document,
    }));
    const matches = percolate(
      {
        index: impl,
        alerts,
        activeAlert: (uid) => this.#activeAlert(uid),
        filterOf: (alert) => andFilters(alert.filter, alert.owner.ruleFilter),
        onFilterError: (alert, error) => this.#warnOnce(alert, error),
        prepared,
      },
      written,
    );
    for (const [id, taskUid] of taskOf) this.#pendingOf(taskUid, indexUid).written.add(id);
    for (const match of matches) {
      const pending = this.#pendingOf(taskOf.get(match.docId)!, indexUid);
      const key = `${match.alert.uid}\u0000${match.docId}`;
      const previous = this.#pendingHashes.get(key) ?? this.store.matchHash(match.alert.uid, match.docId);
      pending.matched.push(match);
      if (previous !== match.hash) pending.notify.push(match);
      this.#pendingHashes.set(key, match.hash);
    }
  }

  #pendingOf(taskUid: number, indexUid: string): PendingTask {
    let pending = this.#pending.get(taskUid);
    if (pending === undefined)
      this.#pending.set(taskUid, (pending = { indexUid, notify: [], matched: [], written: new Set(), outbox: [] }));
    return pending;
  }

  #warnOnce(alert: Alert, error: unknown): void {
    if (this.#warned.has(alert.uid)) return;
    this.#warned.add(alert.uid);
    this.#onError(
      new Error(
        `alert ${alert.uid} on ${alert.indexUid} is skipped: its filter no longer evaluates (${error instanceof Error ? error.message : String(error)})`,
      ),
    );
  }

  /**
   * Task hook, inside the transaction that records the task's outcome: a succeeded task's notifications go to the
   * outbox (or the digest) and its match hashes are kept, in that same commit.
   */
  finishing(task: FinishedTask, status: 'succeeded' | 'failed' | 'canceled'): void {
    if (status !== 'succeeded') return;
    const now = this.#clock();
    const uid = task.indexUid ?? '';
    if (task.type === 'indexDeletion' || (task.type === 'documentDeletion' && task.params.deleteAll === true))
      this.store.clearMatchesOfIndex(uid);
    if (task.type === 'documentDeletion' && task.params.ids !== undefined)
      for (const id of task.params.ids) this.store.clearMatchesOfDocument(uid, String(id), new Set());
    const pending = this.#pending.get(task.uid);
    if (pending === undefined) return;
    pending.outbox = []; // from an earlier attempt whose commit failed, if any
    const keep = new Map<string, Set<string>>();
    for (const match of pending.matched) {
      if (!this.#alerts.has(match.alert.uid)) continue;
      this.store.putMatch(pending.indexUid, match.alert.uid, match.docId, match.hash);
      (keep.get(match.docId) ?? keep.set(match.docId, new Set()).get(match.docId)!).add(match.alert.uid);
    }
    for (const id of pending.written)
      this.store.clearMatchesOfDocument(pending.indexUid, id, keep.get(id) ?? new Set());
    const byAlert = new Map<string, AlertMatch[]>();
    for (const match of pending.notify)
      (byAlert.get(match.alert.uid) ?? byAlert.set(match.alert.uid, []).get(match.alert.uid)!).push(match);
    for (const [alertUid, matches] of byAlert) {
      const alert = this.#alerts.get(alertUid);
      if (alert === undefined) continue;
      if (alert.mode === 'digest')
        for (const match of matches) this.store.addDigestItem(alertUid, match.docId, match.hit, now);
      else
        for (const payload of instantPayloads(
          alert,
          task.uid,
          matches.map((m) => m.hit),
          now,
        )) {
          const entry = this.store.addOutbox(
            { alertUid, indexUid: alert.indexUid, channel: alert.channel.type, payload },
            now,
          );
          if (entry !== null) pending.outbox.push(entry);
        }
    }
  }

  /** Task hook, after the outcome is committed: hand its notifications to the delivery worker, forget the rest. */
  finished(task: FinishedTask): void {
    const outbox = this.#pending.get(task.uid)?.outbox ?? [];
    // Tasks finish in uid order: an older one still pending was canceled mid-batch and never will.
    for (const uid of [...this.#pending.keys()]) if (uid <= task.uid) this.#forget(uid);
    this.worker.enqueue(outbox);
  }

  #forget(taskUid: number): void {
    const pending = this.#pending.get(taskUid);
    if (pending === undefined) return;
    this.#pending.delete(taskUid);
    for (const match of pending.matched) {
      const key = `${match.alert.uid}\u0000${match.docId}`;
      if (this.#pendingHashes.get(key) === match.hash) this.#pendingHashes.delete(key);
    }
  }
}

function keyContext(impl: KachiIndexImpl) {
  return {
    analyzer: impl.analyzer,
    settings: impl.settings,
    docFreq: (term: string) => impl.inverted.docFreq(term),
  };
}
