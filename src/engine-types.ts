// The engine's public contract: what the server, the CLI and every later layer call.
// All methods are synchronous: they run on the caller's thread and are durable when they return
// (prepareDocuments, which only analyses ahead of a write, is the one exception).
import type { TokenColumns } from './analysis/token-columns.ts';
import type {
  Document,
  DocumentId,
  DocumentsPage,
  DocumentsQuery,
  FacetSearchRequest,
  FacetSearchResponse,
  Filter,
  IndexStats,
  SearchRequest,
  SearchResponse,
  Settings,
} from './search-types.ts';

export interface EngineOptions {
  /** Data folder. Default `./kachi-data`. */
  dbPath: string;
  /**
   * `normal` (default) survives a killed process (`kill -9`); `full` also fsyncs every commit,
   * to survive power loss, at some cost in write speed.
   */
  durability?: 'normal' | 'full';
  /**
   * Merge large segments on a worker thread instead of inside the write that triggers them, so that
   * searches running meanwhile are not held up (the server's choice). Default false: a write returns
   * with its merges done, which keeps the CLI and tests deterministic.
   */
  backgroundMerges?: boolean;
}

export interface IndexInfo {
  uid: string;
  primaryKey: string | null;
  /** RFC 3339 timestamps. */
  createdAt: string;
  updatedAt: string;
}

export interface WriteResult {
  /** Documents added or replaced (or updated) by this call. */
  indexedDocuments: number;
  /** Documents deleted by this call. */
  deletedDocuments: number;
}

export interface AddDocumentsOptions {
  /** Primary key to use (and store) when the index has none yet; otherwise it must match. */
  primaryKey?: string;
  /** `replace` (default): a document replaces the stored one. `update`: fields are merged into it. */
  mode?: 'replace' | 'update';
  /**
   * Kachi: documents matching this filter (evaluated before the batch) are deleted in the same
   * transaction, so readers never see both an old and a new version, e.g. when a source's passages
   * are replaced: `{ deleteFilter: 'source = "a.hwp"' }`.
   */
  deleteFilter?: Filter;
  /** Kachi: the documents' analysis, done ahead by `prepareDocuments`; used when still valid, else done again. */
  prepared?: PreparedDocuments | null;
}

export interface BulkLoadOptions extends Omit<AddDocumentsOptions, 'prepared'> {
  onBatch?(result: WriteResult, batch: number): void;
}

/** The analysis of a batch's searchable texts, done off the calling thread ahead of `addDocuments`. */
export interface PreparedDocuments {
  /** The analyzer that produced it: stale once the index's analysis settings change. */
  readonly analyzer: object;
  readonly texts: readonly string[];
  readonly columns: TokenColumns;
}

export interface Engine {
  readonly dbPath: string;
  listIndexes(): IndexInfo[];
  hasIndex(uid: string): boolean;
  /** Throws `index_not_found`. */
  getIndex(uid: string): KachiIndex;
  /** Throws `index_already_exists` or `invalid_index_uid`. */
  createIndex(uid: string, options?: { primaryKey?: string | null }): KachiIndex;
  /** Throws `index_not_found`. */
  deleteIndex(uid: string): void;
  /** Swaps the contents of each pair atomically. Throws `index_not_found`. */
  swapIndexes(pairs: Array<[string, string]>): void;
  close(): void;
}

export interface KachiIndex {
  readonly uid: string;
  info(): IndexInfo;
  /** Throws `index_primary_key_already_exists` once the index holds documents. */
  setPrimaryKey(primaryKey: string): void;
  /** All or nothing: a bad document rejects the whole batch and names its position and field. */
  addDocuments(documents: Document[], options?: AddDocumentsOptions): WriteResult;
  /**
   * Kachi: analyses `documents` on the analysis thread while the caller's thread goes on, so that
   * `addDocuments(documents, { prepared })` only writes them. Null when it cannot help (update mode,
   * no analysis thread); addDocuments then analyses as usual.
   */
  prepareDocuments?(documents: Document[], options?: AddDocumentsOptions): Promise<PreparedDocuments | null>;
  /**
   * Kachi: a bulk load. Batches are committed in order, each as by `addDocuments` (all or nothing), and the
   * next batch is analysed on both threads while one is written, so both cores stay busy. The first batch that
   * fails stops the load with its error; the batches before it stay written. `onBatch` hears of each one
   * written (numbered from 0), so a caller knows which batch failed.
   */
  addDocumentBatches?(batches: AsyncIterable<Document[]> | Iterable<Document[]>, options?: BulkLoadOptions): Promise<WriteResult>;
  deleteDocuments(ids: DocumentId[]): WriteResult;
  deleteByFilter(filter: Filter): WriteResult;
  clear(): WriteResult;
  /** Throws `document_not_found`. */
  getDocument(id: DocumentId, fields?: string[] | null): Document;
  getDocuments(query?: DocumentsQuery): DocumentsPage;
  search(request: SearchRequest): SearchResponse;
  /**
   * Kachi: `search`, with the hits' highlighting and cropping done on the format thread while the caller's
   * thread goes on (the server's choice); the same response.
   */
  searchAsync(request: SearchRequest): Promise<SearchResponse>;
  facetSearch(request: FacetSearchRequest): FacetSearchResponse;
  getSettings(): Required<Settings>;
  /** Validates (throws `invalid_settings_*`), stores, and re-indexes when analysis changed. */
  updateSettings(settings: Settings): void;
  /** Resets the named settings (all when omitted) to their defaults. */
  resetSettings(names?: Array<keyof Settings>): void;
  stats(): IndexStats;
}
