// A page of hits formatted (`_formatted`, `_matchesPosition`): the words of each hit that hold a query term are
// found again by analysis (match-ranges.ts), then highlighted and cropped (format-hit.ts). It needs no index,
// only the documents, the query's terms and an analyzer of the index's configuration, so the server runs it on
// the format thread (format-thread.ts) while its own thread ranks the next search.
import type { BatchAnalyzer } from '../analysis/types.ts';
import type { Document, SearchRequest } from '../search-types.ts';
import { formatHit, type FormatHitOptions, type FormattedHit } from './format-hit.ts';
import { highlightRangesOf } from './match-ranges.ts';

export interface FormatJob {
  documents: Document[];
  /** The index's searchable attributes: where matches are looked for. */
  searchable: string[];
  /** Index keys of the query's terms (units' variants). */
  terms: string[];
  /**
   * Which of the terms each document may hold, when ranking knows: `unitTerms[u]` are unit u's variants, and
   * bit u of `unitMasks[d]` is set when document d matched unit u (units past 31 share bit 31, as in a
   * Candidate's unitMask). A unit a document did not match has none of its terms in it, so its words are
   * not looked for there. Absent: every document is searched for every term.
   */
  unitTerms?: string[][];
  unitMasks?: number[];
  /** Each document's match tokens as stored at indexing (index/match-tokens.ts), or null: it is analysed again. */
  matchTokens?: Array<Uint8Array | null>;
  options: FormatHitOptions;
}

/** Whether `request` asks for any formatting at all. */
export function wantsFormatting(request: SearchRequest): boolean {
  return (request.attributesToHighlight?.length ?? 0) > 0 || (request.attributesToCrop?.length ?? 0) > 0 || request.showMatchesPosition === true;
}

/** The formatting options of `request`, alone (a job crosses threads: no query, filter or other fields). */
export function formatOptionsOf(request: SearchRequest, displayedAttributes: readonly string[]): FormatHitOptions {
  const options: FormatHitOptions = { displayedAttributes: [...displayedAttributes] };
  if (request.attributesToRetrieve !== undefined) options.attributesToRetrieve = request.attributesToRetrieve;
  if (request.attributesToHighlight !== undefined) options.attributesToHighlight = request.attributesToHighlight;
  if (request.attributesToCrop !== undefined) options.attributesToCrop = request.attributesToCrop;
  if (request.cropLength !== undefined) options.cropLength = request.cropLength;
  if (request.cropMarker !== undefined) options.cropMarker = request.cropMarker;
  if (request.highlightPreTag !== undefined) options.highlightPreTag = request.highlightPreTag;
  if (request.highlightPostTag !== undefined) options.highlightPostTag = request.highlightPostTag;
  if (request.showMatchesPosition !== undefined) options.showMatchesPosition = request.showMatchesPosition;
  return options;
}

/** The formatted fields of each document of `job`, in order. */
export function formatDocuments(job: FormatJob, analyzer: BatchAnalyzer): FormattedHit[] {
  const matches = highlightRangesOf(job.documents, job.searchable, analyzer, termsToFind(job), job.matchTokens);
  return job.documents.map((document, i) => formatHit(document, matches[i]!, job.options));
}

/** Per document, the terms of the units it matched (one set per distinct mask), or else all terms. */
function termsToFind(job: FormatJob): Array<ReadonlySet<string>> {
  const { unitTerms, unitMasks } = job;
  if (unitTerms === undefined || unitMasks === undefined) {
    const all = new Set(job.terms);
    return job.documents.map(() => all);
  }
  const byMask = new Map<number, Set<string>>();
  return unitMasks.map((mask) => {
    let set = byMask.get(mask);
    if (set === undefined) {
      set = new Set();
      unitTerms.forEach((terms, u) => {
        if (((mask >>> Math.min(u, 31)) & 1) === 1) for (const term of terms) set!.add(term);
      });
      byMask.set(mask, set);
    }
    return set;
  });
}
