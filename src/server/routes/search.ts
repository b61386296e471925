// GET and POST /indexes/:uid/search, and POST /indexes/:uid/facet-search.
import type { FastifyInstance } from 'fastify';
import { KachiError } from '../../errors.ts';
import type { FacetSearchRequest } from '../../search-types.ts';
import { readJsonBody } from '../body.ts';
import { queryParams } from '../query-params.ts';
import { indexUidParam, requireIndex } from '../route-helpers.ts';
import { mergeFilters, ruleFilterFor, runSearchAsync } from '../search/run-search.ts';
import { readFilter, readSearchBody, readSearchQuery } from '../search/search-params.ts';
import { expectObject, missingField, readString, readStringList, typeError, unknownValueError } from '../validate.ts';

/**
 * Unknown fields are ignored, not refused, as in Meilisearch (its FacetSearchQuery deliberately has no
 * deny_unknown_fields): clients send their whole search there. instant-meilisearch's searchable refinementList
 * posts `attributesToHighlight`, `highlightPreTag`, `hitsPerPage`, `page`… beside `facetName` and `facetQuery`.
 */
function readFacetSearch(body: unknown): FacetSearchRequest {
  const object = expectObject(body ?? {});
  if (object.facetName === undefined) throw missingField('missing_facet_search_facet_name', 'facetName');
  const facetName = readString(object.facetName, 'invalid_facet_search_facet_name', '.facetName') ?? '';
  const facetQuery = object.facetQuery === null ? undefined : readString(object.facetQuery, 'invalid_facet_search_facet_query', '.facetQuery');
  const q = object.q === null ? undefined : readString(object.q, 'invalid_search_q', '.q');
  const strategy = object.matchingStrategy;
  if (strategy !== undefined && typeof strategy !== 'string')
    throw typeError('invalid_search_matching_strategy', '.matchingStrategy', 'a string', strategy);
  if (strategy !== undefined && !['last', 'all', 'frequency'].includes(strategy))
    throw unknownValueError('invalid_search_matching_strategy', '.matchingStrategy', strategy, ['last', 'all', 'frequency']);
  const request: FacetSearchRequest = { facetName };
  if (facetQuery !== undefined) request.facetQuery = facetQuery;
  if (q !== undefined) request.q = q;
  const filter = readFilter(object.filter, 'invalid_search_filter', '.filter');
  if (filter !== undefined) request.filter = filter;
  if (strategy !== undefined) request.matchingStrategy = strategy as FacetSearchRequest['matchingStrategy'];
  const on = readStringList(object.attributesToSearchOn, 'invalid_search_attributes_to_search_on', '.attributesToSearchOn');
  if (on !== undefined) request.attributesToSearchOn = on;
  return request;
}

export function registerSearchRoutes(app: FastifyInstance): void {
  app.post('/indexes/:indexUid/search', { config: { action: 'search' } }, async (request) => {
    const uid = indexUidParam(request);
    const parsed = readSearchBody(readJsonBody(request));
    return runSearchAsync(requireIndex(request.ctx, uid), parsed, request.auth);
  });

  app.get('/indexes/:indexUid/search', { config: { action: 'search' } }, async (request) => {
    const uid = indexUidParam(request);
    const parsed = readSearchQuery(queryParams(request));
    return runSearchAsync(requireIndex(request.ctx, uid), parsed, request.auth);
  });

  app.post('/indexes/:indexUid/facet-search', { config: { action: 'search' } }, async (request) => {
    const uid = indexUidParam(request);
    const facetRequest = readFacetSearch(readJsonBody(request));
    const rule = ruleFilterFor(request.auth, uid);
    if (rule !== null) facetRequest.filter = mergeFilters(facetRequest.filter, rule) ?? null;
    try {
      return requireIndex(request.ctx, uid).facetSearch(facetRequest);
    } catch (error) {
      // The engine words a bad facet as a search error; on this route Meilisearch names the field.
      if (error instanceof KachiError && error.code === 'invalid_search_facets')
        throw new KachiError('invalid_facet_search_facet_name', error.message, { cause: error });
      throw error;
    }
  });
}
