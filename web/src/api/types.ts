// The response shapes the UI reads, as the Meilisearch-compatible API sends them (only the fields it uses).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Doc = Record<string, Json>;

/** A hit is a document plus `_formatted` and `_matchesPosition`; read those through field-roles.ts. */
export type Hit = Doc;

/** `_matchesPosition`: per field, matches in UTF-8 bytes. */
export type MatchesPosition = Record<string, Array<{ start: number; length: number }>>;

export interface SearchResponse {
  hits: Hit[];
  query: string;
  processingTimeMs: number;
  page?: number;
  hitsPerPage?: number;
  totalHits?: number;
  totalPages?: number;
  estimatedTotalHits?: number;
  facetDistribution?: Record<string, Record<string, number>>;
}

export interface IndexInfo {
  uid: string;
  primaryKey: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  results: T[];
  total: number;
}

export interface IndexStats {
  numberOfDocuments: number;
  isIndexing: boolean;
  rawDocumentDbSize?: number;
  indexSizeOnDisk?: number;
}

export interface ServerStats {
  databaseSize: number;
  lastUpdate: string | null;
  indexes: Record<string, IndexStats>;
}

export interface Settings {
  searchableAttributes?: string[];
  displayedAttributes?: string[];
  filterableAttributes?: string[];
  sortableAttributes?: string[];
  korean?: Record<string, Json>;
  [name: string]: Json | undefined;
}

export type TaskStatus = 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled';

export interface Task {
  uid: number;
  indexUid: string | null;
  status: TaskStatus;
  type: string;
  details?: Record<string, Json>;
  error?: { message: string; code: string } | null;
  duration?: string | null;
  enqueuedAt: string;
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** What every write answers with (HTTP 202). */
export interface EnqueuedTask {
  taskUid: number;
  indexUid: string | null;
  status: TaskStatus;
  type: string;
}

export interface ApiKey {
  uid: string;
  key: string;
  name: string | null;
  description: string | null;
  actions: string[];
  indexes: string[];
  expiresAt: string | null;
  createdAt: string;
}

/** POST /indexes/:uid/ask (Kachi; src/answer/types.ts): offsets are UTF-16 indexes into `doc[field]`. */
export interface AskResponse {
  question: string;
  /** A short reply with `[n]` citation markers, or the server's abstention. */
  answer: string;
  answerSpan: { id: string; field: string; start: number; end: number; text: string } | null;
  /** The sentence the answer comes from; `highlighted` has the answer between `<em>` tags. */
  evidence: {
    id: string;
    field: string;
    start: number;
    end: number;
    text: string;
    highlighted: string;
  } | null;
  citations: Citation[];
  confidence: number;
  mode: 'extractive' | 'generative';
  /** True when the documents do not seem to hold the answer; the citations are then the closest passages. */
  abstained: boolean;
  /** Why the mode is not the one configured, e.g. the language model timed out. */
  note?: string;
}

/** A retrieved passage the answer cites as `[n]`; `snippet` is its best sentence for the question. */
export interface Citation {
  id: string;
  title: string;
  snippet: string;
  score: number;
}

/** GET /workspaces (master key only). */
export interface WorkspaceInfo {
  id: string;
  name: string | null;
  createdAt: string;
  updatedAt: string;
}

/** GET /workspaces/:id/usage: the last 30 days, per UTC day, with the current size and the limits. */
export interface WorkspaceUsage {
  workspaceId: string;
  limits: { maxDocuments: number | null; maxStoredBytes: number | null; maxIndexes: number | null };
  current: { indexes: number; documents: number; storedBytes: number };
  totals: { searches: number; asks: number; ingestedBytes: number };
  days: Array<{ date: string; searches: number; asks: number; ingestedBytes: number; storedBytes: number }>;
}
