// One workspace at run time: its record, its rate buckets and usage meter, and the admission checks every
// search and every write of the workspace passes before anything is stored (quotas are all-or-nothing).
import { KachiError } from '../../errors.ts';
import type { Engine } from '../../engine-types.ts';
import { inferPrimaryKey } from '../../documents.ts';
import type { Document } from '../../search-types.ts';
import type { SqliteDatabase } from '../../store/sqlite.ts';
import type { NewTask, TaskStore } from '../tasks/task-store.ts';
import { folderSize } from './folder-size.ts';
import type { WorkspaceLimits } from './limits.ts';
import { TokenBucket } from './token-bucket.ts';
import { UsageMeter } from './usage-meter.ts';
import { writeWorkspaceMeta, type WorkspaceMeta } from './workspace-meta.ts';

/** Hint sent with quota refusals: a quota frees up only when data is deleted or the limit raised. */
const QUOTA_RETRY_SECONDS = 60;
/** Ingest bursts may use this many seconds' worth of the ingest rate. */
const INGEST_BURST_SECONDS = 10;
const FLUSH_MS = 5000;
const STORAGE_SAMPLE_MS = 60_000;
const CREATING_TYPES = new Set(['indexCreation', 'documentAdditionOrUpdate', 'settingsUpdate', 'documentIngestion']);

export interface WorkspaceRuntimeOptions {
  id: string;
  meta: WorkspaceMeta;
  dbPath: string;
  db: SqliteDatabase;
  engine: Engine;
  store: TaskStore;
  now?: () => number;
}

/** What the workspace holds now, and what its unfinished tasks will add. */
export interface WorkspaceCurrent {
  indexes: number;
  documents: number;
  storedBytes: number;
}

export class WorkspaceRuntime {
  readonly id: string;
  readonly usage: UsageMeter;
  readonly #options: WorkspaceRuntimeOptions;
  readonly #now: () => number;
  #meta: WorkspaceMeta;
  #search: TokenBucket | null = null;
  #ingest: TokenBucket | null = null;
  #stored: { bytes: number; at: number } | null = null;
  readonly #timer: NodeJS.Timeout;

  constructor(options: WorkspaceRuntimeOptions) {
    this.id = options.id;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#meta = options.meta;
    this.usage = new UsageMeter(options.db, { now: this.#now });
    this.#buckets();
    this.#timer = setInterval(() => this.flush(), FLUSH_MS).unref();
  }

  get meta(): WorkspaceMeta {
    return this.#meta;
  }

  /** Stores a new name or limits; rate buckets restart full. */
  update(change: { name?: string | null; limits?: WorkspaceLimits }): WorkspaceMeta {
    this.#meta = { ...this.#meta, ...change, updatedAt: this.#now() };
    writeWorkspaceMeta(this.#options.db, this.#meta);
    this.#buckets();
    return this.#meta;
  }

  #buckets(): void {
    const { searchesPerSecond, ingestBytesPerSecond } = this.#meta.limits;
    const now = this.#now();
    this.#search = searchesPerSecond === null ? null : new TokenBucket(searchesPerSecond, Math.max(1, searchesPerSecond), now);
    this.#ingest =
      ingestBytesPerSecond === null ? null : new TokenBucket(ingestBytesPerSecond, ingestBytesPerSecond * INGEST_BURST_SECONDS, now);
  }

  /** A search, facet search, multi-search or ask: refused with 429 over the search rate, else counted. */
  admitSearch(kind: 'search' | 'ask'): void {
    const wait = this.#search?.take(1, this.#now()) ?? 0;
    if (wait > 0)
      throw new KachiError(
        'workspace_rate_limited',
        `Workspace \`${this.id}\` allows ${this.#meta.limits.searchesPerSecond} searches per second. Retry in ${wait} s.`,
        { retryAfter: wait },
      );
    this.usage.add(kind === 'ask' ? 'asks' : 'searches');
  }

  /** Every write of the workspace, before it is stored: quotas on indexes, bytes and documents, then the ingest rate. */
  admitTask(task: NewTask): void {
    const limits = this.#meta.limits;
    const bytes = task.payload?.length ?? 0;
    const ingests = task.type === 'documentAdditionOrUpdate' || task.type === 'documentIngestion';
    if (limits.maxIndexes !== null && CREATING_TYPES.has(task.type) && task.indexUid !== null) this.#checkIndexes(task.indexUid, limits.maxIndexes);
    if (limits.maxStoredBytes !== null && bytes > 0) this.#checkBytes(bytes, limits.maxStoredBytes);
    if (limits.maxDocuments !== null && ingests) this.#checkDocuments(task, limits.maxDocuments);
    if (this.#ingest !== null && bytes > 0) {
      const wait = this.#ingest.take(bytes, this.#now());
      if (wait === Infinity)
        throw new KachiError(
          'payload_too_large',
          `The payload (${bytes} bytes) is larger than workspace \`${this.id}\` may send in ${INGEST_BURST_SECONDS} s ` +
            `(${limits.ingestBytesPerSecond} bytes per second). Send it in smaller batches.`,
        );
      if (wait > 0)
        throw new KachiError(
          'workspace_rate_limited',
          `Workspace \`${this.id}\` may ingest ${limits.ingestBytesPerSecond} bytes per second. Retry in ${wait} s.`,
          { retryAfter: wait },
        );
    }
    if (ingests) this.usage.add('ingestedBytes', bytes);
  }

  #unfinished(): Array<{ uid: number; type: string; indexUid: string | null; documents: number }> {
    const rows = this.#options.store.list({ statuses: ['enqueued', 'processing'] }, { limit: 1_000_000 }).rows;
    return rows.map((row) => ({
      uid: row.uid,
      type: row.type,
      indexUid: row.indexUid,
      documents: typeof row.details?.receivedDocuments === 'number' ? row.details.receivedDocuments : 0,
    }));
  }

  #checkIndexes(uid: string, max: number): void {
    const { engine } = this.#options;
    if (engine.hasIndex(uid)) return;
    const known = new Set(engine.listIndexes().map((info) => info.uid));
    for (const task of this.#unfinished()) if (CREATING_TYPES.has(task.type) && task.indexUid !== null) known.add(task.indexUid);
    if (!known.has(uid) && known.size >= max)
      throw quotaError(`Workspace \`${this.id}\` may hold ${max} indexes and has ${known.size}: \`${uid}\` was not created. Delete an index or ask for a higher \`maxIndexes\`.`);
  }

  #checkBytes(bytes: number, max: number): void {
    if (bytes > max)
      throw new KachiError('payload_too_large', `The payload (${bytes} bytes) is larger than workspace \`${this.id}\`'s whole storage limit of ${max} bytes.`);
    const pending = this.#unfinished().reduce((sum, task) => sum + this.#options.store.payloadSize(task.uid), 0);
    const stored = this.storedBytes();
    if (stored + pending + bytes > max)
      throw quotaError(
        `Workspace \`${this.id}\` stores ${stored} bytes (${pending} more waiting to be indexed) of its ${max}: ` +
          `this ${bytes}-byte payload was refused. Delete documents or ask for a higher \`maxStoredBytes\`.`,
      );
  }

  #checkDocuments(task: NewTask, max: number): void {
    const current = this.documentCount();
    const pending = this.#unfinished().reduce((sum, row) => sum + row.documents, 0);
    const received = typeof task.details?.receivedDocuments === 'number' ? task.details.receivedDocuments : 0;
    if (current + pending + Math.max(received, task.type === 'documentIngestion' ? 1 : 0) <= max) return;
    // Over the limit at first sight: replacements of stored documents do not add any, so count only new ids.
    const incoming = task.type === 'documentAdditionOrUpdate' ? this.#newDocuments(task) : 1;
    if (current + pending + incoming > max)
      throw quotaError(
        `Workspace \`${this.id}\` holds ${current} documents (${pending} more waiting) of its ${max}: ` +
          `these ${incoming} new documents were refused, none was added. Delete documents or ask for a higher \`maxDocuments\`.`,
      );
  }

  /** Documents of an addition whose ids the index does not hold yet. */
  #newDocuments(task: NewTask): number {
    const documents = JSON.parse(task.payload?.toString('utf8') ?? '[]') as Document[];
    const { engine } = this.#options;
    const uid = task.indexUid ?? '';
    if (!engine.hasIndex(uid)) return documents.length;
    const index = engine.getIndex(uid);
    let key: string;
    try {
      key = index.info().primaryKey ?? task.params.primaryKey ?? inferPrimaryKey(documents[0]);
    } catch {
      return documents.length; // the task will fail on its primary key; count everything as new meanwhile
    }
    const ids = [...new Set(documents.map((doc) => doc[key]).filter((id) => typeof id === 'string' || typeof id === 'number'))];
    const existing = ids.length === 0 ? 0 : index.getDocuments({ ids: ids as Array<string | number>, limit: ids.length, fields: [key] }).total;
    return ids.length - existing + (documents.length - documents.filter((doc) => doc[key] !== undefined).length);
  }

  documentCount(): number {
    const { engine } = this.#options;
    return engine.listIndexes().reduce((sum, info) => sum + engine.getIndex(info.uid).stats().numberOfDocuments, 0);
  }

  /** The data folder's size, measured at most once a second. */
  storedBytes(): number {
    const now = this.#now();
    if (this.#stored === null || now - this.#stored.at > 1000) this.#stored = { bytes: folderSize(this.#options.dbPath), at: now };
    return this.#stored.bytes;
  }

  current(): WorkspaceCurrent {
    return { indexes: this.#options.engine.listIndexes().length, documents: this.documentCount(), storedBytes: this.storedBytes() };
  }

  /** Writes the pending counts; the folder is measured again only after a write or once a minute. */
  flush(): void {
    const now = this.#now();
    if (this.usage.pending || this.#stored === null || now - this.#stored.at > STORAGE_SAMPLE_MS) {
      this.usage.recordStorage(this.storedBytes());
      this.usage.flush();
    }
  }

  close(): void {
    clearInterval(this.#timer);
    this.flush();
  }
}

function quotaError(message: string): KachiError {
  return new KachiError('workspace_quota_exceeded', message, { retryAfter: QUOTA_RETRY_SECONDS });
}
