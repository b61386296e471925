// The durable task log: tasks and their payloads in SQLite (WAL), committed before the server answers 202.
import type Database from 'better-sqlite3';
import { StatementCache } from '../../store/sqlite.ts';
import type { ErrorBody } from '../../errors.ts';
import type { TaskFilter } from './task-filters.ts';
import type { TaskDetails, TaskParams, TaskRow, TaskStatus, TaskType } from './task-types.ts';

interface SqlRow {
  uid: number;
  batch_uid: number | null;
  index_uid: string | null;
  status: string;
  type: string;
  canceled_by: number | null;
  details: string | null;
  error: string | null;
  params: string;
  custom_metadata: string | null;
  enqueued_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface NewTask {
  type: TaskType;
  indexUid: string | null;
  details: TaskDetails | null;
  params: TaskParams;
  payload?: Buffer;
  customMetadata?: string | null;
}

export interface TaskPage {
  rows: TaskRow[];
  total: number;
  next: number | null;
}

/** Finished tasks read at once by a dump (finishedTasks). */
const FINISHED_TASKS_PAGE = 500;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS tasks (
  uid INTEGER PRIMARY KEY,
  batch_uid INTEGER,
  index_uid TEXT,
  other_index_uids TEXT,
  status TEXT NOT NULL,
  type TEXT NOT NULL,
  canceled_by INTEGER,
  details TEXT,
  error TEXT,
  params TEXT NOT NULL,
  custom_metadata TEXT,
  enqueued_at INTEGER NOT NULL,
  started_at INTEGER,
  finished_at INTEGER
);
CREATE INDEX IF NOT EXISTS tasks_by_status ON tasks (status, uid);
CREATE TABLE IF NOT EXISTS task_payloads (task_uid INTEGER PRIMARY KEY, body BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS task_counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
`;

function fromSql(row: SqlRow): TaskRow {
  return {
    uid: row.uid,
    batchUid: row.batch_uid,
    indexUid: row.index_uid,
    status: row.status as TaskStatus,
    type: row.type as TaskType,
    canceledBy: row.canceled_by,
    details: row.details === null ? null : (JSON.parse(row.details) as TaskDetails),
    error: row.error === null ? null : (JSON.parse(row.error) as ErrorBody),
    params: JSON.parse(row.params) as TaskParams,
    customMetadata: row.custom_metadata,
    enqueuedAt: row.enqueued_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A filter as a SQL `WHERE` clause with its arguments. */
function whereClause(filter: TaskFilter): { sql: string; args: Array<string | number> } {
  const parts: string[] = [];
  const args: Array<string | number> = [];
  const inList = (column: string, values: ReadonlyArray<string | number> | undefined): void => {
    if (values === undefined) return;
    if (values.length === 0) parts.push('0');
    else {
      parts.push(`${column} IN (${values.map(() => '?').join(',')})`);
      args.push(...values);
    }
  };
  inList('uid', filter.uids);
  inList('batch_uid', filter.batchUids);
  inList('status', filter.statuses);
  inList('type', filter.types);
  inList('canceled_by', filter.canceledBy);
  if (filter.indexUids !== undefined) {
    const ors = filter.indexUids.map(() => "(index_uid = ? OR instr(coalesce(other_index_uids, ''), ?) > 0)");
    parts.push(ors.length === 0 ? '0' : `(${ors.join(' OR ')})`);
    for (const uid of filter.indexUids) args.push(uid, `,${uid},`);
  }
  const range = (column: string, after: number | undefined, before: number | undefined): void => {
    if (after !== undefined) {
      parts.push(`${column} > ?`);
      args.push(after);
    }
    if (before !== undefined) {
      parts.push(`${column} < ?`);
      args.push(before);
    }
  };
  range('enqueued_at', filter.afterEnqueuedAt, filter.beforeEnqueuedAt);
  range('started_at', filter.afterStartedAt, filter.beforeStartedAt);
  range('finished_at', filter.afterFinishedAt, filter.beforeFinishedAt);
  if (filter.allowedIndexes !== undefined && !filter.allowedIndexes.includes('*')) {
    const ors = filter.allowedIndexes.map((pattern) =>
      pattern.endsWith('*') ? 'substr(index_uid, 1, ?) = ?' : 'index_uid = ?',
    );
    parts.push(ors.length === 0 ? '0' : `(index_uid IS NOT NULL AND (${ors.join(' OR ')}))`);
    for (const pattern of filter.allowedIndexes) {
      if (pattern.endsWith('*')) args.push(pattern.length - 1, pattern.slice(0, -1));
      else args.push(pattern);
    }
  }
  return { sql: parts.length === 0 ? '1' : parts.join(' AND '), args };
}

/** Tasks in one SQLite database file; every method is one short transaction. */
export class TaskStore {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;

  constructor(db: Database.Database) {
    this.#db = db;
    this.#statements = new StatementCache(db);
    db.exec(SCHEMA);
  }

  /** Stores a task (and its payload) durably and returns it, `enqueued`. */
  enqueue(task: NewTask, now = Date.now()): TaskRow {
    const insert = this.#db.transaction((): number => {
      const uid = this.#nextCounter('task_uid');
      const others = task.params.otherIndexUids;
      this.#statements.get(
          `INSERT INTO tasks (uid, index_uid, other_index_uids, status, type, details, params, custom_metadata, enqueued_at)
           VALUES (?, ?, ?, 'enqueued', ?, ?, ?, ?, ?)`,
        )
        .run(
          uid,
          task.indexUid,
          others === undefined ? null : `,${others.join(',')},`,
          task.type,
          task.details === null ? null : JSON.stringify(task.details),
          JSON.stringify(task.params),
          task.customMetadata ?? null,
          now,
        );
      if (task.payload !== undefined)
        this.#statements.get('INSERT INTO task_payloads (task_uid, body) VALUES (?, ?)').run(uid, task.payload);
      return uid;
    });
    const uid = insert.immediate();
    const row = this.get(uid);
    if (row === undefined) throw new Error(`task ${uid} vanished after insert`);
    return row;
  }

  #nextCounter(name: string): number {
    const row = this.#statements.get('SELECT value FROM task_counters WHERE name = ?').get(name) as { value: number } | undefined;
    const value = row?.value ?? 0;
    this.#statements.get('INSERT OR REPLACE INTO task_counters (name, value) VALUES (?, ?)').run(name, value + 1);
    return value;
  }

  nextBatchUid(): number {
    return this.#db.transaction(() => this.#nextCounter('batch_uid')).immediate();
  }

  get(uid: number): TaskRow | undefined {
    const row = this.#statements.get('SELECT * FROM tasks WHERE uid = ?').get(uid) as SqlRow | undefined;
    return row === undefined ? undefined : fromSql(row);
  }

  payload(uid: number): Buffer | undefined {
    const row = this.#statements.get('SELECT body FROM task_payloads WHERE task_uid = ?').get(uid) as { body: Buffer } | undefined;
    return row?.body;
  }

  /** Newest first (or oldest first with `reverse`), starting at uid `from`. */
  list(filter: TaskFilter, page: { limit: number; from?: number; reverse?: boolean }): TaskPage {
    const { sql, args } = whereClause(filter);
    const total = (this.#statements.get(`SELECT count(*) AS n FROM tasks WHERE ${sql}`).get(...args) as { n: number }).n;
    const order = page.reverse === true ? 'ASC' : 'DESC';
    const fromSqlPart = page.from === undefined ? '' : page.reverse === true ? ' AND uid >= ?' : ' AND uid <= ?';
    const fromArgs = page.from === undefined ? [] : [page.from];
    const rows = this.#statements.get(`SELECT * FROM tasks WHERE ${sql}${fromSqlPart} ORDER BY uid ${order} LIMIT ?`)
      .all(...args, ...fromArgs, page.limit + 1) as SqlRow[];
    const next = rows.length > page.limit ? (rows[page.limit]?.uid ?? null) : null;
    return { rows: rows.slice(0, page.limit).map(fromSql), total, next };
  }

  matchingUids(filter: TaskFilter): number[] {
    const { sql, args } = whereClause(filter);
    return (this.#statements.get(`SELECT uid FROM tasks WHERE ${sql} ORDER BY uid`).all(...args) as Array<{ uid: number }>).map(
      (row) => row.uid,
    );
  }

  /**
   * The next task to run: cancelations and deletions first (they may interrupt a batch), then an interrupted
   * task (left `processing` by a crash or an interruption), then the oldest enqueued one.
   */
  nextRunnable(): TaskRow | undefined {
    const row = this.#statements.get(
        `SELECT * FROM tasks WHERE status IN ('processing', 'enqueued')
         ORDER BY type IN ('taskCancelation', 'taskDeletion') DESC, status = 'processing' DESC, uid ASC LIMIT 1`,
      )
      .get() as SqlRow | undefined;
    return row === undefined ? undefined : fromSql(row);
  }

  /** Unfinished tasks right after `uid`, oldest first, for batching (interrupted ones keep their place). */
  pendingAfter(uid: number, limit: number): TaskRow[] {
    const rows = this.#statements.get(`SELECT * FROM tasks WHERE status IN ('enqueued', 'processing') AND uid > ? ORDER BY uid ASC LIMIT ?`)
      .all(uid, limit) as SqlRow[];
    return rows.map(fromSql);
  }

  payloadSize(uid: number): number {
    const row = this.#statements.get('SELECT length(body) AS n FROM task_payloads WHERE task_uid = ?').get(uid) as
      | { n: number }
      | undefined;
    return row?.n ?? 0;
  }

  markProcessing(uids: readonly number[], batchUid: number, now = Date.now()): void {
    const update = this.#statements.get(
      `UPDATE tasks SET status = 'processing', batch_uid = ?, started_at = coalesce(started_at, ?) WHERE uid = ?`,
    );
    this.#db.transaction(() => uids.forEach((uid) => update.run(batchUid, now, uid))).immediate();
  }

  /**
   * Records the outcome and drops the payload, in one transaction; `alsoInTransaction` writes more in that same
   * commit (the alerts' outbox, so a notification exists exactly when the task's success does).
   */
  finish(
    uid: number,
    outcome: { status: 'succeeded' | 'failed' | 'canceled'; details: TaskDetails | null; error?: ErrorBody | null; canceledBy?: number | null },
    now = Date.now(),
    alsoInTransaction?: () => void,
  ): void {
    this.#db
      .transaction(() => {
        alsoInTransaction?.();
        this.#statements.get(
            `UPDATE tasks SET status = ?, details = ?, error = ?, canceled_by = coalesce(?, canceled_by),
             finished_at = ?, started_at = coalesce(started_at, ?) WHERE uid = ?`,
          )
          .run(
            outcome.status,
            outcome.details === null ? null : JSON.stringify(outcome.details),
            outcome.error == null ? null : JSON.stringify(outcome.error),
            outcome.canceledBy ?? null,
            now,
            now,
            uid,
          );
        this.#statements.get('DELETE FROM task_payloads WHERE task_uid = ?').run(uid);
      })
      .immediate();
  }

  /** Marks unfinished tasks among `uids` canceled (an interrupted batch counts as unfinished); returns how many were. */
  cancelUnfinished(uids: readonly number[], byUid: number, now = Date.now()): number {
    let count = 0;
    const update = this.#statements.get(
      `UPDATE tasks SET status = 'canceled', canceled_by = ?, finished_at = ?
       WHERE uid = ? AND status IN ('enqueued', 'processing')`,
    );
    const drop = this.#statements.get('DELETE FROM task_payloads WHERE task_uid = ?');
    this.#db
      .transaction(() => {
        for (const uid of uids) {
          const changes = update.run(byUid, now, uid).changes;
          if (changes > 0) {
            drop.run(uid);
            count++;
          }
        }
      })
      .immediate();
    return count;
  }

  /** Deletes finished tasks among `uids`; returns how many were. */
  deleteFinished(uids: readonly number[]): number {
    let count = 0;
    const remove = this.#statements.get(`DELETE FROM tasks WHERE uid = ? AND status IN ('succeeded', 'failed', 'canceled')`);
    const drop = this.#statements.get('DELETE FROM task_payloads WHERE task_uid = ?');
    this.#db
      .transaction(() => {
        for (const uid of uids) {
          if (remove.run(uid).changes > 0) {
            drop.run(uid);
            count++;
          }
        }
      })
      .immediate();
    return count;
  }

  /** Inserts finished tasks from a dump, keeping their uids; the uid counter moves past them. */
  importFinished(rows: readonly TaskRow[]): void {
    const insert = this.#statements.get(
      `INSERT OR REPLACE INTO tasks (uid, batch_uid, index_uid, status, type, canceled_by, details, error, params,
       custom_metadata, enqueued_at, started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, '{}', ?, ?, ?, ?)`,
    );
    this.#db
      .transaction(() => {
        let max = -1;
        for (const row of rows) {
          insert.run(
            row.uid,
            row.batchUid,
            row.indexUid,
            row.status,
            row.type,
            row.canceledBy,
            row.details === null ? null : JSON.stringify(row.details),
            row.error === null ? null : JSON.stringify(row.error),
            row.customMetadata,
            row.enqueuedAt,
            row.startedAt,
            row.finishedAt,
          );
          max = Math.max(max, row.uid);
        }
        const current = (this.#statements.get("SELECT value FROM task_counters WHERE name = 'task_uid'").get() as
          | { value: number }
          | undefined)?.value ?? 0;
        this.#statements.get("INSERT OR REPLACE INTO task_counters (name, value) VALUES ('task_uid', ?)")
          .run(Math.max(current, max + 1));
      })
      .immediate();
  }

  /**
   * Finished tasks, oldest first, for dumps. Read a page at a time: a dump awaits its writes between tasks, and
   * while a statement iterates, better-sqlite3 refuses every other statement on the connection ("This database
   * connection is busy executing a query"), such as the tasks that requests record meanwhile.
   */
  *finishedTasks(): Generator<TaskRow> {
    const page = this.#statements.get(
      `SELECT * FROM tasks WHERE status IN ('succeeded', 'failed', 'canceled') AND uid > ? ORDER BY uid LIMIT ${FINISHED_TASKS_PAGE}`,
    );
    for (let after = -1; ; ) {
      const rows = page.all(after) as SqlRow[];
      for (const row of rows) yield fromSql(row);
      if (rows.length < FINISHED_TASKS_PAGE) return;
      after = rows.at(-1)!.uid;
    }
  }

  /** True when some task is enqueued or processing on `indexUid`. */
  isIndexing(indexUid: string): boolean {
    return (
      this.#statements.get(`SELECT 1 FROM tasks WHERE status = 'processing' AND index_uid = ? LIMIT 1`)
        .get(indexUid) !== undefined
    );
  }
}
