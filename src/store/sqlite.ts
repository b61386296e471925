// Opens a SQLite database the way every Kachi store wants it: WAL, foreign keys, chosen durability.
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenSqliteOptions {
  /** `normal`: a commit survives a killed process; `full`: it also survives power loss. */
  durability?: 'normal' | 'full';
}

export function openSqlite(path: string, options: OpenSqliteOptions = {}): SqliteDatabase {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  // In WAL mode NORMAL keeps every committed transaction across a process crash (kill -9);
  // only an OS crash or power loss can lose the last commits, which FULL prevents.
  db.pragma(`synchronous = ${options.durability === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

/** More distinct SQL texts than this (task lists build theirs from the filter) start the cache over. */
const STATEMENT_CACHE_LIMIT = 500;

/**
 * Statements prepared once per SQL text. Compiling a statement costs more than running a one-row query: before,
 * the key lookup of every request and the task store's reads spent most of their time in `prepare`.
 */
export class StatementCache {
  readonly #statements = new Map<string, Database.Statement<unknown[]>>();

  constructor(private readonly db: SqliteDatabase) {}

  get(sql: string): Database.Statement<unknown[]> {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      if (this.#statements.size >= STATEMENT_CACHE_LIMIT) this.#statements.clear();
      this.#statements.set(sql, (statement = this.db.prepare(sql)));
    }
    return statement;
  }
}
