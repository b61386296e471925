// POST /multi-search: independent queries, or one federated result when `federation` is present.
import type { FastifyInstance } from 'fastify';
import { KachiError, isKachiError } from '../../errors.ts';
import { isIndexAllowed } from '../auth/authorize.ts';
import { readJsonBody } from '../body.ts';
import { checkIndexUid } from '../index-uid.ts';
import { requireIndex } from '../route-helpers.ts';
import { federatedSearch, type FederatedQuery, type FederationOptions } from '../search/federation.ts';
import { runSearch } from '../search/run-search.ts';
import { readSearchObject } from '../search/search-params.ts';
import { expectObject, missingField, readCount, rejectUnknownFields, typeError, valueError, type JsonObject } from '../validate.ts';

/** Errors inside one query carry its position, as Meilisearch words them: "Inside `.queries[1]`: …". */
function inside<T>(position: number, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!isKachiError(error) || error.message.startsWith('Inside `')) throw error;
    throw new KachiError(error.code, `Inside \`.queries[${position}]\`: ${error.message}`, { cause: error });
  }
}

const PAGINATION = ['offset', 'limit', 'page', 'hitsPerPage'];

function readWeight(query: JsonObject, path: string): number {
  if (query.federationOptions === undefined || query.federationOptions === null) return 1;
  const options = expectObject(query.federationOptions, 'invalid_multi_search_federation_options', `${path}.federationOptions`);
  rejectUnknownFields(options, ['weight'], `${path}.federationOptions`, () => 'invalid_multi_search_federation_options');
  const weight = options.weight;
  if (weight === undefined) return 1;
  if (typeof weight !== 'number' || !(weight >= 0))
    throw valueError(
      'invalid_multi_search_weight',
      `${path}.federationOptions.weight`,
      'the value of `weight` is invalid, expected a positive float (>= 0.0).',
    );
  return weight;
}

function readFederation(value: unknown): FederationOptions {
  const object = expectObject(value, 'invalid_multi_search_federated', '.federation');
  rejectUnknownFields(object, ['offset', 'limit', 'facetsByIndex', 'mergeFacets'], '.federation');
  const federation: FederationOptions = {
    offset: readCount(object.offset, 'invalid_search_offset', '.federation.offset') ?? 0,
    limit: readCount(object.limit, 'invalid_search_limit', '.federation.limit') ?? 20,
  };
  if (object.facetsByIndex !== undefined && object.facetsByIndex !== null) {
    const byIndex = expectObject(object.facetsByIndex, 'invalid_multi_search_facets_by_index', '.federation.facetsByIndex');
    federation.facetsByIndex = {};
    for (const [uid, names] of Object.entries(byIndex)) {
      checkIndexUid(uid);
      if (!Array.isArray(names) || !names.every((name) => typeof name === 'string'))
        throw typeError('invalid_multi_search_facets_by_index', `.federation.facetsByIndex.${uid}`, 'an array of strings', names);
      federation.facetsByIndex[uid] = names as string[];
    }
  }
  if (object.mergeFacets !== undefined && object.mergeFacets !== null) {
    const merge = expectObject(object.mergeFacets, 'invalid_multi_search_merge_facets', '.federation.mergeFacets');
    rejectUnknownFields(merge, ['maxValuesPerFacet'], '.federation.mergeFacets');
    federation.mergeFacets = {};
    const max = readCount(merge.maxValuesPerFacet, 'invalid_multi_search_merge_facets', '.federation.mergeFacets.maxValuesPerFacet');
    if (max !== undefined) federation.mergeFacets.maxValuesPerFacet = max;
  }
  return federation;
}

export function registerMultiSearchRoutes(app: FastifyInstance): void {
  app.post('/multi-search', { config: { action: 'search' } }, async (request) => {
    const body = expectObject(readJsonBody(request));
    rejectUnknownFields(body, ['queries', 'federation']);
    if (body.queries === undefined) throw missingField('bad_request', 'queries');
    if (!Array.isArray(body.queries)) throw typeError('bad_request', '.queries', 'an array', body.queries);
    const federated = body.federation !== undefined && body.federation !== null;
    const queries: FederatedQuery[] = body.queries.map((item, position) =>
      inside(position, () => {
        const path = `.queries[${position}]`;
        const query = expectObject(item, 'bad_request', path);
        if (query.indexUid === undefined) throw missingField('missing_index_uid', 'indexUid', path);
        if (typeof query.indexUid !== 'string') throw typeError('invalid_index_uid', `${path}.indexUid`, 'a string', query.indexUid);
        const indexUid = checkIndexUid(query.indexUid);
        if (!isIndexAllowed(request.auth, indexUid)) throw new KachiError('invalid_api_key', 'The provided API key is invalid.');
        if (!federated && query.federationOptions !== undefined)
          throw new KachiError(
            'invalid_multi_search_federation_options',
            `Using \`federationOptions\` is not allowed in a non-federated search.\n - Hint: remove \`federationOptions\` from query #${position} or add \`federation\` to the request.`,
          );
        if (federated) checkFederatedQuery(query, position, indexUid);
        const search = readSearchObject(query, path, ['indexUid', 'federationOptions']);
        requireIndex(request.ctx, indexUid);
        return { indexUid, search, weight: readWeight(query, path) };
      }),
    );
    if (federated) return federatedSearch(request.ctx.engine, queries, readFederation(body.federation), request.auth, inside);
    return {
      results: queries.map((query, position) =>
        inside(position, () => ({ indexUid: query.indexUid, ...runSearch(requireIndex(request.ctx, query.indexUid), query.search, request.auth) })),
      ),
    };
  });
}

function checkFederatedQuery(query: JsonObject, position: number, indexUid: string): void {
  const paging = PAGINATION.find((name) => query[name] !== undefined);
  if (paging !== undefined)
    throw new KachiError(
      'invalid_multi_search_query_pagination',
      `Using pagination options is not allowed in federated queries.\n - Hint: remove \`${paging}\` from query #${position} or remove \`federation\` from the request\n - Hint: pass \`federation.limit\` and \`federation.offset\` for pagination in federated search`,
    );
  if (query.facets !== undefined)
    throw new KachiError(
      'invalid_multi_search_query_facets',
      `Using facets is not allowed in federated queries.\n - Hint: remove \`facets\` from query #${position} or remove \`federation\` from the request\n - Hint: pass \`federation.facetsByIndex.${indexUid}: ${JSON.stringify(query.facets)}\` for facets in federated search`,
    );
}
