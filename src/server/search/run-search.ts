// One search on one index: tenant-token rules merged into the filter, then the engine, then the score threshold.
import type { KachiIndex } from '../../engine-types.ts';
import type { Filter, SearchRequest, SearchResponse } from '../../search-types.ts';
import type { AuthContext } from '../auth/authorize.ts';
import { patternMatches } from '../index-uid.ts';
import type { ParsedSearch } from './search-params.ts';

/** The filter a tenant token imposes on `indexUid`: the rule of the most specific matching pattern. */
export function ruleFilterFor(auth: AuthContext, indexUid: string): Filter | null {
  const rules = auth.searchRules;
  if (rules === null || Array.isArray(rules)) return null;
  const matching = Object.keys(rules).filter((pattern) => patternMatches(pattern, indexUid));
  // An exact uid beats any pattern; among patterns the longest wins (`movies_fr*` over `movies*` over `*`).
  matching.sort((a, b) => Number(!b.endsWith('*')) - Number(!a.endsWith('*')) || b.length - a.length);
  const best = matching[0];
  return best === undefined ? null : (rules[best]?.filter ?? null);
}

function asAndList(filter: Filter): Array<string | string[]> {
  return typeof filter === 'string' ? [filter] : filter;
}

/** Both filters must hold: `a AND b`, in Meilisearch's array form. */
export function mergeFilters(a: Filter | null | undefined, b: Filter | null): Filter | null | undefined {
  if (b === null) return a;
  if (a === null || a === undefined) return b;
  return [...asAndList(a), ...asAndList(b)];
}

/** The engine's request for `parsed` on `index` with the caller's rules applied (scores asked for a threshold). */
function engineRequest(index: KachiIndex, parsed: ParsedSearch, auth: AuthContext): SearchRequest {
  const request: SearchRequest = { ...parsed.request };
  const rule = ruleFilterFor(auth, index.uid);
  if (rule !== null) request.filter = mergeFilters(request.filter, rule);
  if (parsed.rankingScoreThreshold !== undefined) request.showRankingScore = true;
  return request;
}

/** Drops the hits under the threshold, and their scores when the client did not ask for them. */
function applyThreshold(response: SearchResponse, parsed: ParsedSearch): SearchResponse {
  const threshold = parsed.rankingScoreThreshold;
  if (threshold === undefined) return response;
  response.hits = response.hits.filter((hit) => typeof hit._rankingScore === 'number' && hit._rankingScore >= threshold);
  if (parsed.request.showRankingScore !== true) for (const hit of response.hits) delete hit._rankingScore;
  return response;
}

/** Runs `parsed` on `index` with the caller's rules applied. */
export function runSearch(index: KachiIndex, parsed: ParsedSearch, auth: AuthContext): SearchResponse {
  return applyThreshold(index.search(engineRequest(index, parsed, auth)), parsed);
}

/** runSearch, with the hits formatted on the format thread (see KachiIndex.searchAsync). */
export async function runSearchAsync(index: KachiIndex, parsed: ParsedSearch, auth: AuthContext): Promise<SearchResponse> {
  return applyThreshold(await index.searchAsync(engineRequest(index, parsed, auth)), parsed);
}
