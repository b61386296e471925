// The engine's catalogue of indexes: uid → data folder, in one small SQLite database, so that
// create, delete and swap are single transactions.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { openSqlite, type OpenSqliteOptions, type SqliteDatabase } from './sqlite.ts';

export interface CatalogEntry {
  uid: string;
  dir: string;
  createdAt: string;
}

export class Catalog {
  private readonly db: SqliteDatabase;
  /** Prepared once: every request to an index looks its uid up, and preparing cost more than the lookup. */
  private readonly byUid: ReturnType<SqliteDatabase['prepare']>;

  constructor(
    readonly root: string,
    options: OpenSqliteOptions = {},
  ) {
    mkdirSync(join(root, 'indexes'), { recursive: true });
    this.db = openSqlite(join(root, 'catalog.db'), options);
    this.db.exec(`CREATE TABLE IF NOT EXISTS indexes (
      uid TEXT PRIMARY KEY, dir TEXT NOT NULL UNIQUE, created_at TEXT NOT NULL)`);
    this.byUid = this.db.prepare('SELECT uid, dir, created_at AS createdAt FROM indexes WHERE uid = ?');
  }

  list(): CatalogEntry[] {
    return this.db
      .prepare('SELECT uid, dir, created_at AS createdAt FROM indexes ORDER BY uid')
      .all() as CatalogEntry[];
  }

  get(uid: string): CatalogEntry | undefined {
    return this.byUid.get(uid) as
      | CatalogEntry
      | undefined;
  }

  /** Reserves a fresh folder for a new index and records it. */
  add(uid: string): CatalogEntry {
    const entry = { uid, dir: join('indexes', randomUUID()), createdAt: new Date().toISOString() };
    mkdirSync(join(this.root, entry.dir), { recursive: true });
    this.db.prepare('INSERT INTO indexes (uid, dir, created_at) VALUES (?, ?, ?)').run(entry.uid, entry.dir, entry.createdAt);
    return entry;
  }

  remove(uid: string): void {
    this.db.prepare('DELETE FROM indexes WHERE uid = ?').run(uid);
  }

  /** Exchanges the folders (and creation dates) of each pair in one transaction. */
  swap(pairs: Array<[string, string]>): void {
    const update = this.db.prepare('UPDATE indexes SET uid = ? WHERE uid = ?');
    this.db.transaction(() => {
      for (const [a, b] of pairs) {
        update.run(`\u0000swap:${a}`, a);
        update.run(a, b);
        update.run(b, `\u0000swap:${a}`);
      }
    })();
  }

  close(): void {
    this.db.close();
  }
}
