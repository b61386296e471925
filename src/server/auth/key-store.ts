// API keys at rest: only a SHA-256 hash of each key value is stored; the value itself is derived when shown.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { StatementCache } from '../../store/sqlite.ts';

export interface ApiKey {
  uid: string;
  name: string | null;
  description: string | null;
  actions: string[];
  indexes: string[];
  /** ms since the epoch, or null for never. */
  expiresAt: number | null;
  createdAt: number;
  updatedAt: number;
}

/** The public key object of `/keys`. */
export interface KeyView {
  name: string | null;
  description: string | null;
  key: string;
  uid: string;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

interface SqlKey {
  uid: string;
  hash: string | null;
  name: string | null;
  description: string | null;
  actions: string;
  indexes: string;
  expires_at: number | null;
  created_at: number;
  updated_at: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS api_keys (
  uid TEXT PRIMARY KEY,
  hash TEXT,
  name TEXT,
  description TEXT,
  actions TEXT NOT NULL,
  indexes TEXT NOT NULL,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS api_keys_by_hash ON api_keys (hash);
`;

/**
 * A key's value is HMAC-SHA256(uid, master key) in hex, as in Meilisearch, so the same uid and master key
 * always give the same key and nothing secret needs storing. The hash column makes lookups O(1).
 */
export function deriveKeyValue(uid: string, masterKey: string): string {
  return createHmac('sha256', masterKey).update(uid).digest('hex');
}

/** SHA-256 of a key value, in hex: what is stored, and what a key is looked up by. */
export function hashKeyValue(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function fromSql(row: SqlKey): ApiKey {
  return {
    uid: row.uid,
    name: row.name,
    description: row.description,
    actions: JSON.parse(row.actions) as string[],
    indexes: JSON.parse(row.indexes) as string[],
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class KeyStore {
  readonly #db: Database.Database;
  readonly #statements: StatementCache;
  readonly #masterKey: string | null;
  readonly #listeners: Array<() => void> = [];

  constructor(db: Database.Database, masterKey: string | null) {
    this.#db = db;
    this.#statements = new StatementCache(db);
    this.#masterKey = masterKey;
    db.exec(SCHEMA);
    this.#ensureDefaults();
    this.#rehash();
  }

  /** The default search and admin keys, created once on first start (as Meilisearch does). */
  #ensureDefaults(): void {
    const count = (this.#statements.get('SELECT count(*) AS n FROM api_keys').get() as { n: number }).n;
    if (count > 0) return;
    const now = Date.now();
    this.put({
      uid: randomUUID(),
      name: 'Default Search API Key',
      description: 'Use it to search from the frontend',
      actions: ['search'],
      indexes: ['*'],
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
    });
    this.put({
      uid: randomUUID(),
      name: 'Default Admin API Key',
      description: 'Use it for anything that is not a search operation. Caution! Do not expose it on a public frontend',
      actions: ['*'],
      indexes: ['*'],
      expiresAt: null,
      createdAt: now + 1,
      updatedAt: now + 1,
    });
  }

  /** Hashes follow the current master key; a changed master key invalidates every old key value. */
  #rehash(): void {
    const rows = this.#statements.get('SELECT uid, hash FROM api_keys').all() as Array<{ uid: string; hash: string | null }>;
    const update = this.#statements.get('UPDATE api_keys SET hash = ? WHERE uid = ?');
    this.#db.transaction(() => {
      for (const row of rows) {
        const hash = this.#hashFor(row.uid);
        if (hash !== row.hash) update.run(hash, row.uid);
      }
    })();
  }

  #hashFor(uid: string): string | null {
    return this.#masterKey === null ? null : hashKeyValue(deriveKeyValue(uid, this.#masterKey));
  }

  /** The stored hash of a key's value (null without a master key); a workspace's keys are found by it. */
  hashOf(uid: string): string | null {
    return this.#hashFor(uid);
  }

  /** Calls `listener` after every key is created, changed or deleted. */
  onChange(listener: () => void): void {
    this.#listeners.push(listener);
  }

  #changed(): void {
    for (const listener of this.#listeners) listener();
  }

  keyValue(uid: string): string {
    return this.#masterKey === null ? '' : deriveKeyValue(uid, this.#masterKey);
  }

  put(key: ApiKey): ApiKey {
    this.#statements.get(
        `INSERT OR REPLACE INTO api_keys (uid, hash, name, description, actions, indexes, expires_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        key.uid,
        this.#hashFor(key.uid),
        key.name,
        key.description,
        JSON.stringify(key.actions),
        JSON.stringify(key.indexes),
        key.expiresAt,
        key.createdAt,
        key.updatedAt,
      );
    this.#changed();
    return key;
  }

  /** Newest first, as Meilisearch lists them. */
  list(): ApiKey[] {
    const rows = this.#statements.get('SELECT * FROM api_keys ORDER BY created_at DESC, uid').all() as SqlKey[];
    return rows.map(fromSql);
  }

  getByUid(uid: string): ApiKey | undefined {
    const row = this.#statements.get('SELECT * FROM api_keys WHERE uid = ?').get(uid) as SqlKey | undefined;
    return row === undefined ? undefined : fromSql(row);
  }

  /** Finds a key by its value through the stored hash. */
  getByValue(value: string): ApiKey | undefined {
    if (this.#masterKey === null || !/^[0-9a-f]{64}$/.test(value)) return undefined;
    const row = this.#statements.get('SELECT * FROM api_keys WHERE hash = ?').get(hashKeyValue(value)) as SqlKey | undefined;
    return row === undefined ? undefined : fromSql(row);
  }

  /** `/keys/:uidOrKey` accepts either the uid or the key value. */
  find(uidOrKey: string): ApiKey | undefined {
    return this.getByUid(uidOrKey) ?? this.getByValue(uidOrKey);
  }

  delete(uid: string): boolean {
    const deleted = this.#statements.get('DELETE FROM api_keys WHERE uid = ?').run(uid).changes > 0;
    this.#changed();
    return deleted;
  }

  view(key: ApiKey): KeyView {
    return {
      name: key.name,
      description: key.description,
      key: this.keyValue(key.uid),
      uid: key.uid,
      actions: key.actions,
      indexes: key.indexes,
      expiresAt: key.expiresAt === null ? null : new Date(key.expiresAt).toISOString(),
      createdAt: new Date(key.createdAt).toISOString(),
      updatedAt: new Date(key.updatedAt).toISOString(),
    };
  }
}
