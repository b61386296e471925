// The engine: a catalogue of indexes in one data folder. Thin wiring; the work happens in the
// layers below (analysis, index, store, query, rank).
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine, EngineOptions, IndexInfo, KachiIndex } from './engine-types.ts';
import { KachiError } from './errors.ts';
import { Catalog } from './store/catalog.ts';
import { KachiIndexImpl } from './kachi-index.ts';

export type { Engine, EngineOptions, KachiIndex } from './engine-types.ts';

/** Meilisearch's index uid syntax: letters, digits, `-` and `_`, at most 400 bytes. */
const INDEX_UID = /^[A-Za-z0-9_-]{1,400}$/;

export function validateIndexUid(uid: unknown): string {
  if (typeof uid !== 'string' || !INDEX_UID.test(uid))
    throw new KachiError(
      'invalid_index_uid',
      `\`${String(uid)}\` is not a valid index uid. Index uid can be an integer or a string containing only alphanumeric characters, hyphens (-) and underscores (_), and can not be more than 400 bytes.`,
    );
  return uid;
}

/** Opens (creating if needed) the data folder `options.dbPath`. Example: `openEngine({ dbPath: './kachi-data' })`. */
export function openEngine(options: EngineOptions): Engine {
  return new KachiEngine(options);
}

class KachiEngine implements Engine {
  readonly dbPath: string;
  private readonly catalog: Catalog;
  private readonly open = new Map<string, KachiIndexImpl>();
  private readonly durability: 'normal' | 'full';
  private readonly backgroundMerges: boolean;

  constructor(options: EngineOptions) {
    this.dbPath = options.dbPath;
    this.durability = options.durability ?? 'normal';
    this.backgroundMerges = options.backgroundMerges ?? false;
    this.catalog = new Catalog(options.dbPath, { durability: this.durability });
  }

  listIndexes(): IndexInfo[] {
    return this.catalog.list().map((entry) => this.getIndex(entry.uid).info());
  }

  hasIndex(uid: string): boolean {
    return this.catalog.get(uid) !== undefined;
  }

  getIndex(uid: string): KachiIndex & KachiIndexImpl {
    const entry = this.catalog.get(uid);
    if (!entry) throw new KachiError('index_not_found', `Index \`${uid}\` not found.`);
    let index = this.open.get(entry.dir);
    if (!index) {
      index = new KachiIndexImpl({ uid, dir: join(this.dbPath, entry.dir), createdAt: entry.createdAt, durability: this.durability, backgroundMerges: this.backgroundMerges });
      this.open.set(entry.dir, index);
    }
    index.uid = uid;
    return index;
  }

  createIndex(uid: string, options: { primaryKey?: string | null } = {}): KachiIndex {
    validateIndexUid(uid);
    if (this.hasIndex(uid)) throw new KachiError('index_already_exists', `Index \`${uid}\` already exists.`);
    this.catalog.add(uid);
    const index = this.getIndex(uid);
    if (options.primaryKey) index.setPrimaryKey(options.primaryKey);
    return index;
  }

  deleteIndex(uid: string): void {
    const entry = this.catalog.get(uid);
    if (!entry) throw new KachiError('index_not_found', `Index \`${uid}\` not found.`);
    this.catalog.remove(uid);
    this.open.get(entry.dir)?.discard();
    this.open.delete(entry.dir);
    rmSync(join(this.dbPath, entry.dir), { recursive: true, force: true });
  }

  swapIndexes(pairs: Array<[string, string]>): void {
    for (const [a, b] of pairs) for (const uid of [a, b]) if (!this.hasIndex(uid)) throw new KachiError('index_not_found', `Index \`${uid}\` not found.`);
    this.catalog.swap(pairs);
    for (const [a, b] of pairs) {
      this.getIndex(a);
      this.getIndex(b);
    }
  }

  close(): void {
    for (const index of this.open.values()) index.close();
    this.open.clear();
    this.catalog.close();
  }
}
