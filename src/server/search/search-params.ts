// Search parameters from a POST body or a GET query string → a validated SearchRequest, with Meilisearch's codes.
import { KachiError, type ErrorCode } from '../../errors.ts';
import type { Filter, Json, MatchingStrategy, SearchRequest } from '../../search-types.ts';
import {
  paramBoolean,
  paramCount,
  paramError,
  paramList,
  paramNumber,
  rejectUnknownParams,
  type QueryParams,
} from '../query-params.ts';
import {
  expectObject,
  readBoolean,
  readCount,
  readString,
  readStringList,
  rejectUnknownFields,
  typeError,
  unknownValueError,
  type JsonObject,
} from '../validate.ts';

/** Every parameter a search accepts, in Meilisearch's order; `explain` is Kachi's. */
export const SEARCH_FIELDS = [
  'q',
  'offset',
  'limit',
  'page',
  'hitsPerPage',
  'attributesToRetrieve',
  'retrieveVectors',
  'attributesToCrop',
  'cropLength',
  'attributesToHighlight',
  'showMatchesPosition',
  'showRankingScore',
  'showRankingScoreDetails',
  'filter',
  'sort',
  'distinct',
  'facets',
  'highlightPreTag',
  'highlightPostTag',
  'cropMarker',
  'matchingStrategy',
  'attributesToSearchOn',
  'rankingScoreThreshold',
  'locales',
  'explain',
] as const;

const STRATEGIES: readonly MatchingStrategy[] = ['last', 'all', 'frequency'];

/** A search request plus the parameters the server applies itself. */
export interface ParsedSearch {
  request: SearchRequest;
  /** Hits scoring below this are dropped (Meilisearch's `rankingScoreThreshold`). */
  rankingScoreThreshold?: number;
}

/** Filter in string or array form (outer AND, inner OR); anything else is `invalid_search_filter`. */
export function readFilter(value: Json | undefined, code: ErrorCode, _path: string): Filter | null | undefined {
  if (value === undefined || value === null || typeof value === 'string') return value;
  const bad = (found: Json): KachiError =>
    new KachiError(code, `Invalid syntax for the filter parameter: \`expected String, Array, found: ${JSON.stringify(found)}\`.`);
  if (!Array.isArray(value)) throw bad(value);
  for (const item of value) {
    if (typeof item === 'string') continue;
    if (!Array.isArray(item)) throw bad(item);
    for (const inner of item)
      if (typeof inner !== 'string')
        throw new KachiError(code, `Invalid syntax for the filter parameter: \`expected String, found: ${JSON.stringify(inner)}\`.`);
  }
  return value as Filter;
}

function readStrategy(value: Json | undefined, path: string): MatchingStrategy | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw typeError('invalid_search_matching_strategy', path, 'a string', value);
  if (!(STRATEGIES as readonly string[]).includes(value))
    throw unknownValueError('invalid_search_matching_strategy', path, value, STRATEGIES);
  return value as MatchingStrategy;
}

function readThreshold(value: Json | undefined, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || value < 0 || value > 1)
    throw new KachiError(
      'invalid_search_ranking_score_threshold',
      `Invalid value${path === '' ? '' : ` at \`${path}\``}: the value of \`rankingScoreThreshold\` is invalid, expected a float between \`0.0\` and \`1.0\`.`,
    );
  return value;
}

/** Reads search fields from an object (a POST body, or one query of a multi-search at `path`). */
export function readSearchObject(object: JsonObject, path = '', extraFields: readonly string[] = []): ParsedSearch {
  rejectUnknownFields(object, [...SEARCH_FIELDS, ...extraFields], path);
  const p = (name: string): string => `${path}.${name}`;
  const q = object.q;
  if (q !== undefined && q !== null && typeof q !== 'string') throw typeError('invalid_search_q', p('q'), 'a string', q);
  if (readBoolean(object.retrieveVectors, 'bad_request', p('retrieveVectors')) === true)
    throw new KachiError('bad_request', 'Kachi stores no vectors: `retrieveVectors` must be `false`.');
  readStringList(object.locales, 'invalid_search_locales', p('locales'));
  const distinct = object.distinct;
  if (distinct !== undefined && distinct !== null && typeof distinct !== 'string')
    throw typeError('invalid_search_distinct', p('distinct'), 'a string', distinct);
  const request: SearchRequest = {
    q: q ?? undefined,
    offset: readCount(object.offset, 'invalid_search_offset', p('offset')),
    limit: readCount(object.limit, 'invalid_search_limit', p('limit')),
    page: readCount(object.page, 'invalid_search_page', p('page')),
    hitsPerPage: readCount(object.hitsPerPage, 'invalid_search_hits_per_page', p('hitsPerPage')),
    attributesToRetrieve: readStringList(object.attributesToRetrieve, 'invalid_search_attributes_to_retrieve', p('attributesToRetrieve')),
    attributesToCrop: readStringList(object.attributesToCrop, 'invalid_search_attributes_to_crop', p('attributesToCrop')),
    cropLength: readCount(object.cropLength, 'invalid_search_crop_length', p('cropLength')),
    attributesToHighlight: readStringList(object.attributesToHighlight, 'invalid_search_attributes_to_highlight', p('attributesToHighlight')),
    showMatchesPosition: readBoolean(object.showMatchesPosition, 'invalid_search_show_matches_position', p('showMatchesPosition')),
    showRankingScore: readBoolean(object.showRankingScore, 'invalid_search_show_ranking_score', p('showRankingScore')),
    showRankingScoreDetails: readBoolean(object.showRankingScoreDetails, 'invalid_search_show_ranking_score_details', p('showRankingScoreDetails')),
    filter: readFilter(object.filter, 'invalid_search_filter', p('filter')),
    sort: readStringList(object.sort, 'invalid_search_sort', p('sort')),
    distinct: distinct ?? undefined,
    facets: readStringList(object.facets, 'invalid_search_facets', p('facets')),
    highlightPreTag: readString(object.highlightPreTag, 'invalid_search_highlight_pre_tag', p('highlightPreTag')),
    highlightPostTag: readString(object.highlightPostTag, 'invalid_search_highlight_post_tag', p('highlightPostTag')),
    cropMarker: readString(object.cropMarker, 'invalid_search_crop_marker', p('cropMarker')),
    matchingStrategy: readStrategy(object.matchingStrategy, p('matchingStrategy')),
    attributesToSearchOn: readStringList(object.attributesToSearchOn, 'invalid_search_attributes_to_search_on', p('attributesToSearchOn')),
    explain: readBoolean(object.explain, 'bad_request', p('explain')),
  };
  return { request: prune(request), rankingScoreThreshold: readThreshold(object.rankingScoreThreshold, p('rankingScoreThreshold')) };
}

/** A POST /search body. */
export function readSearchBody(body: unknown): ParsedSearch {
  return readSearchObject(expectObject(body ?? {}));
}

/** A GET /search query string: lists are comma separated; a `filter` that parses as JSON is used as such. */
export function readSearchQuery(params: QueryParams): ParsedSearch {
  rejectUnknownParams(params, SEARCH_FIELDS);
  const strategy = params.matchingStrategy;
  if (strategy !== undefined && !(STRATEGIES as readonly string[]).includes(strategy))
    throw paramError('invalid_search_matching_strategy', 'matchingStrategy', `Unknown value \`${strategy}\`: expected one of \`last\`, \`all\`, \`frequency\``);
  const threshold = paramNumber(params, 'rankingScoreThreshold', 'invalid_search_ranking_score_threshold');
  const request: SearchRequest = {
    q: params.q,
    offset: paramCount(params, 'offset', 'invalid_search_offset'),
    limit: paramCount(params, 'limit', 'invalid_search_limit'),
    page: paramCount(params, 'page', 'invalid_search_page'),
    hitsPerPage: paramCount(params, 'hitsPerPage', 'invalid_search_hits_per_page'),
    attributesToRetrieve: paramList(params, 'attributesToRetrieve'),
    attributesToCrop: paramList(params, 'attributesToCrop'),
    cropLength: paramCount(params, 'cropLength', 'invalid_search_crop_length'),
    attributesToHighlight: paramList(params, 'attributesToHighlight'),
    showMatchesPosition: paramBoolean(params, 'showMatchesPosition', 'invalid_search_show_matches_position'),
    showRankingScore: paramBoolean(params, 'showRankingScore', 'invalid_search_show_ranking_score'),
    showRankingScoreDetails: paramBoolean(params, 'showRankingScoreDetails', 'invalid_search_show_ranking_score_details'),
    filter: params.filter === undefined ? undefined : filterFromQuery(params.filter),
    sort: paramList(params, 'sort'),
    distinct: params.distinct,
    facets: paramList(params, 'facets'),
    highlightPreTag: params.highlightPreTag,
    highlightPostTag: params.highlightPostTag,
    cropMarker: params.cropMarker,
    matchingStrategy: strategy as MatchingStrategy | undefined,
    attributesToSearchOn: paramList(params, 'attributesToSearchOn'),
    explain: paramBoolean(params, 'explain', 'bad_request'),
  };
  if (paramBoolean(params, 'retrieveVectors', 'bad_request') === true)
    throw new KachiError('bad_request', 'Kachi stores no vectors: `retrieveVectors` must be `false`.');
  return { request: prune(request), rankingScoreThreshold: readThreshold(threshold, '') };
}

function filterFromQuery(text: string): Filter {
  if (text.trimStart().startsWith('[')) {
    try {
      const parsed = JSON.parse(text) as Json;
      return readFilter(parsed, 'invalid_search_filter', 'filter') ?? text;
    } catch (error) {
      if (error instanceof KachiError) throw error;
    }
  }
  return text;
}

/** Drops undefined fields so the engine sees only what the caller sent. */
function prune(request: SearchRequest): SearchRequest {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(request)) if (value !== undefined) out[name] = value;
  return out as SearchRequest;
}

