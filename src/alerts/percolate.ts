// Percolation: which saved alerts a chunk of just-written documents matches. An alert fires for a document
// exactly when that document would be among the results of the alert's search run right after the write
// (pagination and `distinct` aside): the same analyzer builds the document's terms, the same `buildPlan`
// expands the query against the index as it is now, the same `executePlan` matches it, and the same filter
// engine evaluates the filter (with the creator's tenant-token rules ANDed in). When no index-dependent
// expansion of the query can reach a document's terms, set membership gives the same answer without the plan
// (match-decision.ts).
import { Bitset } from '../index/bitset.ts';
import type { InvertedIndex } from '../index/inverted-index.ts';
import type { Segment } from '../index/segment.ts';
import { forEachKey, SegmentBuilder, type AnalysedDocument } from '../index/segment-builder.ts';
import type { PreparedDocuments } from '../engine-types.ts';
import { analyseDocuments } from '../indexing.ts';
import type { KachiIndexImpl } from '../kachi-index.ts';
import { buildPlan, type VariantSource } from '../query/expand.ts';
import { executePlan } from '../query/execute.ts';
import { evaluateFilter } from '../query/filter-eval.ts';
import { highlightRanges, selectRanges, type KeyedMatchRanges } from '../query/match-ranges.ts';
import { parseFilter } from '../query/filter-parse.ts';
import { parseQuery } from '../query/parse.ts';
import { isEmptyPlan, type QueryPlan } from '../query/plan.ts';
import { termsSpanWords } from '../query/word-filter.ts';
import { DEFAULT_BM25F, type FieldStatistics } from '../rank/bm25f.ts';
import { BIGRAM_WEIGHT, fieldStatistics } from '../rank/weights.ts';
import type { Document, Filter, MatchingStrategy } from '../search-types.ts';
import { formatMatch, type FormattedMatch } from './alert-hit.ts';
import type { AlertIndex, Candidates } from './alert-index.ts';
import { chosungKey, TYPO_LIMIT, type AlertKeys, type TypoWord } from './candidate-keys.ts';
import { decide, DocumentFacts, type DecisionContext } from './match-decision.ts';
import type { Alert } from './types.ts';

/** A document as written: its number in the index, its id and its stored body (merged, in update mode). */
export interface WrittenDocument {
  docNum: number;
  id: string;
  document: Document;
}

export interface AlertMatch extends FormattedMatch {
  alert: Alert;
  docId: string;
}

export interface PercolateOptions {
  index: KachiIndexImpl;
  alerts: AlertIndex;
  /** The alert behind a uid, when it may still fire (its creator's key still valid). */
  activeAlert(uid: string): Alert | undefined;
  /** The filter the alert's search runs with: its own, with the creator's rules ANDed in. */
  filterOf(alert: Alert): Filter | null;
  /** A filter that no longer evaluates (an attribute stopped being filterable): the alert is skipped. */
  onFilterError(alert: Alert, error: unknown): void;
  /** The analysis the write used, when done ahead: it serves the same texts here (kachi-index.ts analyzerFor). */
  prepared?: PreparedDocuments | null;
}

/** The plan a search for `q` would run on `index` now (the same steps as search.ts's planFor). */
export function planFor(
  index: KachiIndexImpl,
  q: string,
  matchingStrategy: MatchingStrategy,
  variants: () => VariantSource = () => index.variants(),
): QueryPlan {
  return buildPlan(parseQuery(q), {
    analyzer: index.analyzer,
    settings: index.settings,
    docFreq: (term) => index.inverted.docFreq(term),
    termsWithPrefix: (prefix, limit) => index.inverted.termsWithPrefix(prefix, limit),
    variants,
    matchingStrategy,
  });
}

/** One chunk being percolated: its documents as a segment, what is known about each, and plans shared by alerts. */
interface Chunk {
  index: KachiIndexImpl;
  written: readonly WrittenDocument[];
  facts: DocumentFacts[];
  candidates: Candidates;
  decision: DecisionContext;
  inverted: InvertedIndex;
  stats: FieldStatistics;
  variants: () => VariantSource;
  /** Plans by matching strategy and query: alerts saving the same search share one. */
  plans: Map<string, QueryPlan>;
}

/** Typo lookups of one chunk: each walks the whole term dictionary, so a word is looked up once for every alert. */
type TypoLookups = Map<string, Array<{ term: string; distance: number }>>;

function typoMatches(
  index: KachiIndexImpl,
  lookups: TypoLookups,
  term: string,
  maxDistance: number,
  limit: number,
): Array<{ term: string; distance: number }> {
  const key = `${term}\u0000${maxDistance}\u0000${limit}`;
  let found = lookups.get(key);
  if (found === undefined) lookups.set(key, (found = index.variants().typoMatches(term, maxDistance, limit)));
  return found;
}

/** The decision's view of the index for one chunk: typo variants as expand.ts's addTypos adds them. */
function decisionContext(
  index: KachiIndexImpl,
  candidates: Candidates,
  lookups: TypoLookups,
): DecisionContext {
  return {
    isRare: candidates.isRare,
    jamoOf: candidates.jamoOf,
    typoVariants: (typo: TypoWord) =>
      candidates.typoVariants(typo, index.variants(), () => {
        const matches = typoMatches(index, lookups, typo.word, typo.distance, TYPO_LIMIT);
        return new Set(matches.filter((m) => m.distance > 0).map((m) => m.term));
      }),
  };
}

/**
 * The index's variant source for one chunk. A typo or chosung lookup returns a bounded best few of the whole term
 * dictionary; when no term of the chunk is within reach, none of them is in the chunk and the lookup answers nothing
 * instead: the plan then matches the chunk exactly as the full plan would, without walking the dictionary once per
 * alert. Prefix lookups share one ranking across seeds, so they stay whole.
 */
function chunkVariants(
  index: KachiIndexImpl,
  facts: readonly DocumentFacts[],
  lookups: TypoLookups,
): () => VariantSource {
  const chosungNear = new Map<string, boolean>();
  const typoNear = new Map<string, boolean>();
  return () => {
    const full = index.variants();
    return {
      chosungMatches(chosung, options) {
        const key = chosungKey(chosung);
        let near = chosungNear.get(key);
        if (near === undefined)
          chosungNear.set(key, (near = facts.some((doc) => doc.chosungKeys().has(key))));
        return near ? full.chosungMatches(chosung, options) : [];
      },
      typoMatches(term, maxDistance, limit) {
        let near = typoNear.get(term);
        if (near === undefined) typoNear.set(term, (near = facts.some((doc) => doc.wordNear(term))));
        return near ? typoMatches(index, lookups, term, maxDistance, limit) : [];
      },
      jamoPrefixMatches: (partial, limit) => full.jamoPrefixMatches(partial, limit),
      keyboardAlternatives: (word) => full.keyboardAlternatives(word),
    };
  };
}

/**
 * The written documents as one small segment, numbered 0…n-1 in the order given. executePlan reads
 * `segments`, `indexedDocumentCount` and `docFreq` of the index it is handed (idf only shapes scores, which
 * percolation ignores): this view offers the chunk's segment with the real index's statistics.
 */
function chunkIndex(index: KachiIndexImpl, segment: Segment): InvertedIndex {
  const view: Pick<InvertedIndex, 'segments' | 'indexedDocumentCount' | 'docFreq' | 'live'> = {
    segments: [segment],
    indexedDocumentCount: index.inverted.indexedDocumentCount,
    docFreq: (term) => index.inverted.docFreq(term),
    live: new Bitset(0),
  };
  return view as unknown as InvertedIndex;
}

/** The chunk's documents (local numbers, from `locals`) the alert matches, each with the terms to highlight. */
function matchAlert(
  alert: Alert,
  keys: AlertKeys,
  locals: readonly number[],
  chunk: Chunk,
): Array<[number, ReadonlySet<string>]> {
  const out: Array<[number, ReadonlySet<string>]> = [];
  const planned: number[] = [];
  const fixed = new Set(keys.highlight);
  for (const local of locals) {
    const decision = decide(keys, chunk.facts[local]!, chunk.decision);
    if (decision === 'yes') out.push([local, fixed]);
    else if (decision === 'plan') planned.push(local);
  }
  if (planned.length === 0) return out;
  const planKey = `${alert.matchingStrategy}\u0000${alert.q}`;
  let plan = chunk.plans.get(planKey);
  if (plan === undefined)
    chunk.plans.set(planKey, (plan = planFor(chunk.index, alert.q, alert.matchingStrategy, chunk.variants)));
  // As search highlights: the units' variants.
  const variants = new Set(plan.units.flatMap((unit) => unit.variants.map((v) => v.term)));
  if (isEmptyPlan(plan)) for (const local of planned) out.push([local, variants]);
  else {
    const allowed = new Bitset(chunk.written.length);
    for (const local of planned) allowed.add(local);
    const context = {
      index: chunk.inverted,
      stats: chunk.stats,
      params: DEFAULT_BM25F,
      bigramWeight: BIGRAM_WEIGHT,
      allowed,
    };
    for (const candidate of executePlan(plan, context)) out.push([candidate.docNum, variants]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** The written documents matched by each candidate alert. */
export function percolate(options: PercolateOptions, written: readonly WrittenDocument[]): AlertMatch[] {
  const { index, alerts } = options;
  if (alerts.size === 0 || written.length === 0) return [];
  // The engine keeps no forward index: the write's own analysis when it was done ahead, else analysed again.
  const analysed = analyseDocuments(
    written.map((doc, local) => ({ docNum: local, document: doc.document })),
    index.fieldIds,
    index.analyzerFor(options.prepared ?? null),
  );
  const builder = new SegmentBuilder();
  const terms = analysed.map((doc) => {
    builder.add(doc);
    const distinct = new Set<string>();
    for (const field of doc.fields) forEachKey(field, (term) => distinct.add(term));
    return distinct;
  });
  const candidates = alerts.candidates(
    written.map((doc, local) => ({ docNum: local, terms: terms[local]! })),
    (term) => index.inverted.docFreq(term),
    index.inverted.indexedDocumentCount,
  );
  if (candidates.byAlert.size === 0) return [];
  const facts = terms.map((distinct) => new DocumentFacts(distinct, candidates.nearWords));
  const lookups: TypoLookups = new Map();
  const chunk: Chunk = {
    index,
    written,
    facts,
    candidates,
    decision: decisionContext(index, candidates, lookups),
    inverted: chunkIndex(index, builder.build()),
    stats: fieldStatistics(index.fieldIds.names(), (id) => index.inverted.averageFieldLength(id)),
    variants: chunkVariants(index, facts, lookups),
    plans: new Map(),
  };
  const filters = new FilterCache(index, written);
  const found: Array<{ alert: Alert; local: number; highlight: ReadonlySet<string> }> = [];
  for (const [uid, locals] of candidates.byAlert) {
    const alert = options.activeAlert(uid);
    const keys = alerts.keysOf(uid);
    if (alert === undefined || keys === undefined) continue;
    let passing: Bitset | null;
    try {
      passing = filters.passing(options.filterOf(alert));
    } catch (error) {
      options.onFilterError(alert, error);
      continue;
    }
    const allowed = passing === null ? locals : locals.filter((local) => passing.has(written[local]!.docNum));
    for (const [local, highlight] of matchAlert(alert, keys, allowed, chunk)) found.push({ alert, local, highlight });
  }
  const ranges = rangesOfMatched(index, written, analysed, found);
  return found.map(({ alert, local, highlight }) => {
    const doc = written[local]!;
    const keyed = ranges.get(local);
    const selected = keyed === undefined ? undefined : selectRanges(keyed, highlight);
    return { alert, docId: doc.id, ...formatMatch(index, highlight, doc.document, selected) };
  });
}

/**
 * Where each matched document holds the terms of any alert matching it, found in one pass per document (read
 * from the match tokens of the write's analysis): a document matched by several alerts is looked at once, not
 * once per alert. A document whose terms include one with a space (which highlighting matches over whole
 * values) is left out, to be highlighted per alert.
 */
function rangesOfMatched(
  index: KachiIndexImpl,
  written: readonly WrittenDocument[],
  analysed: readonly AnalysedDocument[],
  found: ReadonlyArray<{ local: number; highlight: ReadonlySet<string> }>,
): Map<number, KeyedMatchRanges> {
  const terms = new Map<number, Set<string>>();
  for (const { local, highlight } of found) {
    let union = terms.get(local);
    if (union === undefined) terms.set(local, (union = new Set()));
    for (const term of highlight) union.add(term);
  }
  const out = new Map<number, KeyedMatchRanges>();
  const { searchableAttributes } = index.settings;
  for (const [local, union] of terms)
    if (!termsSpanWords(union))
      out.set(local, highlightRanges(written[local]!.document, searchableAttributes, index.analyzer, union, analysed[local]!.matchTokens ?? null));
  return out;
}

/** Each distinct filter is evaluated once per chunk, by the index's filter engine over the written documents. */
class FilterCache {
  readonly #results = new Map<string, Bitset>();
  readonly #universe: Bitset;

  constructor(
    private readonly index: KachiIndexImpl,
    written: readonly WrittenDocument[],
  ) {
    this.#universe = new Bitset(0);
    for (const doc of written) this.#universe.add(doc.docNum);
  }

  /** Written documents passing `filter` (by document number), or null when there is no filter. */
  passing(filter: Filter | null): Bitset | null {
    if (filter === null) return null;
    const key = JSON.stringify(filter);
    let result = this.#results.get(key);
    if (result === undefined) {
      const node = parseFilter(filter, { code: 'invalid_search_filter' });
      result =
        node === null
          ? this.#universe
          : evaluateFilter(
              node,
              this.index.facets,
              this.#universe.clone(),
              this.index.settings.filterableAttributes,
            );
      this.#results.set(key, result);
    }
    return result;
  }
}
