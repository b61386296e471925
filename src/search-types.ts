// The engine's public request and response shapes. They use Meilisearch's v1 names so that the
// HTTP server can pass them through unchanged; Kachi's own additions are marked "Kachi".

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Document = { [key: string]: Json };
export type DocumentId = string | number;

/** A filter: Meilisearch's string form, or its array form (outer AND, inner OR). */
export type Filter = string | Array<string | string[]>;

export type MatchingStrategy = 'last' | 'all' | 'frequency';

export interface SearchRequest {
  q?: string | null;
  offset?: number;
  limit?: number;
  page?: number;
  hitsPerPage?: number;
  filter?: Filter | null;
  facets?: string[] | null;
  sort?: string[] | null;
  attributesToRetrieve?: string[] | null;
  attributesToHighlight?: string[] | null;
  attributesToCrop?: string[] | null;
  cropLength?: number;
  cropMarker?: string;
  highlightPreTag?: string;
  highlightPostTag?: string;
  showMatchesPosition?: boolean;
  matchingStrategy?: MatchingStrategy;
  showRankingScore?: boolean;
  showRankingScoreDetails?: boolean;
  distinct?: string | null;
  attributesToSearchOn?: string[] | null;
  /** Kachi: attach `_explain`, the BM25F score tree of each hit. */
  explain?: boolean;
}

export interface MatchPosition {
  start: number;
  length: number;
}

export interface Hit {
  [field: string]: Json | undefined;
}

export interface FacetStats {
  min: number;
  max: number;
}

export interface SearchResponse {
  hits: Hit[];
  query: string;
  processingTimeMs: number;
  /** Offset/limit pagination (default). */
  offset?: number;
  limit?: number;
  estimatedTotalHits?: number;
  /** Page pagination, when `page` or `hitsPerPage` is given. */
  page?: number;
  hitsPerPage?: number;
  totalHits?: number;
  totalPages?: number;
  facetDistribution?: Record<string, Record<string, number>>;
  facetStats?: Record<string, FacetStats>;
}

/** An explainable score: every score is a tree whose leaves say where each part came from. */
export interface Explanation {
  value: number;
  description: string;
  details?: Explanation[];
}

export interface FacetSearchRequest {
  facetName: string;
  facetQuery?: string;
  q?: string;
  filter?: Filter | null;
  matchingStrategy?: MatchingStrategy;
  attributesToSearchOn?: string[] | null;
}

export interface FacetSearchResponse {
  facetHits: Array<{ value: string; count: number }>;
  facetQuery: string | null;
  processingTimeMs: number;
}

/** Meilisearch's settings object plus Kachi's `korean`. Omitted fields keep their current value. */
export interface Settings {
  displayedAttributes?: string[];
  searchableAttributes?: string[];
  filterableAttributes?: string[];
  sortableAttributes?: string[];
  rankingRules?: string[];
  stopWords?: string[];
  nonSeparatorTokens?: string[];
  separatorTokens?: string[];
  dictionary?: string[];
  synonyms?: Record<string, string[]>;
  distinctAttribute?: string | null;
  proximityPrecision?: 'byWord' | 'byAttribute';
  typoTolerance?: {
    enabled?: boolean;
    minWordSizeForTypos?: { oneTypo?: number; twoTypos?: number };
    disableOnWords?: string[];
    disableOnAttributes?: string[];
  };
  faceting?: { maxValuesPerFacet?: number; sortFacetValuesBy?: Record<string, 'alpha' | 'count'> };
  pagination?: { maxTotalHits?: number };
  /** Kachi: Korean analysis switches, see `KoreanOptions`. */
  korean?: Partial<import('./analysis/types.ts').KoreanOptions>;
}

export interface IndexStats {
  numberOfDocuments: number;
  isIndexing: boolean;
  fieldDistribution: Record<string, number>;
  /** Kachi: bytes used, to report bytes per document. */
  rawDocumentDbSize: number;
  avgDocumentSize: number;
  indexSizeOnDisk: number;
  indexSizeInMemory: number;
}

export interface DocumentsQuery {
  offset?: number;
  limit?: number;
  fields?: string[] | null;
  filter?: Filter | null;
  ids?: DocumentId[] | null;
}

export interface DocumentsPage {
  results: Document[];
  offset: number;
  limit: number;
  total: number;
}
