// facetDistribution and facetStats of a search: value counts and numeric min/max within the hits.
import type { Bitset } from './bitset.ts';
import { KachiError } from '../errors.ts';
import { isSelected } from '../document-fields.ts';
import type { FacetStats } from '../search-types.ts';
import type { FacetField } from './facet-field.ts';
import { compareCodePoints, formatFacetNumber } from './facet-values.ts';
import type { FacetIndex } from './facets.ts';

export type FacetOrder = 'alpha' | 'count';

export interface FacetDistributionOptions {
  /** Values returned per facet, as Meilisearch's `faceting.maxValuesPerFacet`. Default 100. */
  maxValuesPerFacet?: number;
  /** Order per facet, `'*'` for the rest, as `faceting.sortFacetValuesBy`. Default `alpha`. */
  sortFacetValuesBy?: Record<string, FacetOrder>;
  /** When given, every requested facet must be filterable, else `invalid_search_facets`. */
  filterable?: readonly string[];
}

/**
 * Counts, per requested facet, how many of `docs` hold each value. Keys are shown as first written
 * ('Drama' for 'drama'), numbers as text. `['*']` means every faceted field; `author` also gives
 * `author.name`. `{장르: {드라마: 2, SF: 1}}`. Alpha order puts numbers first, then strings.
 */
export function facetDistribution(
  facets: FacetIndex,
  fields: readonly string[],
  docs: Bitset,
  options: FacetDistributionOptions = {},
): Record<string, Record<string, number>> {
  const max = options.maxValuesPerFacet ?? 100;
  const out: Record<string, Record<string, number>> = {};
  for (const path of resolveFacetFields(facets, fields, options.filterable)) {
    const field = facets.field(path);
    const order = options.sortFacetValuesBy?.[path] ?? options.sortFacetValuesBy?.['*'] ?? 'alpha';
    out[path] = field === undefined ? {} : distribution(facets, field, docs, order, max);
  }
  return out;
}

/** Min and max of the numeric values of each requested facet among `docs`; facets without numbers are left out. */
export function facetStats(
  facets: FacetIndex,
  fields: readonly string[],
  docs: Bitset,
  options: Pick<FacetDistributionOptions, 'filterable'> = {},
): Record<string, FacetStats> {
  const out: Record<string, FacetStats> = {};
  for (const path of resolveFacetFields(facets, fields, options.filterable)) {
    const field = facets.field(path);
    if (field === undefined) continue;
    const vids = field.numberRange(null, null);
    const hit = (vid: number): boolean => field.value(vid).docs.countIn(docs) > 0;
    let lo = 0;
    while (lo < vids.length && !hit(vids[lo]!)) lo++;
    if (lo === vids.length) continue;
    let hi = vids.length - 1;
    while (!hit(vids[hi]!)) hi--;
    out[path] = { min: field.value(vids[lo]!).key as number, max: field.value(vids[hi]!).key as number };
  }
  return out;
}

/** Requested facet names → faceted dot paths: `*` → all, `author` → `author.name`…; unknown names stay (empty). */
export function resolveFacetFields(facets: FacetIndex, fields: readonly string[], filterable?: readonly string[]): string[] {
  const out = new Set<string>();
  for (const name of fields) {
    if (name !== '*' && filterable !== undefined && !isSelected(name, filterable)) throw notFilterable(name, filterable);
    const matches = facets.fieldNames().filter((path) => {
      const field = facets.field(path)!;
      const selected = name === '*' ? filterable === undefined || isSelected(path, filterable) : isSelected(path, [name]);
      return selected && field.valueCount > 0;
    });
    if (matches.length === 0 && name !== '*') out.add(name);
    for (const path of matches) out.add(path);
  }
  return [...out];
}

function distribution(facets: FacetIndex, field: FacetField, docs: Bitset, order: FacetOrder, max: number): Record<string, number> {
  const counted = countValues(facets, field, docs);
  // `counted` is in alpha order; a stable sort by count keeps alpha order among equal counts.
  if (order === 'count') counted.sort((a, b) => b.count - a.count);
  const out: Record<string, number> = {};
  for (const { vid, count } of counted.slice(0, Math.max(0, max))) {
    const value = field.value(vid);
    const label = typeof value.key === 'number' ? formatFacetNumber(value.key) : value.original;
    out[label] = (out[label] ?? 0) + count;
  }
  return out;
}

/**
 * Values held by some of `docs`, with their counts, in alpha order. Walks whichever side is
 * smaller: the candidate documents' values (a 10-hit search over a 600k-value `id` facet takes
 * 10 steps), or every value's postings (a broad search over a 20-value `genre` facet).
 */
function countValues(facets: FacetIndex, field: FacetField, docs: Bitset): Array<{ vid: number; count: number }> {
  const hits = docs.count();
  if (hits > Math.max(field.valueCount, DOC_WALK_LIMIT)) {
    const out: Array<{ vid: number; count: number }> = [];
    for (const vid of field.sortedValueIds()) {
      const count = field.value(vid).docs.countIn(docs);
      if (count > 0) out.push({ vid, count });
    }
    return out;
  }
  const fieldId = facets.fieldId(field.name);
  const counts = new Map<number, number>();
  for (const doc of docs) {
    for (const vid of facets.valueIdsOf(doc)) {
      if (facets.value(vid)?.field === fieldId) counts.set(vid, (counts.get(vid) ?? 0) + 1);
    }
  }
  const out = [...counts].map(([vid, count]) => ({ vid, count }));
  return out.sort((a, b) => alphaOrder(field.value(a.vid).key, field.value(b.vid).key));
}

/** Below this many hits, walking the hits' values is always cheap enough. */
const DOC_WALK_LIMIT = 2048;

/** Meilisearch's alpha order: numbers ascending first, then strings by code point. */
function alphaOrder(a: string | number, b: string | number): number {
  if (typeof a === 'number') return typeof b === 'number' ? a - b : -1;
  return typeof b === 'number' ? 1 : compareCodePoints(a, b);
}

function notFilterable(name: string, filterable: readonly string[]): KachiError {
  const sorted = [...filterable].sort();
  const available =
    sorted.length === 0
      ? 'This index does not have configured filterable attributes.'
      : sorted.length === 1
        ? `The available filterable attribute is \`${sorted[0]}\`.`
        : `The available filterable attributes are \`${sorted.join(', ')}\`.`;
  return new KachiError('invalid_search_facets', `Invalid facet distribution, attribute \`${name}\` is not filterable. ${available}`);
}
