// A workspace's own record, kept in its server.db so that its folder is all there is to it: name, limits,
// the secret its key values derive from, and dates. The folder name is its id.
import { randomBytes } from 'node:crypto';
import type { SqliteDatabase } from '../../store/sqlite.ts';
import { UNLIMITED, type WorkspaceLimits } from './limits.ts';

export interface WorkspaceMeta {
  name: string | null;
  limits: WorkspaceLimits;
  /** HMAC secret of the workspace's key values (as the master key is for the root's keys). Never shown. */
  secret: string;
  /** ms since the epoch. */
  createdAt: number;
  updatedAt: number;
}

const SCHEMA = 'CREATE TABLE IF NOT EXISTS workspace_meta (field TEXT PRIMARY KEY, value TEXT NOT NULL)';

export function newWorkspaceMeta(name: string | null, limits: WorkspaceLimits = UNLIMITED, now = Date.now()): WorkspaceMeta {
  return { name, limits, secret: randomBytes(32).toString('hex'), createdAt: now, updatedAt: now };
}

/** The stored record, or undefined for a folder that is not (yet) a workspace. */
export function readWorkspaceMeta(db: SqliteDatabase): WorkspaceMeta | undefined {
  db.exec(SCHEMA);
  const rows = db.prepare('SELECT field, value FROM workspace_meta').all() as Array<{ field: string; value: string }>;
  if (rows.length === 0) return undefined;
  const record = Object.fromEntries(rows.map((row) => [row.field, JSON.parse(row.value) as unknown]));
  return {
    name: (record.name as string | null | undefined) ?? null,
    limits: { ...UNLIMITED, ...(record.limits as Partial<WorkspaceLimits> | undefined) },
    secret: String(record.secret),
    createdAt: Number(record.createdAt),
    updatedAt: Number(record.updatedAt),
  };
}

export function writeWorkspaceMeta(db: SqliteDatabase, meta: WorkspaceMeta): void {
  db.exec(SCHEMA);
  const put = db.prepare('INSERT OR REPLACE INTO workspace_meta (field, value) VALUES (?, ?)');
  db.transaction(() => {
    for (const [field, value] of Object.entries(meta)) put.run(field, JSON.stringify(value));
  })();
}
