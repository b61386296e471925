// One matched document as an alert delivers it: the displayed attributes and `_formatted` highlights, as a
// search hit would show them, plus the hash that decides whether a re-written document fires again.
import { createHash } from 'node:crypto';
import { flattenValues } from '../document-fields.ts';
import type { KachiIndexImpl } from '../kachi-index.ts';
import { formatHit } from '../query/format-hit.ts';
import { highlightRanges, type MatchRanges } from '../query/match-ranges.ts';
import { pickAttributes } from '../query/retrieve.ts';
import type { Document } from '../search-types.ts';
import type { AlertHit } from './types.ts';

export interface FormattedMatch {
  hit: AlertHit;
  /**
   * SHA-256 of what matched: the searchable values where the query matched (path and text), or, for an alert
   * without words, the displayed document. A document re-written with the same matched text keeps its hash,
   * so it does not fire again; a change elsewhere in the document does not count as a new match.
   */
  hash: string;
}

/**
 * The hit of `document` on `index`, highlighting the query's `terms` (the plan's variants), or the `ranges` of
 * those terms when already found.
 */
export function formatMatch(
  index: KachiIndexImpl,
  terms: ReadonlySet<string>,
  document: Document,
  ranges?: MatchRanges,
): FormattedMatch {
  const { settings } = index;
  const hit: AlertHit = pickAttributes(document, ['*'], settings.displayedAttributes);
  const matches = ranges ?? highlightRanges(document, settings.searchableAttributes, index.analyzer, terms);
  // `_formatted` keeps only the attributes where the query matched: the rest is already in the hit.
  const { _formatted: formatted = {} } = formatHit(document, matches, {
    attributesToHighlight: ['*'],
    displayedAttributes: settings.displayedAttributes,
  });
  const matchedTop = new Set([...matches.keys()].map((key) => key.slice(0, key.search(/[.#]/))));
  hit._formatted = Object.fromEntries(Object.entries(formatted).filter(([key]) => matchedTop.has(key)));
  const matched = flattenValues(document, settings.searchableAttributes)
    .filter((value) => matches.has(`${value.path}#${value.valueIndex}`))
    .map((value) => [value.path, value.text]);
  const basis = matched.length > 0 ? matched : pickAttributes(document, ['*'], settings.displayedAttributes);
  return { hit, hash: createHash('sha256').update(JSON.stringify(basis)).digest('base64url') };
}
