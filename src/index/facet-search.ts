// Facet search (Meilisearch's POST /indexes/:uid/facet-search): the values of one facet that start
// with what the user typed, counted within the matching documents. Case- and accent-insensitive,
// and Korean-aware: half-typed syllables ('들' while typing 드라마) and chosung ('ㄷㄹ') both match.
import { getChoseong } from 'es-hangul';
import type { Bitset } from './bitset.ts';
import type { FacetValue } from './facet-field.ts';
import type { FacetOrder } from './facet-distribution.ts';
import type { FacetIndex } from './facets.ts';

export interface FacetSearchOptions {
  /** Most hits returned, as Meilisearch's `faceting.maxFacetHits`… default 100. */
  maxFacetHits?: number;
  /** `alpha` (default) or `count`, as `faceting.sortFacetValuesBy` for this facet. */
  sortFacetValuesBy?: FacetOrder;
}

export interface FacetHit {
  value: string;
  count: number;
}

/**
 * The string values of `field` held by some of `docs` and matching `facetQuery` as a prefix.
 * 'ㄷㄹ' → '드라마' (chosung), '들' → '드라마' (the ㄹ may still become the next syllable's initial),
 * 'cafe' → 'Café'. A blank or null query lists every value. The caller checks that `field` is filterable.
 */
export function facetSearch(
  facets: FacetIndex,
  field: string,
  facetQuery: string | null | undefined,
  docs: Bitset,
  options: FacetSearchOptions = {},
): FacetHit[] {
  const facet = facets.field(field);
  if (facet === undefined) return [];
  const matches = compileQuery(facetQuery ?? '');
  const hits: Array<FacetHit & { key: string }> = [];
  for (const vid of facet.stringRange(null, null)) {
    const value = facet.value(vid);
    if (!matches(value)) continue;
    const count = value.docs.countIn(docs);
    if (count > 0) hits.push({ value: value.original, count, key: value.key as string });
  }
  // stringRange is already in alpha order; a stable sort keeps it for equal counts.
  if (options.sortFacetValuesBy === 'count') hits.sort((a, b) => b.count - a.count);
  return hits.slice(0, options.maxFacetHits ?? 100).map(({ value, count }) => ({ value, count }));
}

/** Folds for prefix matching: NFKD splits accents and Hangul syllables, accents are dropped. 'Café' → 'cafe'. */
export function foldForSearch(text: string): string {
  return text.trim().toLowerCase().normalize('NFKD').replace(/\p{Mn}/gu, '');
}

const folded = new WeakMap<FacetValue, { text: string; chosung: string }>();

function compileQuery(query: string): (value: FacetValue) => boolean {
  const prefixes = [foldForSearch(query)];
  const open = reopenLastSyllable(query.trim());
  if (open !== null) prefixes.push(foldForSearch(open));
  const compact = query.replace(/\s+/g, '');
  const chosung = /^[\u3131-\u314e]+$/.test(compact) ? compact : null;
  return (value) => {
    let entry = folded.get(value);
    if (entry === undefined) {
      entry = { text: foldForSearch(value.original), chosung: getChoseong(value.original).replace(/\s+/g, '') };
      folded.set(value, entry);
    }
    const { text, chosung: initials } = entry;
    return prefixes.some((prefix) => text.startsWith(prefix)) || (chosung !== null && initials.startsWith(chosung));
  };
}

// Final consonant index (1–27) → [final kept on the syllable, initial consonant index (0–18)].
// A Korean IME shows '들' after typing ㄷㅡㄹ; the ㄹ becomes 라's initial once ㅏ is typed.
const SPLIT_FINAL: ReadonlyArray<readonly [number, number]> = [
  [0, 0], [0, 0], [0, 1], [1, 9], [0, 2], [4, 12], [4, 18], [0, 3], [0, 5], [8, 0], [8, 6], [8, 7], [8, 9], [8, 16],
  [8, 17], [8, 18], [0, 6], [0, 7], [17, 9], [0, 9], [0, 10], [0, 11], [0, 12], [0, 14], [0, 15], [0, 16], [0, 17], [0, 18],
];

/** '들' → '드' + initial ㄹ; '닭' → '달' + initial ㄱ; null when the query does not end in a closed syllable. */
function reopenLastSyllable(query: string): string | null {
  const last = query.charCodeAt(query.length - 1);
  if (!(last >= 0xac00 && last <= 0xd7a3)) return null;
  const final = (last - 0xac00) % 28;
  if (final === 0) return null;
  const [kept, initial] = SPLIT_FINAL[final]!;
  return query.slice(0, -1) + String.fromCharCode(last - final + kept, 0x1100 + initial);
}
