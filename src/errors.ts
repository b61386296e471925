// The error catalogue: every failure Kachi reports is a KachiError with a code from this table.
// Codes, types and HTTP statuses follow Meilisearch's v1 API so that its clients understand them;
// the server turns a KachiError into `{message, code, type, link}` with `toErrorBody`.

export type ErrorType = 'invalid_request' | 'internal' | 'auth' | 'system';

interface CatalogueEntry {
  readonly status: number;
  readonly type: ErrorType;
}

/** code → HTTP status and Meilisearch error type. Add new codes here, nowhere else. */
export const ERROR_CATALOGUE = {
  // indexes
  index_creation_failed: { status: 400, type: 'internal' },
  index_already_exists: { status: 409, type: 'invalid_request' },
  index_not_found: { status: 404, type: 'invalid_request' },
  invalid_index_uid: { status: 400, type: 'invalid_request' },
  invalid_index_primary_key: { status: 400, type: 'invalid_request' },
  index_primary_key_already_exists: { status: 400, type: 'invalid_request' },
  index_primary_key_multiple_candidates_found: { status: 400, type: 'invalid_request' },
  index_primary_key_no_candidate_found: { status: 400, type: 'invalid_request' },
  // documents
  invalid_document_id: { status: 400, type: 'invalid_request' },
  missing_document_id: { status: 400, type: 'invalid_request' },
  document_not_found: { status: 404, type: 'invalid_request' },
  invalid_document_fields: { status: 400, type: 'invalid_request' },
  invalid_document_filter: { status: 400, type: 'invalid_request' },
  invalid_document_limit: { status: 400, type: 'invalid_request' },
  invalid_document_offset: { status: 400, type: 'invalid_request' },
  invalid_document_ids: { status: 400, type: 'invalid_request' },
  missing_document_filter: { status: 400, type: 'invalid_request' },
  invalid_document: { status: 400, type: 'invalid_request' },
  document_too_large: { status: 400, type: 'invalid_request' },
  // search
  invalid_search_q: { status: 400, type: 'invalid_request' },
  invalid_search_filter: { status: 400, type: 'invalid_request' },
  invalid_search_sort: { status: 400, type: 'invalid_request' },
  invalid_search_facets: { status: 400, type: 'invalid_request' },
  invalid_search_offset: { status: 400, type: 'invalid_request' },
  invalid_search_limit: { status: 400, type: 'invalid_request' },
  invalid_search_page: { status: 400, type: 'invalid_request' },
  invalid_search_hits_per_page: { status: 400, type: 'invalid_request' },
  invalid_search_attributes_to_retrieve: { status: 400, type: 'invalid_request' },
  invalid_search_attributes_to_highlight: { status: 400, type: 'invalid_request' },
  invalid_search_attributes_to_crop: { status: 400, type: 'invalid_request' },
  invalid_search_attributes_to_search_on: { status: 400, type: 'invalid_request' },
  invalid_search_crop_length: { status: 400, type: 'invalid_request' },
  invalid_search_crop_marker: { status: 400, type: 'invalid_request' },
  invalid_search_highlight_pre_tag: { status: 400, type: 'invalid_request' },
  invalid_search_highlight_post_tag: { status: 400, type: 'invalid_request' },
  invalid_search_matching_strategy: { status: 400, type: 'invalid_request' },
  invalid_search_distinct: { status: 400, type: 'invalid_request' },
  invalid_search_show_matches_position: { status: 400, type: 'invalid_request' },
  invalid_search_show_ranking_score: { status: 400, type: 'invalid_request' },
  invalid_search_show_ranking_score_details: { status: 400, type: 'invalid_request' },
  // settings
  invalid_settings_searchable_attributes: { status: 400, type: 'invalid_request' },
  invalid_settings_displayed_attributes: { status: 400, type: 'invalid_request' },
  invalid_settings_filterable_attributes: { status: 400, type: 'invalid_request' },
  invalid_settings_sortable_attributes: { status: 400, type: 'invalid_request' },
  invalid_settings_ranking_rules: { status: 400, type: 'invalid_request' },
  invalid_settings_stop_words: { status: 400, type: 'invalid_request' },
  invalid_settings_synonyms: { status: 400, type: 'invalid_request' },
  invalid_settings_distinct_attribute: { status: 400, type: 'invalid_request' },
  invalid_settings_typo_tolerance: { status: 400, type: 'invalid_request' },
  invalid_settings_pagination: { status: 400, type: 'invalid_request' },
  invalid_settings_faceting: { status: 400, type: 'invalid_request' },
  invalid_settings_separator_tokens: { status: 400, type: 'invalid_request' },
  invalid_settings_non_separator_tokens: { status: 400, type: 'invalid_request' },
  invalid_settings_dictionary: { status: 400, type: 'invalid_request' },
  invalid_settings_proximity_precision: { status: 400, type: 'invalid_request' },
  invalid_settings_korean: { status: 400, type: 'invalid_request' },
  // generic input
  bad_request: { status: 400, type: 'invalid_request' },
  malformed_payload: { status: 400, type: 'invalid_request' },
  missing_payload: { status: 400, type: 'invalid_request' },
  payload_too_large: { status: 413, type: 'invalid_request' },
  invalid_content_type: { status: 415, type: 'invalid_request' },
  missing_content_type: { status: 415, type: 'invalid_request' },
  invalid_encoding: { status: 400, type: 'invalid_request' },
  // server: routes, auth and keys
  not_found: { status: 404, type: 'invalid_request' },
  missing_authorization_header: { status: 401, type: 'auth' },
  missing_master_key: { status: 401, type: 'auth' },
  invalid_api_key: { status: 403, type: 'auth' },
  api_key_not_found: { status: 404, type: 'invalid_request' },
  api_key_already_exists: { status: 409, type: 'invalid_request' },
  invalid_api_key_actions: { status: 400, type: 'invalid_request' },
  invalid_api_key_indexes: { status: 400, type: 'invalid_request' },
  invalid_api_key_expires_at: { status: 400, type: 'invalid_request' },
  invalid_api_key_description: { status: 400, type: 'invalid_request' },
  invalid_api_key_name: { status: 400, type: 'invalid_request' },
  invalid_api_key_uid: { status: 400, type: 'invalid_request' },
  invalid_api_key_offset: { status: 400, type: 'invalid_request' },
  invalid_api_key_limit: { status: 400, type: 'invalid_request' },
  missing_api_key_actions: { status: 400, type: 'invalid_request' },
  missing_api_key_indexes: { status: 400, type: 'invalid_request' },
  missing_api_key_expires_at: { status: 400, type: 'invalid_request' },
  immutable_api_key_uid: { status: 400, type: 'invalid_request' },
  immutable_api_key_actions: { status: 400, type: 'invalid_request' },
  immutable_api_key_indexes: { status: 400, type: 'invalid_request' },
  immutable_api_key_expires_at: { status: 400, type: 'invalid_request' },
  immutable_api_key_created_at: { status: 400, type: 'invalid_request' },
  immutable_api_key_updated_at: { status: 400, type: 'invalid_request' },
  // server: indexes
  missing_index_uid: { status: 400, type: 'invalid_request' },
  invalid_index_offset: { status: 400, type: 'invalid_request' },
  invalid_index_limit: { status: 400, type: 'invalid_request' },
  immutable_index_uid: { status: 400, type: 'invalid_request' },
  immutable_index_created_at: { status: 400, type: 'invalid_request' },
  immutable_index_updated_at: { status: 400, type: 'invalid_request' },
  invalid_swap_indexes: { status: 400, type: 'invalid_request' },
  missing_swap_indexes: { status: 400, type: 'invalid_request' },
  invalid_swap_duplicate_index_found: { status: 400, type: 'invalid_request' },
  // server: tasks
  task_not_found: { status: 404, type: 'invalid_request' },
  missing_task_filters: { status: 400, type: 'invalid_request' },
  invalid_task_uids: { status: 400, type: 'invalid_request' },
  invalid_task_batch_uids: { status: 400, type: 'invalid_request' },
  invalid_task_statuses: { status: 400, type: 'invalid_request' },
  invalid_task_types: { status: 400, type: 'invalid_request' },
  invalid_task_canceled_by: { status: 400, type: 'invalid_request' },
  invalid_task_limit: { status: 400, type: 'invalid_request' },
  invalid_task_from: { status: 400, type: 'invalid_request' },
  invalid_task_reverse: { status: 400, type: 'invalid_request' },
  invalid_task_before_enqueued_at: { status: 400, type: 'invalid_request' },
  invalid_task_after_enqueued_at: { status: 400, type: 'invalid_request' },
  invalid_task_before_started_at: { status: 400, type: 'invalid_request' },
  invalid_task_after_started_at: { status: 400, type: 'invalid_request' },
  invalid_task_before_finished_at: { status: 400, type: 'invalid_request' },
  invalid_task_after_finished_at: { status: 400, type: 'invalid_request' },
  // server: dumps
  dump_process_failed: { status: 500, type: 'internal' },
  // server: search extras, multi-search and facet search
  invalid_search_ranking_score_threshold: { status: 400, type: 'invalid_request' },
  invalid_search_locales: { status: 400, type: 'invalid_request' },
  invalid_multi_search_federated: { status: 400, type: 'invalid_request' },
  invalid_multi_search_federation_options: { status: 400, type: 'invalid_request' },
  invalid_multi_search_weight: { status: 400, type: 'invalid_request' },
  invalid_multi_search_query_pagination: { status: 400, type: 'invalid_request' },
  invalid_multi_search_query_facets: { status: 400, type: 'invalid_request' },
  invalid_multi_search_facets_by_index: { status: 400, type: 'invalid_request' },
  invalid_multi_search_merge_facets: { status: 400, type: 'invalid_request' },
  missing_facet_search_facet_name: { status: 400, type: 'invalid_request' },
  invalid_facet_search_facet_name: { status: 400, type: 'invalid_request' },
  invalid_facet_search_facet_query: { status: 400, type: 'invalid_request' },
  invalid_document_csv_delimiter: { status: 400, type: 'invalid_request' },
  // alerts
  alert_not_found: { status: 404, type: 'invalid_request' },
  missing_alert_name: { status: 400, type: 'invalid_request' },
  missing_alert_q: { status: 400, type: 'invalid_request' },
  missing_alert_channel: { status: 400, type: 'invalid_request' },
  invalid_alert_name: { status: 400, type: 'invalid_request' },
  invalid_alert_q: { status: 400, type: 'invalid_request' },
  invalid_alert_filter: { status: 400, type: 'invalid_request' },
  invalid_alert_matching_strategy: { status: 400, type: 'invalid_request' },
  invalid_alert_channel: { status: 400, type: 'invalid_request' },
  invalid_alert_mode: { status: 400, type: 'invalid_request' },
  invalid_alert_schedule: { status: 400, type: 'invalid_request' },
  invalid_alert_offset: { status: 400, type: 'invalid_request' },
  invalid_alert_limit: { status: 400, type: 'invalid_request' },
  invalid_alert_stream: { status: 400, type: 'invalid_request' },
  immutable_alert_field: { status: 400, type: 'invalid_request' },
  // workspaces (Kachi): the platform's workspaces, their quotas and their archives
  workspace_not_found: { status: 404, type: 'invalid_request' },
  workspace_already_exists: { status: 409, type: 'invalid_request' },
  invalid_workspace_id: { status: 400, type: 'invalid_request' },
  invalid_workspace_name: { status: 400, type: 'invalid_request' },
  invalid_workspace_limits: { status: 400, type: 'invalid_request' },
  invalid_workspace_usage_range: { status: 400, type: 'invalid_request' },
  workspace_quota_exceeded: { status: 429, type: 'invalid_request' },
  workspace_rate_limited: { status: 429, type: 'invalid_request' },
  invalid_archive: { status: 400, type: 'invalid_request' },
  invalid_archive_passphrase: { status: 400, type: 'invalid_request' },
  export_not_found: { status: 404, type: 'invalid_request' },
  // storage
  database_size_limit_reached: { status: 500, type: 'internal' },
  unsupported_format_version: { status: 500, type: 'system' },
  internal: { status: 500, type: 'internal' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/** The one error type Kachi throws. `message` says what was wrong and what to do next. */
export class KachiError extends Error {
  readonly code: ErrorCode;
  /** Seconds a client should wait before retrying (sent as `Retry-After` with 429 answers). */
  readonly retryAfter: number | undefined;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown; retryAfter?: number }) {
    super(message, options);
    this.name = 'KachiError';
    this.code = code;
    this.retryAfter = options?.retryAfter;
  }
  get status(): number {
    return ERROR_CATALOGUE[this.code].status;
  }
  get type(): ErrorType {
    return ERROR_CATALOGUE[this.code].type;
  }
}

/** Meilisearch-style error body, e.g. for `index_not_found`. */
export interface ErrorBody {
  message: string;
  code: string;
  type: ErrorType;
  link: string;
}

export function toErrorBody(error: KachiError): ErrorBody {
  return {
    message: error.message,
    code: error.code,
    type: error.type,
    link: `https://docs.meilisearch.com/errors#${error.code}`,
  };
}

export function isKachiError(value: unknown): value is KachiError {
  return value instanceof KachiError;
}
