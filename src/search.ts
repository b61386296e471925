// Search orchestration: filter → plan → match and score → proximity → sort → distinct → page →
// facets → format. Each step lives in its own module; this file only sequences them.
import { KachiError } from './errors.ts';
import type { KachiIndexImpl } from './kachi-index.ts';
import { parseQuery } from './query/parse.ts';
import { buildPlan, type ExpandContext } from './query/expand.ts';
import { isEmptyPlan, type QueryPlan } from './query/plan.ts';
import { executePlan, executeTopK, type Candidate } from './query/execute.ts';
import { addProximity, addProximityToBest, DEFAULT_PROXIMITY } from './rank/proximity.ts';
import { DEFAULT_BM25F, idf, maxTermScore, type FieldStatistics } from './rank/bm25f.ts';
import { BIGRAM_WEIGHT, fieldStatistics, fieldWeight } from './rank/weights.ts';
import { createSortComparator, parseSort } from './query/sort.ts';
import { facetDistribution, facetStats } from './index/facet-distribution.ts';
import { facetSearch } from './index/facet-search.ts';
import type { FormattedHit } from './query/format-hit.ts';
import { formatDocuments, formatOptionsOf, wantsFormatting, type FormatJob } from './query/format-hits.ts';
import { formatOffThread } from './query/format-thread.ts';
import { pickAttributes } from './query/retrieve.ts';
import { explainCandidate } from './rank/explain.ts';
import type { Document, DocumentsPage, DocumentsQuery, FacetSearchRequest, FacetSearchResponse, Hit, SearchRequest, SearchResponse } from './search-types.ts';
import { Bitset } from './index/bitset.ts';

/** How many of the best candidates get the proximity bonus. */
const PROXIMITY_DEPTH = 100;

function statisticsOf(index: KachiIndexImpl, attributesToSearchOn?: string[] | null): FieldStatistics {
  return fieldStatistics(index.fieldIds.names(), (id) => index.inverted.averageFieldLength(id), attributesToSearchOn);
}

/** A page ranked and read, waiting for its formatting (format-hits.ts), which may happen on another thread. */
interface RankedPage {
  started: number;
  /** The response with `hits` still empty. */
  response: SearchResponse;
  /** Each hit's retrieved attributes, and what follows its formatted fields (scores, explanation). */
  hits: Array<{ retrieved: Hit; after: Hit }>;
  /** Null when the request asks for no formatting. */
  job: FormatJob | null;
}

export function runSearch(index: KachiIndexImpl, request: SearchRequest): SearchResponse {
  const page = rankPage(index, request);
  return finishPage(page, page.job && formatDocuments(page.job, index.analyzer));
}

/** runSearch, with the page formatted on the format thread when it is warm; the same response. */
export async function runSearchFormattingOffThread(index: KachiIndexImpl, request: SearchRequest): Promise<SearchResponse> {
  const page = rankPage(index, request);
  if (page.job === null) return finishPage(page, null);
  const analyzer = index.analyzer;
  const formatted = (await formatOffThread(page.job, index.analyzerConfig)) ?? formatDocuments(page.job, analyzer);
  return finishPage(page, formatted);
}

function finishPage(page: RankedPage, formatted: FormattedHit[] | null): SearchResponse {
  const { response } = page;
  response.hits = page.hits.map(({ retrieved, after }, i) => Object.assign(retrieved, formatted?.[i], after));
  response.processingTimeMs = Math.round(performance.now() - page.started);
  return response;
}

function rankPage(index: KachiIndexImpl, request: SearchRequest): RankedPage {
  const started = performance.now();
  const allowed = index.filterDocNums(request.filter ?? null);
  const q = request.q ?? '';
  const plan = planFor(index, q, request);
  const paged = request.page !== undefined || request.hitsPerPage !== undefined;
  const hitsPerPage = request.hitsPerPage ?? 20;
  const page = request.page ?? 1;
  const offset = paged ? (page - 1) * hitsPerPage : request.offset ?? 0;
  const limit = paged ? hitsPerPage : request.limit ?? 20;
  const distinct = request.distinct ?? index.settings.distinctAttribute;
  // Ranked by score alone, only the best `depth` can reach the page (proximity reorders within them);
  // sort, distinct and facets need every match.
  const byScoreOnly = !request.sort?.length && !distinct && !request.facets?.length;
  const depth = Math.max(PROXIMITY_DEPTH, offset + limit);
  const { candidates, total: matched } = isEmptyPlan(plan)
    ? { candidates: placeholder(index, allowed), total: allowed.count() }
    : executeTopK(plan, executeContext(index, allowed, request), byScoreOnly ? depth : Infinity);
  rank(index, plan, candidates, depth, byScoreOnly ? offset + limit : null);
  const ordered = sortCandidates(index, candidates, request);
  const unique = distinct ? dedupeBy(index, ordered, distinct) : ordered;

  const maxTotalHits = index.settings.pagination.maxTotalHits ?? 1000;
  const total = Math.min(byScoreOnly ? matched : unique.length, maxTotalHits);
  const window = unique.slice(Math.min(offset, total), Math.min(offset + limit, total));
  const maxScore = maxPlanScore(index, plan);
  const { hits, job } = readHits(index, plan, window, maxScore, request);

  const response: SearchResponse = { hits: [], query: q, processingTimeMs: 0 };
  if (paged) Object.assign(response, { hitsPerPage, page, totalPages: hitsPerPage > 0 ? Math.ceil(total / hitsPerPage) : 0, totalHits: total });
  else Object.assign(response, { limit, offset, estimatedTotalHits: total });
  if (request.facets && request.facets.length > 0) {
    const matched = new Bitset(0);
    for (const c of candidates) matched.add(c.docNum);
    const filterable = index.settings.filterableAttributes;
    response.facetDistribution = facetDistribution(index.facets, request.facets, matched, { ...index.settings.faceting, filterable });
    response.facetStats = facetStats(index.facets, request.facets, matched, { filterable });
  }
  return { started, response, hits, job };
}

function planFor(index: KachiIndexImpl, q: string, request: SearchRequest): QueryPlan {
  const context: ExpandContext = {
    analyzer: index.analyzer,
    settings: index.settings,
    docFreq: (term) => index.inverted.docFreq(term),
    termsWithPrefix: (prefix, limit) => index.inverted.termsWithPrefix(prefix, limit),
    variants: () => index.variants(),
    matchingStrategy: request.matchingStrategy ?? 'last',
  };
  return buildPlan(parseQuery(q), context);
}

function executeContext(index: KachiIndexImpl, allowed: Bitset, request: SearchRequest) {
  return { index: index.inverted, stats: statisticsOf(index, request.attributesToSearchOn), params: DEFAULT_BM25F, bigramWeight: BIGRAM_WEIGHT, allowed };
}

function placeholder(index: KachiIndexImpl, allowed: Bitset): Candidate[] {
  const out: Candidate[] = [];
  for (const docNum of allowed) {
    const segment = index.inverted.segmentOf(docNum);
    if (segment) out.push({ docNum, score: 0, unitMask: 0, segment, local: segment.localOf(docNum) });
  }
  return out;
}

/**
 * Adds the proximity bonus to the best candidates (by BM25F) so that close query words rank first. When only
 * the first `pageEnd` of the final order are shown, candidates that cannot reach them get no bonus.
 */
function rank(index: KachiIndexImpl, plan: QueryPlan, candidates: Candidate[], depth: number, pageEnd: number | null): void {
  if (plan.units.length < 2 || index.settings.proximityPrecision === 'byAttribute') return;
  candidates.sort(byScore);
  const count = Math.max(index.inverted.indexedDocumentCount, 1);
  const unitIdf = plan.units.map((u) => Math.max(0, ...u.variants.map((v) => idf(index.inverted.docFreq(v.term), count))));
  const best = candidates.slice(0, depth);
  if (pageEnd === null) addProximity(best, plan.units, unitIdf, DEFAULT_PROXIMITY);
  else addProximityToBest(best, plan.units, unitIdf, DEFAULT_PROXIMITY, pageEnd);
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.docNum - b.docNum;
}

function sortCandidates(index: KachiIndexImpl, candidates: Candidate[], request: SearchRequest): Candidate[] {
  if (!request.sort || request.sort.length === 0) return candidates.sort(byScore);
  const compare = createSortComparator(index.facets, parseSort(request.sort, index.settings.sortableAttributes));
  const rules = index.settings.rankingRules;
  const wordsFirst = rules.indexOf('words') !== -1 && rules.indexOf('words') < rules.indexOf('sort');
  const words = (c: Candidate) => popcount(c.unitMask);
  return candidates.sort((a, b) => {
    if (wordsFirst && words(a) !== words(b)) return words(b) - words(a);
    return compare(a.docNum, b.docNum) || byScore(a, b);
  });
}

function dedupeBy(index: KachiIndexImpl, candidates: Candidate[], attribute: string): Candidate[] {
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const field = index.facets.fieldId(attribute);
    const values = [...index.facets.valueIdsOf(c.docNum)].filter((vid) => index.facets.value(vid)?.field === field).sort();
    if (field === undefined || values.length === 0) return true;
    const key = values.join(',');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function maxPlanScore(index: KachiIndexImpl, plan: QueryPlan): number {
  const count = Math.max(index.inverted.indexedDocumentCount, 1);
  const best = (terms: Array<{ term: string; weight: number }>) => Math.max(0, ...terms.map((v) => v.weight * maxTermScore(idf(index.inverted.docFreq(v.term), count), DEFAULT_BM25F)));
  let total = 0;
  for (const unit of plan.units) total += best(unit.variants) * fieldWeight(0);
  for (const bigram of plan.bigrams) total += BIGRAM_WEIGHT * best([bigram]) * fieldWeight(0);
  return total;
}

/** The page's documents, what of them is retrieved and scored, and the job that formats them. */
function readHits(index: KachiIndexImpl, plan: QueryPlan, window: Candidate[], maxScore: number, request: SearchRequest): Pick<RankedPage, 'hits' | 'job'> {
  const formatting = wantsFormatting(request);
  const found = readDocuments(index, window, formatting ? null : topLevelNames(request.attributesToRetrieve), formatting);
  const displayed = index.settings.displayedAttributes;
  const job: FormatJob | null = formatting
    ? {
        documents: found.map((f) => f.document),
        searchable: index.settings.searchableAttributes,
        terms: [...new Set(plan.units.flatMap((u) => u.variants.map((v) => v.term)))],
        ...matchedUnits(plan, found.map((f) => f.candidate), request),
        matchTokens: found.map((f) => f.matchTokens),
        options: formatOptionsOf(request, displayed),
      }
    : null;
  const hits = found.map(({ candidate, document }) => {
    const retrieved: Hit = pickAttributes(document, request.attributesToRetrieve ?? ['*'], displayed);
    const after: Hit = {};
    const score = isEmptyPlan(plan) ? 1 : Math.min(1, maxScore > 0 ? candidate.score / maxScore : 0);
    if (request.showRankingScore) after._rankingScore = round(score);
    if (request.showRankingScoreDetails)
      after._rankingScoreDetails = {
        words: { order: 0, matchingWords: popcount(candidate.unitMask), maxMatchingWords: plan.units.length, score: plan.units.length > 0 ? round(popcount(candidate.unitMask) / plan.units.length) : 1 },
        bm25f: { order: 1, score: round(score), rawScore: round(candidate.score) },
      };
    if (request.explain) after._explain = explainCandidate(index, plan, candidate) as unknown as Hit[string];
    return { retrieved, after };
  });
  return { hits, job };
}

/**
 * The window's stored documents (those still there), whole or, when `names` is given, only those top-level
 * attributes: enough for hits that show nothing else.
 */
function readDocuments(index: KachiIndexImpl, window: readonly Candidate[], names: readonly string[] | null, matchTokens: boolean) {
  const docNums = window.map((c) => c.docNum);
  if (names !== null) {
    const picked = index.store.attributesByDocNums(docNums, names);
    return window.flatMap((candidate) => {
      const json = picked.get(candidate.docNum);
      return json === undefined ? [] : [{ candidate, document: JSON.parse(json) as Document, matchTokens: null }];
    });
  }
  const stored = index.store.byDocNums(docNums, { matchTokens });
  return window.flatMap((candidate) => {
    const row = stored.get(candidate.docNum);
    return row ? [{ candidate, document: JSON.parse(row.body) as Document, matchTokens: row.matchTokens ?? null }] : [];
  });
}

/**
 * `attributesToRetrieve` when it names top-level attributes only (no `*`, no dotted path): picking those from a
 * document gives what pickAttributes takes from the whole one. Null otherwise.
 */
function topLevelNames(attributes: readonly string[] | null | undefined): readonly string[] | null {
  if (!Array.isArray(attributes) || attributes.length === 0) return null;
  return attributes.every((a) => typeof a === 'string' && !a.includes('*') && !a.includes('.')) ? attributes : null;
}

/**
 * Which units each hit matched, for formatting to look for those units' terms only (FormatJob.unitMasks).
 * A candidate's mask is complete: every unit's lists were read for the documents that reach a page. It says
 * nothing of fields left out of attributesToSearchOn, where formatting still looks, so those searches have none.
 */
function matchedUnits(plan: QueryPlan, candidates: readonly Candidate[], request: SearchRequest): Pick<FormatJob, 'unitTerms' | 'unitMasks'> {
  if (isEmptyPlan(plan) || (request.attributesToSearchOn !== undefined && request.attributesToSearchOn !== null)) return {};
  return { unitTerms: plan.units.map((u) => u.variants.map((v) => v.term)), unitMasks: candidates.map((c) => c.unitMask) };
}

export function runFacetSearch(index: KachiIndexImpl, request: FacetSearchRequest): FacetSearchResponse {
  const started = performance.now();
  if (!index.settings.filterableAttributes.includes(request.facetName))
    throw new KachiError('invalid_search_facets', `Attribute \`${request.facetName}\` is not facet-searchable. This index does not have configured filterable attributes.`);
  const search = runSearchCandidates(index, request.q ?? '', request.filter ?? null, request.matchingStrategy);
  const order = index.settings.faceting.sortFacetValuesBy?.[request.facetName] ?? index.settings.faceting.sortFacetValuesBy?.['*'];
  const facetHits = facetSearch(index.facets, request.facetName, request.facetQuery ?? '', search, { sortFacetValuesBy: order ?? 'alpha' });
  return { facetHits, facetQuery: request.facetQuery ?? null, processingTimeMs: Math.round(performance.now() - started) };
}

/** The matching documents of a query, as a bitset (for facet search). */
function runSearchCandidates(index: KachiIndexImpl, q: string, filter: SearchRequest['filter'], matchingStrategy: SearchRequest['matchingStrategy']): Bitset {
  const allowed = index.filterDocNums(filter ?? null);
  const plan = planFor(index, q, { matchingStrategy });
  if (isEmptyPlan(plan)) return allowed;
  const out = new Bitset(0);
  for (const c of executePlan(plan, executeContext(index, allowed, {}))) out.add(c.docNum);
  return out;
}

export function readDocument(index: KachiIndexImpl, extId: string, fields: string[] | null): Document {
  const [row] = index.store.findByExtIds([extId]);
  if (!row) throw new KachiError('document_not_found', `Document \`${extId}\` not found.`);
  return pickAttributes(JSON.parse(row.body) as Document, fields ?? ['*'], index.settings.displayedAttributes) as Document;
}

export function listDocuments(index: KachiIndexImpl, query: DocumentsQuery): DocumentsPage {
  const offset = query.offset ?? 0;
  const limit = query.limit ?? 20;
  const fields = query.fields ?? ['*'];
  const pick = (body: string) => pickAttributes(JSON.parse(body) as Document, fields, index.settings.displayedAttributes) as Document;
  if ((query.filter === undefined || query.filter === null) && !query.ids) {
    const results = [...index.store.iterate({ offset, limit })].map((d) => pick(d.body));
    return { results, offset, limit, total: index.store.count() };
  }
  let docNums = [...index.filterDocNums(query.filter ?? null, 'invalid_document_filter')];
  if (query.ids) {
    const wanted = new Set(index.store.findByExtIds(query.ids.map(String)).map((d) => d.docNum));
    docNums = docNums.filter((n) => wanted.has(n));
  }
  const rows = index.store.byDocNums(docNums.slice(offset, offset + limit));
  return { results: [...rows.values()].map((d) => pick(d.body)), offset, limit, total: docNums.length };
}

function popcount(x: number): number {
  let n = 0;
  for (let v = x >>> 0; v !== 0; v &= v - 1) n++;
  return n;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
