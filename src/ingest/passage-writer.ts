// Writes passages into an index, one source at a time as far as readers can tell: a source's new
// passages are added before its old ones are deleted, in two engine calls with no await between them.
import type { KachiIndex } from '../engine-types.ts';
import { KachiError } from '../errors.ts';
import type { Passage } from './types.ts';

/** Fields ingestion filters on; they are added to the index's filterable attributes when missing. */
export const INGEST_FILTERABLE = ['source', 'revision', 'passage', 'folders', 'site'];

export interface SourceHead {
  revision: string;
  sourceHash: string;
}

/** `"a\"b"` quoting for filter values (the filter parser reads JSON-style escapes). */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** Prepares an index for passages: primary key `id`, and the filterable attributes ingestion needs. */
export function preparePassageIndex(index: KachiIndex): void {
  const primaryKey = index.info().primaryKey;
  if (primaryKey !== null && primaryKey !== 'id')
    throw new KachiError('index_primary_key_already_exists', `Index \`${index.uid}\` has the primary key \`${primaryKey}\`, but passages use \`id\`; ingest into a new index.`);
  const filterable = index.getSettings().filterableAttributes;
  const missing = INGEST_FILTERABLE.filter((field) => !filterable.includes(field));
  if (missing.length > 0) index.updateSettings({ filterableAttributes: [...filterable, ...missing] });
}

/** The revisions stored for `source` (passage 0 of each): normally one, two after an interrupted replace. */
export function sourceHeads(index: KachiIndex, source: string): SourceHead[] {
  const { results } = index.getDocuments({ filter: `source = ${quote(source)} AND passage = 0`, fields: ['revision', 'sourceHash'], limit: 10 });
  return results.map((doc) => ({ revision: String(doc.revision), sourceHash: String(doc.sourceHash) }));
}

/** Every source stored whose passages carry `field = value` (a folder, a site), with its revision. */
export function sourcesWhere(index: KachiIndex, field: 'folders' | 'site', value: string): Map<string, string> {
  const sources = new Map<string, string>();
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const page = index.getDocuments({ filter: `${field} = ${quote(value)} AND passage = 0`, fields: ['source', 'revision'], limit, offset });
    for (const doc of page.results) sources.set(String(doc.source), String(doc.revision));
    if (page.results.length < limit) return sources;
  }
}

/** Deletes every passage of the given sources (removed files, vanished pages). Returns the count. */
export function deleteSources(index: KachiIndex, sources: string[]): number {
  let deleted = 0;
  for (let i = 0; i < sources.length; i += 100) {
    const group = sources.slice(i, i + 100);
    deleted += index.deleteByFilter(`source IN [${group.map(quote).join(', ')}]`).deletedDocuments;
  }
  return deleted;
}

interface Pending {
  source: string;
  revision: string;
  passages: Passage[];
}

/**
 * Buffers sources and writes them in batches, because each engine call is a durable commit.
 * Replacement is one engine call: the new revision's passages are added and `source = S AND revision != R`
 * deleted in the same transaction (`deleteFilter`), so no reader ever sees both versions or neither.
 */
export class PassageWriter {
  readonly #index: KachiIndex;
  readonly #batchPassages: number;
  #pending: Pending[] = [];
  #pendingCount = 0;
  passagesWritten = 0;
  passagesDeleted = 0;

  constructor(index: KachiIndex, options: { batchPassages?: number } = {}) {
    this.#index = index;
    this.#batchPassages = options.batchPassages ?? 2000;
  }

  /** Queues a source's full new passage list (empty to clear it); writes when the batch is full. */
  replace(source: string, revision: string, passages: Passage[]): void {
    this.#pending.push({ source, revision, passages });
    this.#pendingCount += passages.length + 1;
    if (this.#pendingCount >= this.#batchPassages) this.flush();
  }

  /** Drops revisions of `source` other than `keep`, left by an interrupted earlier run. */
  dropStale(source: string, keep: string): void {
    this.passagesDeleted += this.#index.deleteByFilter(`source = ${quote(source)} AND revision != ${quote(keep)}`).deletedDocuments;
  }

  flush(): void {
    if (this.#pending.length === 0) return;
    const pending = this.#pending;
    this.#pending = [];
    this.#pendingCount = 0;
    const passages = pending.flatMap((entry) => entry.passages);
    const stale = pending.map((entry) => `(source = ${quote(entry.source)} AND revision != ${quote(entry.revision)})`);
    const result = this.#index.addDocuments(passages, { primaryKey: 'id', deleteFilter: stale.join(' OR ') });
    this.passagesWritten += result.indexedDocuments;
    this.passagesDeleted += result.deletedDocuments;
  }
}
