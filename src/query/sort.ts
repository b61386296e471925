// The `sort` search parameter: parsing `field:asc` rules with Meilisearch's errors, and a document
// comparator that reads sort values from the facet index.
import { isSelected } from '../document-fields.ts';
import { KachiError } from '../errors.ts';
import { compareCodePoints } from '../index/facet-values.ts';
import type { FacetIndex } from '../index/facets.ts';

export interface SortRule {
  field: string;
  direction: 'asc' | 'desc';
}

/**
 * `['가격:asc', 'author.name:desc']` → rules, checked against `sortable` (`author` covers `author.name`).
 * Throws KachiError(`invalid_search_sort`) with Meilisearch's messages.
 */
export function parseSort(sort: readonly string[], sortable: readonly string[]): SortRule[] {
  return sort.map((text) => {
    const colon = text.lastIndexOf(':');
    const direction = colon < 0 ? '' : text.slice(colon + 1);
    if (direction !== 'asc' && direction !== 'desc') {
      throw new KachiError('invalid_search_sort', `Invalid syntax for the sort parameter: expected expression ending by \`:asc\` or \`:desc\`, found \`${text}\`.`);
    }
    const field = text.slice(0, colon);
    checkReserved(field);
    if (!isSelected(field, sortable)) {
      const available =
        sortable.length === 0
          ? 'This index does not have configured sortable attributes.'
          : `Available sortable attributes are: \`${[...sortable].sort().join(', ')}\`.`;
      throw new KachiError('invalid_search_sort', `Attribute \`${field}\` is not sortable. ${available}`);
    }
    return { field, direction };
  });
}

function checkReserved(field: string): void {
  if (field.startsWith('_geoPoint(')) {
    throw new KachiError('invalid_search_sort', `Sorting by \`_geoPoint\` is not supported: Kachi has no geo index yet. Sort on a numeric attribute instead.`);
  }
  if (field === '_geo' || field === '_geoRadius' || field === '_geoBoundingBox') {
    throw new KachiError('invalid_search_sort', `\`${field}\` is a reserved keyword and thus can't be used as a sort expression. Use the _geoPoint(latitude, longitude) built-in rule to sort on _geo field coordinates.`);
  }
  if (field === '_geoDistance') {
    throw new KachiError('invalid_search_sort', `\`${field}\` is a reserved keyword and thus can't be used as a sort expression.`);
  }
}

/** A document's sort value for one rule: numbers rank before strings, missing values last. */
interface SortKey {
  group: 0 | 1 | 2;
  number: number;
  text: string;
}

const MISSING: SortKey = { group: 2, number: 0, text: '' };

/**
 * A comparator of internal document numbers for `rules`, caching each document's keys.
 * Like Meilisearch: numbers before strings in both directions, strings by code point of their
 * normalized form, documents missing the field last; an array sorts by its smallest value
 * ascending and by its largest descending. Ties return 0, for the next ranking rule to break.
 */
export function createSortComparator(facets: FacetIndex, rules: readonly SortRule[]): (a: number, b: number) => number {
  const fieldIds = rules.map((rule) => facets.fieldId(rule.field));
  const cache = new Map<number, SortKey[]>();
  const keysOf = (doc: number): SortKey[] => {
    let keys = cache.get(doc);
    if (keys === undefined) {
      keys = rules.map((rule, i) => sortKey(facets, doc, fieldIds[i], rule.direction));
      cache.set(doc, keys);
    }
    return keys;
  };
  return (a, b) => {
    const keysA = keysOf(a);
    const keysB = keysOf(b);
    for (let i = 0; i < rules.length; i++) {
      const order = compareKeys(keysA[i]!, keysB[i]!, rules[i]!.direction);
      if (order !== 0) return order;
    }
    return 0;
  };
}

/** One-off comparison of two documents; prefer `createSortComparator` when sorting many. */
export function compareBySort(facets: FacetIndex, rules: readonly SortRule[], a: number, b: number): number {
  return createSortComparator(facets, rules)(a, b);
}

function compareKeys(a: SortKey, b: SortKey, direction: 'asc' | 'desc'): number {
  if (a.group !== b.group) return a.group - b.group;
  const order = a.group === 0 ? a.number - b.number : a.group === 1 ? compareCodePoints(a.text, b.text) : 0;
  return direction === 'asc' ? order : -order;
}

function sortKey(facets: FacetIndex, doc: number, fieldId: number | undefined, direction: 'asc' | 'desc'): SortKey {
  if (fieldId === undefined) return MISSING;
  let best: SortKey = MISSING;
  const better = direction === 'asc' ? -1 : 1;
  for (const vid of facets.valueIdsOf(doc)) {
    const value = facets.value(vid);
    if (value === undefined || value.field !== fieldId) continue;
    const key: SortKey = typeof value.key === 'number' ? { group: 0, number: value.key, text: '' } : { group: 1, number: 0, text: value.key };
    if (key.group < best.group || (key.group === best.group && Math.sign(compareKeys(key, best, 'asc')) === better)) best = key;
  }
  return best;
}
