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
