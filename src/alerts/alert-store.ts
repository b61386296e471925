// Alerts at rest, in the server's SQLite database (server.db) beside the tasks, so a notification is recorded in
// the same transaction as the task whose success produced it: the alerts, the per alert × document match hashes,
// the outbox of notifications (pending, delivered, dead letters) and the items waiting for a digest.
import type Database from 'better-sqlite3';
import { StatementCache } from '../store/sqlite.ts';
import type { Alert, AlertHit, AlertPayload, ChannelType, OutboxEntry } from './types.ts';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS alerts (
  uid TEXT PRIMARY KEY,
  index_uid TEXT NOT NULL,
  body TEXT NOT NULL,
  next_digest_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS alerts_by_index ON alerts (index_uid);
CREATE INDEX IF NOT EXISTS alerts_by_digest ON alerts (next_digest_at) WHERE next_digest_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS alert_matches (
  alert_uid TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  index_uid TEXT NOT NULL,
  hash TEXT NOT NULL,
  PRIMARY KEY (alert_uid, doc_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS alert_matches_by_doc ON alert_matches (index_uid, doc_id);
CREATE TABLE IF NOT EXISTS alert_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  alert_uid TEXT NOT NULL,
  index_uid TEXT NOT NULL,
  channel TEXT NOT NULL,
  idempotency_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  last_error TEXT,
  created_at INTEGER NOT NULL,
  finished_at INTEGER
);
CREATE TABLE IF NOT EXISTS alert_outbox_payloads (
  id INTEGER PRIMARY KEY,
  payload TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS alert_outbox_payload_gone AFTER DELETE ON alert_outbox
BEGIN
  DELETE FROM alert_outbox_payloads WHERE id = old.id;
END;
DROP INDEX IF EXISTS alert_outbox_due;
CREATE INDEX IF NOT EXISTS alert_outbox_due_order ON alert_outbox (status, next_attempt_at, id);
CREATE INDEX IF NOT EXISTS alert_outbox_by_alert ON alert_outbox (alert_uid, status, id);
CREATE TABLE IF NOT EXISTS alert_digest_items (
  alert_uid TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  hit TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (alert_uid, doc_id)
) WITHOUT ROWID;
`;

/**
 * Payloads (a few kB each) live beside the outbox rows, not in them: SQLite rewrites a whole row on UPDATE, and
 * marking bench:alerts' 27,000 notifications delivered rewrote every payload once more. Before this split the payload
 * was a column of alert_outbox: such a database is moved over once, when opened.
 */
function splitOutboxPayloads(db: Database.Database): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('alert_outbox') as string[];
  if (!columns.includes('payload')) return;
  db.transaction(() => {
    db.exec(`INSERT OR REPLACE INTO alert_outbox_payloads (id, payload) SELECT id, payload FROM alert_outbox;
             ALTER TABLE alert_outbox DROP COLUMN payload;`);
  }).immediate();
}

/** An outbox row with its payload. */
const OUTBOX_ROWS = 'SELECT o.*, p.payload FROM alert_outbox o JOIN alert_outbox_payloads p ON p.id = o.id';

interface SqlOutbox {
  id: number;
  alert_uid: string;
  index_uid: string;
  channel: string;
  payload: string;
  idempotency_key: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  finished_at: number | null;
}

function outboxFromSql(row: SqlOutbox): OutboxEntry {
  let parsed: AlertPayload | undefined;
  return {
    id: row.id,
    alertUid: row.alert_uid,
    indexUid: row.index_uid,
    channel: row.channel as ChannelType,
    body: row.payload,
    // Parsed only when read: webhooks and streams send the stored text as it is.
    get payload(): AlertPayload {
      return (parsed ??= JSON.parse(row.payload) as AlertPayload);
    },
    idempotencyKey: row.idempotency_key,
    status: row.status as OutboxEntry['status'],
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    finishedAt: row.finished_at,
  };
}

/** What is stored in `alerts.body`: everything but the columns. */
type AlertBody = Omit<Alert, 'uid' | 'indexUid' | 'nextDigestAt' | 'createdAt' | 'updatedAt'>;

export interface NewOutboxEntry {
  alertUid: string;
  indexUid: string;
  channel: ChannelType;
  payload: AlertPayload;
}

/** Every method is one statement or one short transaction; `transaction` groups them. */
export class AlertStore {
  readonly #db: Database.Database;
  /** Prepared once: compiling a statement cost more than running it (tens of thousands per write). */
  readonly #statements: StatementCache;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
    db.exec(SCHEMA);
    splitOutboxPayloads(db);
  }

  #sql(source: string): Database.Statement {
    return this.#statements.get(source);
  }

  /** Runs `fn` in one (immediate) transaction, or inside the caller's when one is open. */
  transaction<T>(fn: () => T): T {
    return this.#db.inTransaction ? fn() : this.#db.transaction(fn).immediate();
  }

  put(alert: Alert): void {
    const { uid, indexUid, nextDigestAt, createdAt, updatedAt, ...body } = alert;
    this.#sql(
      `INSERT OR REPLACE INTO alerts (uid, index_uid, body, next_digest_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
    ).run(uid, indexUid, JSON.stringify(body satisfies AlertBody), nextDigestAt, createdAt, updatedAt);
  }

  get(uid: string): Alert | undefined {
    const row = this.#sql('SELECT * FROM alerts WHERE uid = ?').get(uid) as SqlAlert | undefined;
    return row === undefined ? undefined : alertFromSql(row);
  }

  /** The alerts of one index (or of every index), oldest first. */
  list(indexUid?: string): Alert[] {
    const rows = (
      indexUid === undefined
        ? this.#sql('SELECT * FROM alerts ORDER BY created_at, uid').all()
        : this.#sql('SELECT * FROM alerts WHERE index_uid = ? ORDER BY created_at, uid').all(indexUid)
    ) as SqlAlert[];
    return rows.map(alertFromSql);
  }

  /** Deletes the alert with its match hashes, digest items and undelivered notifications. */
  delete(uid: string): boolean {
    return this.transaction(() => {
      const gone = this.#sql('DELETE FROM alerts WHERE uid = ?').run(uid).changes > 0;
      this.clearMatchesOfAlert(uid);
      this.#sql('DELETE FROM alert_digest_items WHERE alert_uid = ?').run(uid);
      this.#sql(`DELETE FROM alert_outbox WHERE alert_uid = ?`).run(uid);
      return gone;
    });
  }

  setNextDigest(uid: string, at: number | null): void {
    this.#sql('UPDATE alerts SET next_digest_at = ? WHERE uid = ?').run(at, uid);
  }

  /** Digest alerts whose next digest is due at `now`. */
  dueDigests(now: number): Alert[] {
    const rows = this.#sql(
      'SELECT * FROM alerts WHERE next_digest_at IS NOT NULL AND next_digest_at <= ? ORDER BY next_digest_at',
    ).all(now) as SqlAlert[];
    return rows.map(alertFromSql);
  }

  /** The earliest pending digest time, or null. */
  nextDigestAt(): number | null {
    const row = this.#sql(
      'SELECT min(next_digest_at) AS t FROM alerts WHERE next_digest_at IS NOT NULL',
    ).get() as {
      t: number | null;
    };
    return row.t;
  }

  // match hashes: what each alert last notified about each document

  matchHash(alertUid: string, docId: string): string | undefined {
    const row = this.#sql('SELECT hash FROM alert_matches WHERE alert_uid = ? AND doc_id = ?').get(
      alertUid,
      docId,
    ) as { hash: string } | undefined;
    return row?.hash;
  }

  putMatch(indexUid: string, alertUid: string, docId: string, hash: string): void {
    this.#sql(
      'INSERT OR REPLACE INTO alert_matches (alert_uid, doc_id, index_uid, hash) VALUES (?, ?, ?, ?)',
    ).run(alertUid, docId, indexUid, hash);
  }

  /** Forgets the matches of `docId` except those of `keep` (the alerts it still matches). */
  clearMatchesOfDocument(indexUid: string, docId: string, keep: ReadonlySet<string>): void {
    const rows = this.#sql('SELECT alert_uid FROM alert_matches WHERE index_uid = ? AND doc_id = ?').all(
      indexUid,
      docId,
    ) as Array<{
      alert_uid: string;
    }>;
    const remove = this.#sql('DELETE FROM alert_matches WHERE alert_uid = ? AND doc_id = ?');
    for (const row of rows) if (!keep.has(row.alert_uid)) remove.run(row.alert_uid, docId);
  }

  clearMatchesOfAlert(alertUid: string): void {
    this.#sql('DELETE FROM alert_matches WHERE alert_uid = ?').run(alertUid);
  }

  clearMatchesOfIndex(indexUid: string): void {
    this.#sql('DELETE FROM alert_matches WHERE index_uid = ?').run(indexUid);
  }

  // digest items

  addDigestItem(alertUid: string, docId: string, hit: AlertHit, now: number): void {
    this.#sql(
      'INSERT OR REPLACE INTO alert_digest_items (alert_uid, doc_id, hit, created_at) VALUES (?, ?, ?, ?)',
    ).run(alertUid, docId, JSON.stringify(hit), now);
  }

  /** Removes and returns the items of one digest, oldest first. */
  takeDigestItems(alertUid: string): AlertHit[] {
    const rows = this.#sql(
      'SELECT hit FROM alert_digest_items WHERE alert_uid = ? ORDER BY created_at, doc_id',
    ).all(alertUid) as Array<{ hit: string }>;
    this.#sql('DELETE FROM alert_digest_items WHERE alert_uid = ?').run(alertUid);
    return rows.map((row) => JSON.parse(row.hit) as AlertHit);
  }

  // the outbox

  /**
   * Records a notification and returns it as stored, or null when its idempotency key already was (the
   * notification exists: recording it again is a no-op).
   */
  addOutbox(entry: NewOutboxEntry, now: number): OutboxEntry | null {
    const { alertUid, indexUid, channel, payload } = entry;
    const idempotencyKey = payload.id;
    const added = this.#sql(
      `INSERT OR IGNORE INTO alert_outbox (alert_uid, index_uid, channel, idempotency_key, status, next_attempt_at, created_at)
         VALUES (?, ?, ?, ?, 'pending', ?, ?)`,
    ).run(alertUid, indexUid, channel, idempotencyKey, now, now);
    if (added.changes === 0) return null;
    const id = Number(added.lastInsertRowid);
    const body = JSON.stringify(payload);
    this.#sql('INSERT INTO alert_outbox_payloads (id, payload) VALUES (?, ?)').run(id, body);
    return {
      id,
      alertUid,
      indexUid,
      channel,
      body,
      payload,
      idempotencyKey,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      lastError: null,
      createdAt: now,
      finishedAt: null,
    };
  }

  /** Pending notifications due at `now`, oldest first. */
  due(now: number, limit: number, excluding: ReadonlySet<number>): OutboxEntry[] {
    // Ids first, from the index alone: joining the payloads (a few kB each) of the ones already in flight would
    // cost more than the deliveries themselves.
    const ids = (
      this.#sql(
        `SELECT id FROM alert_outbox WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?`,
      )
        .pluck()
        .all(now, limit + excluding.size) as number[]
    )
      .filter((id) => !excluding.has(id))
      .slice(0, limit);
    if (ids.length === 0) return [];
    const rows = this.#sql(`${OUTBOX_ROWS} WHERE o.id IN (SELECT value FROM json_each(?))`).all(
      JSON.stringify(ids),
    ) as SqlOutbox[];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row === undefined ? [] : [outboxFromSql(row)];
    });
  }

  /** When the next pending notification due after `now` is, or null when none is. */
  nextDueAfter(now: number): number | null {
    const row = this.#sql(
      `SELECT min(next_attempt_at) AS t FROM alert_outbox WHERE status = 'pending' AND next_attempt_at > ?`,
    ).get(now) as { t: number | null };
    return row.t;
  }

  /** Marks notifications delivered, in one transaction. */
  markDelivered(delivered: ReadonlyArray<{ id: number; attempts: number; at: number }>): void {
    const update = this.#sql(
      `UPDATE alert_outbox SET status = 'delivered', attempts = ?, finished_at = ?, last_error = NULL WHERE id = ?`,
    );
    this.transaction(() => {
      for (const { id, attempts, at } of delivered) update.run(attempts, at, id);
    });
  }

  markRetry(id: number, attempts: number, nextAttemptAt: number, error: string): void {
    this.#sql(`UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?`).run(
      attempts,
      nextAttemptAt,
      error,
      id,
    );
  }

  markDead(id: number, attempts: number, error: string, now: number): void {
    this.#sql(
      `UPDATE alert_outbox SET status = 'dead', attempts = ?, last_error = ?, finished_at = ? WHERE id = ?`,
    ).run(attempts, error, now, id);
  }

  /** Notifications of one alert in one state, newest first. */
  entries(
    alertUid: string,
    status: OutboxEntry['status'],
    offset: number,
    limit: number,
  ): { results: OutboxEntry[]; total: number } {
    const total = (
      this.#sql('SELECT count(*) AS n FROM alert_outbox WHERE alert_uid = ? AND status = ?').get(
        alertUid,
        status,
      ) as { n: number }
    ).n;
    const rows = this.#sql(
      `${OUTBOX_ROWS} WHERE o.alert_uid = ? AND o.status = ? ORDER BY o.id DESC LIMIT ? OFFSET ?`,
    ).all(alertUid, status, limit, offset) as SqlOutbox[];
    return { results: rows.map(outboxFromSql), total };
  }

  /** Dead letters of an alert go back to the outbox with a fresh retry budget; returns how many. */
  retryDead(alertUid: string, now: number): number {
    return this.#sql(
      `UPDATE alert_outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL WHERE alert_uid = ? AND status = 'dead'`,
    ).run(now, alertUid).changes;
  }

  deleteDead(alertUid: string): number {
    return this.#sql(`DELETE FROM alert_outbox WHERE alert_uid = ? AND status = 'dead'`).run(alertUid)
      .changes;
  }

  /** Delivered SSE events after `afterId` for these alerts, to replay to a subscriber that reconnects. */
  deliveredAfter(alertUids: readonly string[], afterId: number, limit: number): OutboxEntry[] {
    if (alertUids.length === 0) return [];
    // Not kept prepared: the statement differs with the number of alerts.
    const rows = this.#db
      .prepare(
        `${OUTBOX_ROWS} WHERE o.status = 'delivered' AND o.id > ? AND o.alert_uid IN (${alertUids.map(() => '?').join(',')})
         ORDER BY o.id LIMIT ?`,
      )
      .all(afterId, ...alertUids, limit) as SqlOutbox[];
    return rows.map(outboxFromSql);
  }

  /** Drops delivered notifications finished before `before`; dead letters stay until retried or deleted. */
  pruneDelivered(before: number): number {
    return this.#sql(`DELETE FROM alert_outbox WHERE status = 'delivered' AND finished_at < ?`).run(before)
      .changes;
  }
}

interface SqlAlert {
  uid: string;
  index_uid: string;
  body: string;
  next_digest_at: number | null;
  created_at: number;
  updated_at: number;
}

function alertFromSql(row: SqlAlert): Alert {
  const body = JSON.parse(row.body) as AlertBody;
  return {
    ...body,
    uid: row.uid,
    indexUid: row.index_uid,
    nextDigestAt: row.next_digest_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
