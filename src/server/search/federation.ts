// Federated multi-search: several queries merged into one ranked list by weighted ranking score.
import type { Engine } from '../../engine-types.ts';
import type { FacetStats, Hit, SearchResponse } from '../../search-types.ts';
import type { AuthContext } from '../auth/authorize.ts';
import { getPath } from '../../documents.ts';
import { runSearch } from './run-search.ts';
import type { ParsedSearch } from './search-params.ts';

export interface FederatedQuery {
  indexUid: string;
  search: ParsedSearch;
  weight: number;
}

export interface FederationOptions {
  offset: number;
  limit: number;
  facetsByIndex?: Record<string, string[]>;
  mergeFacets?: { maxValuesPerFacet?: number };
}

interface Ranked {
  hit: Hit;
  score: number;
  position: number;
  order: number;
}

/** Runs every query for `offset + limit` hits, weights their scores, keeps each document once and merges. */
export function federatedSearch(
  engine: Engine,
  queries: readonly FederatedQuery[],
  federation: FederationOptions,
  auth: AuthContext,
  runQuery: (position: number, run: () => SearchResponse) => SearchResponse,
): Record<string, unknown> {
  const started = performance.now();
  const ranked: Ranked[] = [];
  const best = new Map<string, Ranked>();
  let estimatedTotalHits = 0;
  queries.forEach((query, position) => {
    const index = engine.getIndex(query.indexUid);
    const wantScore = query.search.request.showRankingScore === true;
    const search: ParsedSearch = {
      ...query.search,
      request: { ...query.search.request, offset: 0, limit: federation.offset + federation.limit, showRankingScore: true },
    };
    const response = runQuery(position, () => runSearch(index, search, auth));
    estimatedTotalHits += response.estimatedTotalHits ?? response.totalHits ?? response.hits.length;
    const primaryKey = index.info().primaryKey;
    response.hits.forEach((hit, order) => {
      const score = (typeof hit._rankingScore === 'number' ? hit._rankingScore : 0) * query.weight;
      if (!wantScore) delete hit._rankingScore;
      hit._federation = { indexUid: query.indexUid, queriesPosition: position, weightedRankingScore: score };
      const entry: Ranked = { hit, score, position, order };
      const id = primaryKey === null ? undefined : getPath(hit as Record<string, never>, primaryKey);
      if (id === undefined || id === null) return void ranked.push(entry);
      const key = `${query.indexUid}\u0000${JSON.stringify(id)}`;
      const previous = best.get(key);
      if (previous === undefined || previous.score < score) best.set(key, entry);
    });
  });
  ranked.push(...best.values());
  ranked.sort((a, b) => b.score - a.score || a.position - b.position || a.order - b.order);
  const out: Record<string, unknown> = {
    hits: ranked.slice(federation.offset, federation.offset + federation.limit).map((entry) => entry.hit),
    processingTimeMs: Math.round(performance.now() - started),
    limit: federation.limit,
    offset: federation.offset,
    estimatedTotalHits,
  };
  if (federation.facetsByIndex !== undefined) Object.assign(out, facets(engine, queries, federation, auth));
  return out;
}

/** `facetsByIndex`: each index's facets over its first query; `mergeFacets` sums them into one distribution. */
function facets(
  engine: Engine,
  queries: readonly FederatedQuery[],
  federation: FederationOptions,
  auth: AuthContext,
): Record<string, unknown> {
  const byIndex: Record<string, { distribution: Record<string, Record<string, number>>; stats: Record<string, FacetStats> }> = {};
  for (const [indexUid, names] of Object.entries(federation.facetsByIndex ?? {})) {
    const query = queries.find((candidate) => candidate.indexUid === indexUid);
    const search: ParsedSearch = {
      ...(query?.search ?? { request: {} }),
      request: { ...(query?.search.request ?? {}), facets: names, limit: 0, offset: 0 },
    };
    const response = runSearch(engine.getIndex(indexUid), search, auth);
    byIndex[indexUid] = { distribution: response.facetDistribution ?? {}, stats: response.facetStats ?? {} };
  }
  if (federation.mergeFacets === undefined) return { facetsByIndex: byIndex };
  const distribution: Record<string, Record<string, number>> = {};
  const stats: Record<string, FacetStats> = {};
  for (const entry of Object.values(byIndex)) {
    for (const [facet, values] of Object.entries(entry.distribution)) {
      const merged = (distribution[facet] ??= {});
      for (const [value, count] of Object.entries(values)) merged[value] = (merged[value] ?? 0) + count;
    }
    for (const [facet, stat] of Object.entries(entry.stats)) {
      const current = stats[facet];
      stats[facet] = current === undefined ? { ...stat } : { min: Math.min(current.min, stat.min), max: Math.max(current.max, stat.max) };
    }
  }
  const max = federation.mergeFacets.maxValuesPerFacet;
  if (max !== undefined)
    for (const [facet, values] of Object.entries(distribution))
      distribution[facet] = Object.fromEntries(Object.entries(values).slice(0, max));
  return { facetDistribution: distribution, facetStats: stats };
}
