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

/** POST /indexes/:uid/ask (Kachi). */
export interface AskResponse {
  answer: string | null;
  answerSpan: { id: string | number; field: string; start: number; end: number; text: string } | null;
  evidence: Json;
  citations: Array<{ id: string | number; title?: string | null; snippet?: string | null; score?: number }>;
  confidence: number;
  mode: string;
}
